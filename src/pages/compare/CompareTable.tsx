import { Link } from 'react-router';
import { previewKindOf } from '../../api/file-content.ts';
import type { JobStatus } from '../../api/types.ts';
import { FileDiff } from '../../components/FileDiff.tsx';
import { StateBadge } from '../../components/StateBadge.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import type { CompareRow } from './compare-rows.ts';

/** A row of differing text files, each small enough to be read: their lines can be compared. */
function isTextFileRow(row: CompareRow): boolean {
  return (
    row.differs &&
    row.cells.length > 1 &&
    row.cells.every((cell) => cell.kind === 'file' && ['text', 'table'].includes(previewKindOf(cell.file) ?? ''))
  );
}

/** A compared job's column. */
export interface CompareColumn {
  jobId: string;
  href: string;
  note?: string;
}

/** Inputs or outputs of the compared jobs, one column per job, the rows that differ marked. */
export function CompareTable({
  caption,
  columns,
  statuses,
  rows,
  only,
  empty = 'Nothing to compare.',
}: {
  caption: string;
  /** One per compared job: its id, its page, and a note (e.g. its release). */
  columns: CompareColumn[];
  statuses: (JobStatus | undefined)[];
  rows: CompareRow[];
  only: boolean;
  empty?: string;
}) {
  const shown = only ? rows.filter((row) => row.differs) : rows;
  const differing = rows.filter((row) => row.differs).length;
  return (
    <section aria-label={caption}>
      <h2>{caption}</h2>
      <p>
        {rows.length === 0
          ? empty
          : differing === 0
            ? `All ${rows.length} ${caption.toLowerCase()} are the same.`
            : `${differing} of ${rows.length} ${caption.toLowerCase()} differ.`}
      </p>
      {shown.length > 0 && (
        <TableScroll label={`${caption} compared`}>
          <table className="compare-table">
            <caption className="visually-hidden">{caption} of the compared jobs, one column per job</caption>
            <thead>
              <tr>
                <th scope="col">{caption === 'Inputs' ? 'Input' : 'Output'}</th>
                {columns.map((column, index) => {
                  const status = statuses[index];
                  return (
                    <th scope="col" key={column.jobId}>
                      <Link to={column.href} aria-label={`Job ${column.jobId}`}>
                        <code>{column.jobId.slice(0, 8)}</code>
                      </Link>{' '}
                      {column.note && <small>{column.note}</small>} {status && <StateBadge state={status.state} />}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={row.key} className={row.differs ? 'differs' : undefined}>
                  <th scope="row">
                    {row.differs && (
                      <span className="differs-marker" aria-hidden="true">
                        ≠{' '}
                      </span>
                    )}
                    {row.title}
                    {row.title !== row.key && <small className="port-key"> {row.key}</small>}
                    {row.unit && <small> ({row.unit})</small>}
                    {row.differs && <span className="visually-hidden"> (values differ)</span>}
                  </th>
                  {row.cells.map((cell, index) => (
                    <td key={columns[index]?.jobId ?? index} className={`compare-${cell.kind}`}>
                      {cell.kind === 'missing' ? <em>{cell.text}</em> : <span className="port-value">{cell.text}</span>}
                      {cell.kind === 'file' && (
                        <small className="file-checksum" title={cell.file.checksum ?? 'no checksum'}>
                          {' '}
                          {cell.file.checksum ? `checksum ${cell.file.checksum.slice(0, 8)}` : 'no checksum'}
                        </small>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {shown.filter(isTextFileRow).map((row) => (
        <details key={row.key} className="compare-diff">
          <summary>Differences in {row.title}</summary>
          <FileDiff
            sides={row.cells.flatMap((cell, index) =>
              cell.kind === 'file'
                ? [{ label: `job ${columns[index]?.jobId.slice(0, 8) ?? index + 1}`, file: cell.file }]
                : [],
            )}
          />
        </details>
      ))}
    </section>
  );
}
