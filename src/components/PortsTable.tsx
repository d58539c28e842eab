import type { SolverPort } from '../api/types.ts';
import { unitSymbol } from '../lib/units.ts';
import { portRangeLabel, portTypeLabel } from './port-form/port-schema.ts';
import { TableScroll } from './TableScroll.tsx';

function defaultLabel(port: SolverPort): string {
  const value = port.content_schema?.default;
  return value === undefined ? '' : JSON.stringify(value);
}

/** A release's ports of one kind: key, title and description, type (with file media type), unit, range, default. */
export function PortsTable({ ports, caption }: { ports: SolverPort[]; caption: string }) {
  if (ports.length === 0) {
    return (
      <p>
        <strong>{caption}:</strong> none.
      </p>
    );
  }
  return (
    <TableScroll label={`${caption} ports`}>
      <table className="ports-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Port</th>
            <th scope="col">Title</th>
            <th scope="col">Type</th>
            <th scope="col">Unit</th>
            <th scope="col">Range</th>
            <th scope="col">Default</th>
          </tr>
        </thead>
        <tbody>
          {ports.map((port) => {
            const schema = port.content_schema;
            return (
              <tr key={port.key}>
                <th scope="row">
                  <code>{port.key}</code>
                </th>
                <td>
                  {schema?.title ?? port.key}
                  {schema?.description && (
                    <>
                      <br />
                      <small className="port-description">{schema.description}</small>
                    </>
                  )}
                </td>
                <td>{portTypeLabel(schema)}</td>
                <td>{unitSymbol(schema?.x_unit)}</td>
                <td>{portRangeLabel(schema)}</td>
                <td>{defaultLabel(port) && <code>{defaultLabel(port)}</code>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
