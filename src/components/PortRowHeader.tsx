/** A table row's header naming a port: its title, and its key beside it when they differ. */
export function PortRowHeader({ title, portKey }: { title: string; portKey: string }) {
  return (
    <th scope="row">
      {title}
      {title !== portKey && <small className="port-key"> {portKey}</small>}
    </th>
  );
}
