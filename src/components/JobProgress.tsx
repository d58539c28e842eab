import { useEffect } from 'react';
import { hasStopped } from '../api/job-status.ts';
import type { JobStatus } from '../api/types.ts';
import { lastRunningProgress, noteRunningProgress } from './progress-at-stop.ts';

type Ending = 'running' | 'done' | 'failed' | 'aborted';

function endingOf(status: JobStatus): Ending {
  if (status.state === 'FAILED') return 'failed';
  if (status.state === 'ABORTED') return 'aborted';
  return hasStopped(status) ? 'done' : 'running';
}

/**
 * A job's progress bar that says how the job ended, in words as well as colour: finished,
 * failed at N% or stopped at N% (the last progress seen while it ran, when this tab saw it).
 */
export function JobProgress({ jobId, status, label }: { jobId: string; status: JobStatus; label: string }) {
  useEffect(() => noteRunningProgress(jobId, status), [jobId, status]);
  const ending = endingOf(status);
  const reached = ending === 'failed' || ending === 'aborted' ? lastRunningProgress(jobId) : undefined;
  const shown = ending === 'done' ? 100 : ending === 'running' ? (status.progress ?? 0) : (reached ?? 0);
  const percent = Math.max(0, Math.min(100, Math.round(shown)));
  const verb = ending === 'failed' ? 'Failed' : 'Stopped';
  const words =
    ending === 'running'
      ? `${percent}%`
      : ending === 'done'
        ? 'Finished: 100%'
        : reached === undefined
          ? `${verb} before it finished`
          : `${verb} at ${percent}%`;
  return (
    <div className={`progress-row progress-${ending}`}>
      <progress value={percent} max={100} aria-label={label} aria-valuetext={words} />
      <span className="progress-value progress-words">{words}</span>
    </div>
  );
}
