import { hasStopped, useJobStatus } from '../../api/job-status.ts';
import type { JobRef } from '../../api/jobs.ts';
import { solverShortName } from '../../api/solvers.ts';
import { NotifyWhenEndsButton, useCompletionNotice } from '../../components/CompletionNotice.tsx';

/** `simcore/services/comp/itis/sleeper` → `sleeper job`. */
function jobLabel(solverKey: string): string {
  return `${solverShortName(solverKey)} job`;
}

/**
 * Watches the job on its page: when it ends while the page is open, the tab's title says how
 * (`✓ SUCCESS — sleeper job`), and a browser notification too if the user asked for one.
 */
export function JobCompletion({ jobRef }: { jobRef: JobRef }) {
  const status = useJobStatus(jobRef);
  const state = status.data?.state;
  const stopped = hasStopped(status.data);
  const notice = useCompletionNotice(stopped ? 1 : 0, status.data ? 1 : 0, jobLabel(jobRef.solverKey), {
    outcome: state,
    succeeded: state === 'SUCCESS',
  });
  // A job that was created but not started is not running yet: nothing to be told about.
  return <NotifyWhenEndsButton notice={notice} running={Boolean(status.data) && !stopped && state !== 'NOT_STARTED'} />;
}
