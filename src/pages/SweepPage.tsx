import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../api/client.ts';
import { hasStopped } from '../api/job-status.ts';
import { solverShortName, useSolverPorts } from '../api/solvers.ts';
import {
  invalidateSweep,
  retrySweepJob,
  type SweepJob,
  useSweepJobs,
  useSweepOutputs,
  useSweepStatuses,
} from '../api/sweeps.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { NotifyWhenEndsButton, useCompletionNotice } from '../components/CompletionNotice.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { portTitle } from '../components/port-values.ts';
import { QueryError } from '../components/QueryError.tsx';
import { SweepResults } from '../components/sweep/SweepResults.tsx';
import { paths } from '../paths.ts';
import { numericOutputKeys, type SweepRow, sweepRows } from '../sweep/rows.ts';

/** `/sweeps/:sweepId`: the jobs of a parameter sweep, found by their metadata on the API host. */
export function SweepPage() {
  const sweepId = useParams().sweepId ?? '';
  const jobs = useSweepJobs(sweepId);
  const list = jobs.data ?? [];

  if (jobs.isPending) {
    return (
      <section aria-busy="true">
        <h1>Sweep</h1>
        <p>Finding the sweep's jobs on the API host…</p>
      </section>
    );
  }
  if (jobs.isError) {
    return (
      <section>
        <h1>Sweep</h1>
        <QueryError error={jobs.error} title="Could not read the sweep's jobs" />
      </section>
    );
  }
  if (list.length === 0) {
    return (
      <section>
        <h1>Sweep</h1>
        <p>
          No job on the API host belongs to the sweep <code>{sweepId}</code>. Its jobs may have been deleted.
        </p>
        <p>
          <Link to={paths.sweeps.getHref()}>All sweeps</Link>
        </p>
      </section>
    );
  }
  return <SweepView sweepId={sweepId} jobs={list} />;
}

function SweepView({ sweepId, jobs }: { sweepId: string; jobs: SweepJob[] }) {
  const queryClient = useQueryClient();
  const first = jobs[0] as SweepJob;
  const { solverKey, version } = first.ref;
  const ports = useSolverPorts(solverKey, version);
  const rows = useMemo(() => sweepRows(jobs), [jobs]);
  const current = useMemo(() => rows.map((row) => row.current), [rows]);
  const statusesQuery = useSweepStatuses(sweepId, current);
  const statuses = statusesQuery.data ?? {};
  const outputs = useSweepOutputs(current, statusesQuery.data);

  const inputs = first.tag.inputs;
  const size = Math.max(first.tag.size, rows.length);
  const outputKeys = numericOutputKeys(outputs);
  const titleOf = (key: string) =>
    portTitle(
      ports.data?.find((port) => port.key === key),
      key,
    );

  const stopped = current.filter(({ job }) => hasStopped(statuses[job.id])).length;
  const failed = current.filter(({ job }) => ['FAILED', 'ABORTED'].includes(statuses[job.id]?.state ?? '')).length;
  const meanProgress =
    current.reduce((sum, { job }) => sum + (statuses[job.id]?.progress ?? 0), 0) / Math.max(1, current.length);
  const solverName = solverShortName(solverKey);
  const notice = useCompletionNotice(stopped, current.length, `${solverName} sweep`, {
    outcome: failed ? `${failed} of ${current.length} jobs failed` : `All ${current.length} jobs ended`,
    succeeded: failed === 0,
  });
  const missing = size - rows.length;

  async function retry(row: SweepRow<SweepJob>) {
    await retrySweepJob(row.current);
    await invalidateSweep(queryClient, sweepId);
  }

  return (
    <section className="sweep-page">
      <Breadcrumb trail={[{ to: paths.sweeps.getHref(), label: 'Sweeps' }]} current={`Sweep ${sweepId.slice(0, 8)}`} />
      <hgroup>
        <h1>Sweep of {solverName}</h1>
        <p>
          {inputs.map(titleOf).join(' × ')} · {size} jobs ·{' '}
          <Link to={paths.solverRelease.getHref(solverKey, version)}>
            {solverKey} {version}
          </Link>
        </p>
      </hgroup>

      <section aria-labelledby="sweep-progress-heading">
        <h2 id="sweep-progress-heading">Progress</h2>
        <ProgressBar value={(stopped / Math.max(1, current.length)) * 100} label="Jobs of the sweep that have ended" />
        <p role="status">
          {stopped} of {current.length} jobs ended
          {failed > 0 ? `, ${failed} failed` : ''} · mean progress {Math.round(meanProgress)}%
          {stopped === current.length && current.length > 0 ? ' · the sweep is over' : ''}
        </p>
        {missing > 0 && (
          <p>
            {missing} of the {size} jobs of this sweep are not on the API host (never created, or deleted).
          </p>
        )}
        <NotifyWhenEndsButton notice={notice} running={stopped < current.length} />
        {statusesQuery.isError && <QueryError error={statusesQuery.error} title="Could not inspect the jobs" />}
      </section>

      <SweepResults
        jobsHeading="Jobs"
        rows={rows}
        inputs={inputs}
        outputKeys={outputKeys}
        statuses={statuses}
        outputs={outputs}
        titleOf={titleOf}
        hrefOf={(entry) => paths.job.getHref(entry.ref)}
        retry={retry}
        retryFailed={(row, error) => `Job ${row.index + 1} could not be retried: ${errorMessage(error)}`}
        csvName={`sweep-${sweepId}.csv`}
        nothingToPlot="The plot appears once a job has succeeded with a numeric output."
      />
    </section>
  );
}
