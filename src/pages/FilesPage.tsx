export function FilesPage() {
  return (
    <section>
      <h1>Files</h1>
    </section>
  );
}
