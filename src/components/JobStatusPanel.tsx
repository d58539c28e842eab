import { useEffect, useState } from 'react';
import { hasStopped } from '../api/jobs.ts';
import type { JobStatus } from '../api/types.ts';
import { ProgressBar } from './ProgressBar.tsx';
import { StateBadge } from './StateBadge.tsx';

/** Durations for people: 4 s, 2 min 05 s, 1 h 02 min. */
function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

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
export function JobStatusPanel({ status }: { status: JobStatus }) {
  const stopped = hasStopped(status);
  const now = useNow(stopped ? null : 1000);
  const progress = status.progress ?? (stopped ? 100 : 0);
  return (
    <div className="job-status">
      <p className="job-status-line">
        <StateBadge state={status.state} /> <span className="job-elapsed">{elapsedText(status, now)}</span>
      </p>
      <ProgressBar value={progress} label="Job progress" />
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
