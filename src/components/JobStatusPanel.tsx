import { useEffect, useState } from 'react';
import { hasStopped } from '../api/job-status.ts';
import type { JobStatus } from '../api/types.ts';
import { formatDuration, formatTime } from '../lib/format.ts';
import { JobProgress } from './JobProgress.tsx';
import { StateBadge } from './StateBadge.tsx';

/** The current time, ticking every `everyMs` while `everyMs` is set. */
function useNow(everyMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (everyMs === null) return;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** How long the job has run (or ran), or waited when it has not started yet. */
function elapsedText(status: JobStatus, now: number): string {
  const stopped = hasStopped(status);
  // A host may leave stopped_at out of a finished job (the spec allows it): no clock runs on.
  if (stopped && !status.stopped_at) return status.started_at ? 'finished (the host gives no stop time)' : 'finished';
  const end = status.stopped_at ? Date.parse(status.stopped_at) : now;
  if (status.started_at) {
    const ran = formatDuration(end - Date.parse(status.started_at));
    return stopped ? `ran for ${ran}` : `running for ${ran}`;
  }
  if (stopped) return 'stopped before it started';
  if (status.state === 'NOT_STARTED') return 'created, not started';
  return `waiting for ${formatDuration(end - Date.parse(status.submitted_at))}`;
}

/**
 * A job's state and progress: state badge, progress bar, elapsed time and the submitted,
 * started and stopped times; the errors of a failed job, in plain words.
 */
export function JobStatusPanel({ jobId, status }: { jobId: string; status: JobStatus }) {
  const stopped = hasStopped(status);
  const now = useNow(stopped ? null : 1000);
  return (
    <div className="job-status">
      <p className="job-status-line">
        <StateBadge state={status.state} /> <span className="job-elapsed">{elapsedText(status, now)}</span>
      </p>
      <JobProgress jobId={jobId} status={status} label="Job progress" />
      <dl className="job-times">
        <div>
          <dt>Submitted</dt>
          <dd>{formatTime(status.submitted_at)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatTime(status.started_at)}</dd>
        </div>
        <div>
          <dt>Stopped</dt>
          <dd>{formatTime(status.stopped_at)}</dd>
        </div>
      </dl>
      {status.state === 'FAILED' && (
        <article role="alert" className="error-box">
          <strong>The job failed</strong>
          {status.errors?.length ? (
            <ul className="job-errors">
              {status.errors.map((error, index) => (
                // errors have no id; their order is stable for a stopped job
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <li key={index}>{error.msg}</li>
              ))}
            </ul>
          ) : (
            <p>The API host did not say why; the logs below may tell.</p>
          )}
        </article>
      )}
      {status.state === 'ABORTED' && <p className="job-aborted">The job was stopped before it finished.</p>}
    </div>
  );
}
