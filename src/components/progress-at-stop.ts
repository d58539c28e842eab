import type { JobStatus } from '../api/types.ts';

/**
 * How far a job got before it stopped. oSPARC reports progress 100 for every stopped job, so a
 * job stopped after 4 s of 20 would read as complete: the page keeps the last progress it saw
 * while the job ran (per tab, surviving a reload) and tells that instead.
 */
const KEY_PREFIX = 'osparc-dashboard:progress:';

function storage(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

/** Call with every status seen: a running job's progress is kept for when it stops. */
export function noteRunningProgress(jobId: string, status: JobStatus): void {
  if (status.stopped_at || status.state === 'NOT_STARTED' || status.progress == null) return;
  storage()?.setItem(KEY_PREFIX + jobId, String(Math.round(status.progress)));
}

/** The last progress seen while the job ran, if this tab saw it run. */
export function lastRunningProgress(jobId: string): number | undefined {
  const kept = storage()?.getItem(KEY_PREFIX + jobId);
  const value = kept == null ? Number.NaN : Number(kept);
  return Number.isFinite(value) ? value : undefined;
}
