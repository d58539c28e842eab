import { lazy, Suspense, useId, useState } from 'react';
import type { ArgumentValue, JobStatus } from '../../api/types.ts';
import { saveBlob } from '../../lib/download.ts';
import { numericValue, type SweepRow, sweepCsv, type TaggedJob } from '../../sweep/rows.ts';
import { SweepTable } from './SweepTable.tsx';

// uPlot is only needed once there is something to plot.
const SweepPlot = lazy(() => import('../SweepPlot.tsx').then((module) => ({ default: module.SweepPlot })));

export interface SweepResultsProps<J extends TaggedJob> {
  /** "Jobs" or "Function jobs": what one row is. */
  jobsHeading: string;
  rows: SweepRow<J>[];
  inputs: string[];
  outputKeys: string[];
  statuses: Record<string, JobStatus | undefined>;
  outputs: Record<string, Record<string, ArgumentValue>>;
  titleOf(key: string): string;
  hrefOf(entry: J): string | null;
  /** Runs a failed row's job again; the message says which row when it cannot. */
  retry(row: SweepRow<J>): Promise<void>;
  retryFailed(row: SweepRow<J>, error: unknown): string;
  /** The CSV download's file name. */
  csvName: string;
  /** What the plot section says before there is anything to plot. */
  nothingToPlot: string;
}

/**
 * The results of a sweep, whichever way it ran (labelled jobs or a function-job collection):
 * the table of its jobs with a retry for failures, the CSV download, and the plot.
 */
export function SweepResults<J extends TaggedJob>(props: SweepResultsProps<J>) {
  const { rows, inputs, outputKeys, statuses, outputs, titleOf } = props;
  const jobsHeading = useId();
  const plotHeading = useId();
  const [retrying, setRetrying] = useState<ReadonlySet<string>>(new Set());
  const [retryError, setRetryError] = useState<string | null>(null);

  async function retry(row: SweepRow<J>) {
    const id = row.current.job.id;
    setRetryError(null);
    setRetrying((ids) => new Set([...ids, id]));
    try {
      await props.retry(row);
    } catch (error) {
      setRetryError(props.retryFailed(row, error));
    } finally {
      setRetrying((ids) => new Set([...ids].filter((other) => other !== id)));
    }
  }

  const plotRows = rows.map((row) => {
    const results = outputs[row.current.job.id] ?? {};
    return {
      values: row.values,
      outputs: Object.fromEntries(outputKeys.map((key) => [key, numericValue(results[key])])),
    };
  });

  return (
    <>
      <section aria-labelledby={jobsHeading}>
        <h2 id={jobsHeading}>{props.jobsHeading}</h2>
        {retryError && (
          <p role="alert" className="error-box">
            {retryError}
          </p>
        )}
        <SweepTable
          rows={rows}
          inputs={inputs}
          outputKeys={outputKeys}
          statuses={statuses}
          outputs={outputs}
          titleOf={titleOf}
          retrying={retrying}
          onRetry={(row) => void retry(row)}
          hrefOf={props.hrefOf}
        />
        <button
          type="button"
          className="secondary"
          onClick={() =>
            saveBlob(
              new Blob([sweepCsv({ inputs, outputKeys, rows, statuses, outputs })], { type: 'text/csv;charset=utf-8' }),
              props.csvName,
            )
          }
        >
          Download CSV
        </button>
      </section>

      <section aria-labelledby={plotHeading}>
        <h2 id={plotHeading}>Plot</h2>
        {outputKeys.length === 0 || inputs.length === 0 ? (
          <p>{props.nothingToPlot}</p>
        ) : (
          <Suspense fallback={<p aria-busy="true">Loading the plot…</p>}>
            <SweepPlot inputs={inputs} outputKeys={outputKeys} rows={plotRows} titleOf={titleOf} />
          </Suspense>
        )}
      </section>
    </>
  );
}
