import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { jobKeys } from '../../api/jobs.ts';
import { type LaunchedSweep, launchSweep, sweepKeys } from '../../api/sweeps.ts';
import type { ArgumentValue } from '../../api/types.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { paths } from '../../paths.ts';
import { SWEEP_CONFIRM_THRESHOLD } from '../../sweep/expand.ts';
import { sweepGrid } from '../../sweep/grid.ts';
import type { SweepPlan } from '../../sweep/plan.ts';

interface Pending {
  plan: SweepPlan;
  baseValues: Record<string, ArgumentValue>;
}

/**
 * Starting a sweep from the run form: asks first when it runs many jobs, creates and starts
 * them with a progress bar, then opens the sweep page (or says what failed).
 */
export function useSweepLaunch(solverKey: string, version: string) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<Pending | null>(null);
  const [progress, setProgress] = useState<{ settled: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<LaunchedSweep | null>(null);

  async function launch({ plan, baseValues }: Pending) {
    setAsking(null);
    setOutcome(null);
    const points = sweepGrid(plan.axes);
    setProgress({ settled: 0, total: points.length });
    let launched: LaunchedSweep;
    try {
      launched = await launchSweep({ solverKey, version, baseValues, axes: plan.axes, points }, (settled, total) =>
        setProgress({ settled, total }),
      );
    } finally {
      setProgress(null);
      void queryClient.invalidateQueries({ queryKey: jobKeys.all });
      void queryClient.invalidateQueries({ queryKey: sweepKeys.all });
    }
    // Some jobs failed to start: say so here; the sweep page shows the ones that exist.
    if (launched.failures.length === 0) navigate(paths.sweep.getHref(launched.sweepId));
    else setOutcome(launched);
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
            Creating and starting the sweep's jobs: {progress.settled} of {progress.total}…
          </p>
          <ProgressBar value={(progress.settled / Math.max(1, progress.total)) * 100} label="Sweep jobs started" />
        </section>
      )}
      {outcome && <LaunchFailures outcome={outcome} />}
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
