import type { JobStatus } from '../api/types.ts';

/** What a Stop question says once its job has ended by itself (nothing left to stop). */
export function stopOvertaken(
  status: JobStatus | undefined,
  what: string,
): { title: string; message: string } | undefined {
  if (!status?.stopped_at || status.state === 'ABORTED') return undefined;
  return {
    title: `The ${what} has already finished`,
    message: `It ended as ${status.state} before it could be stopped: there is nothing to stop.`,
  };
}
