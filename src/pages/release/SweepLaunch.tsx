import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { functionKeys, hostHasFunctionsQuery, mapInChunks, releaseSweepFunction } from '../../api/functions.ts';
import { jobKeys } from '../../api/jobs.ts';
import { useSolverRelease } from '../../api/solvers.ts';
import { type LaunchedSweep, launchSweep, sweepKeys } from '../../api/sweeps.ts';
import type { ArgumentValue, SolverPort } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { inputSchemaOfPorts, outputSchemaOfPorts } from '../../components/functions/function-schema.ts';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { paths } from '../../paths.ts';
import { SWEEP_CONFIRM_THRESHOLD } from '../../sweep/expand.ts';
import { type SweepPoint, sweepGrid } from '../../sweep/grid.ts';
import { sweepCollectionNaming } from '../../sweep/metadata.ts';
import type { SweepPlan } from '../../sweep/plan.ts';

interface Pending {
  plan: SweepPlan;
  baseValues: Record<string, ArgumentValue>;
}

/** How far the launch got: jobs created and started one by one, or inputs sent to the function. */
interface LaunchProgress {
  settled: number;
  total: number;
  through: 'jobs' | 'function';
}

/**
 * Starting a sweep from the run form: asks first when it runs many jobs, then runs it with a
 * progress bar and opens its page (or says what failed). On a host that has functions the sweep
 * runs through the release's function, as `:map` calls gathered in one collection; on a host
 * without them (404 to /v0/functions) as jobs labelled with the sweep in their metadata.
 */
export function useSweepLaunch(solverKey: string, version: string, ports: SolverPort[]) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const release = useSolverRelease(solverKey, version);
  const [asking, setAsking] = useState<Pending | null>(null);
  const [progress, setProgress] = useState<LaunchProgress | null>(null);
  const [outcome, setOutcome] = useState<LaunchedSweep | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  async function throughFunction({ plan, baseValues }: Pending, points: SweepPoint[]) {
    const fn = await releaseSweepFunction({
      solverKey,
      version,
      title: release.data?.title ?? solverKey,
      inputSchema: inputSchemaOfPorts(ports),
      outputSchema: outputSchemaOfPorts(ports),
    });
    const inputsList = points.map((point) => ({ ...baseValues, ...point.values }));
    const naming = sweepCollectionNaming(
      fn,
      plan.axes.map((axis) => axis.port),
      points.length,
    );
    const collection = await mapInChunks(fn, inputsList, naming, (settled, total) =>
      setProgress({ settled, total, through: 'function' }),
    );
    navigate(paths.functionCollection.getHref(collection.uid));
  }

  async function throughLabelledJobs({ plan, baseValues }: Pending, points: SweepPoint[]) {
    const launched = await launchSweep({ solverKey, version, baseValues, axes: plan.axes, points }, (settled, total) =>
      setProgress({ settled, total, through: 'jobs' }),
    );
    // Some jobs failed to start: say so here; the sweep page shows the ones that exist.
    if (launched.failures.length === 0) navigate(paths.sweep.getHref(launched.sweepId));
    else setOutcome(launched);
  }

  async function launch(pending: Pending) {
    setAsking(null);
    setOutcome(null);
    setFailure(null);
    const points = sweepGrid(pending.plan.axes);
    try {
      const hasFunctions = await queryClient.fetchQuery(hostHasFunctionsQuery());
      setProgress({ settled: 0, total: points.length, through: hasFunctions ? 'function' : 'jobs' });
      if (hasFunctions) await throughFunction(pending, points);
      else await throughLabelledJobs(pending, points);
    } catch (error) {
      setFailure(error);
    } finally {
      setProgress(null);
      void queryClient.invalidateQueries({ queryKey: jobKeys.all });
      void queryClient.invalidateQueries({ queryKey: sweepKeys.all });
      void queryClient.invalidateQueries({ queryKey: functionKeys.all });
    }
  }

  /** Starts at once, or asks first above the threshold. */
  function start(plan: SweepPlan, baseValues: Record<string, ArgumentValue>) {
    if (plan.size > SWEEP_CONFIRM_THRESHOLD) setAsking({ plan, baseValues });
    else void launch({ plan, baseValues });
  }

  const ui = (
    <>
      <ConfirmDialog
        open={asking !== null}
        title={`Run ${asking?.plan.size ?? 0} jobs?`}
        message={`This sweep creates and starts ${asking?.plan.size ?? 0} jobs at once. Each one runs the solver and may use credits.`}
        confirmLabel={`Run ${asking?.plan.size ?? 0} jobs`}
        onConfirm={() => asking && void launch(asking)}
        onCancel={() => setAsking(null)}
      />
      {progress && (
        <section aria-live="polite" className="sweep-launch">
          <p>
            {progress.through === 'function'
              ? `Sending the sweep's inputs to the release's function: ${progress.settled} of ${progress.total}…`
              : `Creating and starting the sweep's jobs: ${progress.settled} of ${progress.total}…`}
          </p>
          <ProgressBar
            value={(progress.settled / Math.max(1, progress.total)) * 100}
            label={progress.through === 'function' ? 'Sweep inputs sent' : 'Sweep jobs started'}
          />
        </section>
      )}
      {outcome && <LaunchFailures outcome={outcome} />}
      {failure !== null && <QueryError error={failure} title="The sweep could not be started" />}
    </>
  );
  return { start, busy: progress !== null, ui };
}

function LaunchFailures({ outcome }: { outcome: LaunchedSweep }) {
  const navigate = useNavigate();
  const first = outcome.failures[0]?.error;
  return (
    <article role="alert" className="error-box">
      <strong>
        {outcome.failures.length} of {outcome.created + outcome.failures.length} jobs of the sweep could not be started
      </strong>
      <p>{errorMessage(first)}</p>
      {outcome.created > 0 && (
        <p>
          <button type="button" className="secondary" onClick={() => navigate(paths.sweep.getHref(outcome.sweepId))}>
            Open the sweep ({outcome.created} jobs)
          </button>
        </p>
      )}
    </article>
  );
}
