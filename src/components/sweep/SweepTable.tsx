import { Link } from 'react-router';
import type { ArgumentValue, JobStatus } from '../../api/types.ts';
import { numericValue, type SweepRow, type TaggedJob } from '../../sweep/rows.ts';
import { ProgressBar } from '../ProgressBar.tsx';
import { StateBadge } from '../StateBadge.tsx';

interface SweepTableProps<J extends TaggedJob> {
  rows: SweepRow<J>[];
  inputs: string[];
  outputKeys: string[];
  statuses: Record<string, JobStatus | undefined>;
  outputs: Record<string, Record<string, ArgumentValue>>;
  titleOf(key: string): string;
  /** Job ids being retried right now. */
  retrying: ReadonlySet<string>;
  onRetry(row: SweepRow<J>): void;
  /** The page of a row's job (a solver job, or the job a function job wraps), when it has one. */
  hrefOf(entry: J): string | null;
}

/** One row per job of the sweep: swept inputs, state, progress, numeric outputs, and a retry for failures. */
export function SweepTable<J extends TaggedJob>({
  rows,
  inputs,
  outputKeys,
  statuses,
  outputs,
  titleOf,
  retrying,
  onRetry,
  hrefOf,
}: SweepTableProps<J>) {
  return (
    <div className="overflow-auto">
      <table className="sweep-table">
        <caption>Jobs of the sweep, one per combination of the swept inputs</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            {inputs.map((key) => (
              <th key={key} scope="col">
                {titleOf(key)}
              </th>
            ))}
            <th scope="col">State</th>
            <th scope="col">Progress</th>
            {outputKeys.map((key) => (
              <th key={key} scope="col">
                {titleOf(key)}
              </th>
            ))}
            <th scope="col">Job</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const { job } = row.current;
            const href = hrefOf(row.current);
            const status = statuses[job.id];
            const results = outputs[job.id];
            const failed = status?.state === 'FAILED' || status?.state === 'ABORTED';
            return (
              <tr key={row.index}>
                <th scope="row">{row.index + 1}</th>
                {inputs.map((key) => (
                  <td key={key}>{row.values[key] ?? '–'}</td>
                ))}
                <td>
                  {status ? <StateBadge state={status.state} /> : <span aria-busy="true">inspecting…</span>}
                  {row.replaced.length > 0 && (
                    <small className="sweep-attempt"> attempt {row.current.tag.attempt}</small>
                  )}
                </td>
                <td>
                  <ProgressBar value={status?.progress ?? 0} label={`Progress of job ${row.index + 1}`} />
                </td>
                {outputKeys.map((key) => (
                  <td key={key}>{results ? (numericValue(results[key]) ?? '–') : ''}</td>
                ))}
                <td className="sweep-row-actions">
                  {href ? (
                    <Link to={href} aria-label={`Job ${row.index + 1}: ${job.id}`}>
                      {job.id.slice(0, 8)}
                    </Link>
                  ) : (
                    <code>{job.id.slice(0, 8)}</code>
                  )}
                  {failed && (
                    <button
                      type="button"
                      className="secondary small-button"
                      disabled={retrying.has(job.id)}
                      aria-busy={retrying.has(job.id)}
                      onClick={() => onRetry(row)}
                    >
                      Retry<span className="visually-hidden"> job {row.index + 1}</span>
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
