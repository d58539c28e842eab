import { fileContentUrl } from '../api/files.ts';
import type { ArgumentValue, SolverPort } from '../api/types.ts';
import { isOsparcFile } from '../api/types.ts';
import { DownloadLink } from './DownloadLink.tsx';
import { PortRowHeader } from './PortRowHeader.tsx';
import { formatPortValue, orderedKeys, portsByKey, portTitle, portUnit } from './port-values.ts';
import { TableScroll } from './TableScroll.tsx';

interface InputsTableProps {
  values: Record<string, ArgumentValue>;
  /** The release's input ports, for titles and units (optional: keys alone also do). */
  ports?: readonly SolverPort[];
}

/** The values a job ran with; file inputs link to their file's download. */
export function InputsTable({ values, ports }: InputsTableProps) {
  const keys = orderedKeys(values, ports);
  if (!keys.length) return <p>The job ran with no input values (every input took its default).</p>;
  const byKey = portsByKey(ports);
  return (
    <TableScroll label="Input values">
      <table className="striped">
        <thead>
          <tr>
            <th scope="col">Input</th>
            <th scope="col">Value</th>
            <th scope="col">Unit</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const value = values[key];
            const port = byKey.get(key);
            const title = portTitle(port, key);
            return (
              <tr key={key}>
                <PortRowHeader title={title} portKey={key} />
                <td>
                  {isOsparcFile(value) ? (
                    <DownloadLink
                      href={fileContentUrl(value.id)}
                      filename={value.filename}
                      label={`Download input ${key}: ${value.filename}`}
                    >
                      {value.filename}
                    </DownloadLink>
                  ) : (
                    <span className="port-value">{formatPortValue(value)}</span>
                  )}
                </td>
                <td>{isOsparcFile(value) ? (value.content_type ?? '') : (portUnit(port) ?? '')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
