import { type QueryKey, queryOptions, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { mapWithConcurrency } from '../lib/pool.ts';
import { inspectJob, type JobRef, jobKeys } from './jobs.ts';
import type { JobStatus } from './types.ts';

/*
 * Job status polling, in one place: how often a job is inspected (on its own page, in a list, in
 * a set such as a sweep or a function-job collection), and the queries and hooks that do it.
 * Study jobs use the same rule (studies.ts).
 */

/**
 * Whether a job has ended. `stopped_at` says so, but the spec makes it optional: a job in a
 * final state has ended whether or not the host gives the time.
 */
export function hasStopped(status: JobStatus | undefined): boolean {
  if (!status) return false;
  return Boolean(status.stopped_at) || ['SUCCESS', 'FAILED', 'ABORTED'].includes(status.state);
}

/**
 * How long to wait before inspecting a job again: about a second while it is young, backing
 * off to a few seconds for long runs, and never again once it has stopped.
 */
export function statusPollDelayMs(status: JobStatus | undefined, now = Date.now()): number | false {
  if (!status) return 1000;
  if (hasStopped(status)) return false;
  const since = Date.parse(status.started_at ?? status.submitted_at);
  const age = Number.isNaN(since) ? 0 : now - since;
  if (age < 15_000) return 1000;
  if (age < 60_000) return 2000;
  return 5000;
}

/** The least wait between inspections of a job listed on the jobs page: many rows must not flood the host. */
export const LIST_POLL_FLOOR_MS = 4000;
/** Jobs listed but out of view (scrolled away, or candidates of a state filter not shown) are checked this seldom. */
export const LIST_POLL_OFF_SCREEN_MS = 30_000;

/**
 * How long a listed job waits before it is inspected again: half as often as on its own page,
 * at least LIST_POLL_FLOOR_MS apart while its row is in view, rarely while it is not, and never
 * again once it has stopped.
 */
export function listStatusPollDelayMs(
  status: JobStatus | undefined,
  inView: boolean,
  now = Date.now(),
): number | false {
  const delay = statusPollDelayMs(status, now);
  if (delay === false) return false;
  if (!inView) return LIST_POLL_OFF_SCREEN_MS;
  return Math.max(2 * delay, LIST_POLL_FLOOR_MS);
}

/** The next inspection of a set of jobs: as soon as the youngest unfinished one needs it; never once all stopped. */
export function setPollDelayMs(
  ids: readonly string[],
  statuses: Record<string, JobStatus> | undefined,
): number | false {
  let delay: number | false = false;
  for (const id of ids) {
    const next = statusPollDelayMs(statuses?.[id]);
    if (next !== false) delay = delay === false ? next : Math.min(delay, next);
  }
  return delay;
}

/**
 * A status inspected again and again until its job has stopped (see `statusPollDelayMs`);
 * polling pauses while the tab is hidden and resumes (with a fresh inspect) on focus.
 * Solver jobs (below) and study jobs (studies.ts) alike.
 */
export function polledStatusQuery<K extends QueryKey>(
  queryKey: K,
  inspect: (signal: AbortSignal) => Promise<JobStatus>,
) {
  return queryOptions({
    queryKey,
    queryFn: ({ signal }) => inspect(signal),
    staleTime: 0,
    refetchInterval: (q) => statusPollDelayMs(q.state.data),
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: (q) => !hasStopped(q.state.data),
  });
}

export const jobStatusQuery = (ref: JobRef) =>
  polledStatusQuery(jobKeys.status(ref), (signal) => inspectJob(ref, signal));

export function useJobStatus(ref: JobRef) {
  return useQuery(jobStatusQuery(ref));
}

/**
 * Statuses of listed jobs, inspecting each until it has stopped: the rows in view backing off
 * with the job's age from a floor of a few seconds, the others seldom (see `listStatusPollDelayMs`).
 * Polling pauses while the tab is hidden. Each row shares its job's status query with the job page.
 */
export function useListedJobStatuses(refs: readonly JobRef[], inView: (jobId: string) => boolean) {
  const queryClient = useQueryClient();
  const statuses = useQueries({
    queries: refs.map((ref) => ({
      ...jobStatusQuery(ref),
      // A failing inspect is shown on its row and tried again seldom, not every few seconds.
      refetchInterval: (query: { state: { data?: JobStatus; status: string } }) =>
        query.state.status === 'error'
          ? LIST_POLL_OFF_SCREEN_MS
          : listStatusPollDelayMs(query.state.data, inView(ref.jobId)),
    })),
  });

  // A row that comes into view after a while out of it is brought up to date at once.
  const inViewIds = refs
    .filter((ref) => inView(ref.jobId))
    .map((ref) => ref.jobId)
    .join(' ');
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the set of rows in view changes
  useEffect(() => {
    for (const ref of refs) {
      if (!inView(ref.jobId)) continue;
      const state = queryClient.getQueryState<JobStatus>(jobKeys.status(ref));
      const delay = listStatusPollDelayMs(state?.data, true);
      if (!state?.data || delay === false || state.fetchStatus !== 'idle') continue;
      if (Date.now() - state.dataUpdatedAt > delay) {
        void queryClient.refetchQueries({ queryKey: jobKeys.status(ref), exact: true });
      }
    }
  }, [inViewIds, queryClient]);
  return statuses;
}

/** Inspections of one set in flight at once, so a large sweep or collection does not swamp the host. */
export const SET_INSPECT_CONCURRENCY = 4;

interface SetStatusesOptions<T> {
  queryKey: QueryKey;
  members: readonly T[];
  idOf: (member: T) => string;
  inspect: (member: T, signal: AbortSignal) => Promise<JobStatus>;
  enabled: boolean;
  /** A round in which every inspection fails is an error (else the statuses known so far stay). */
  failWhenAllFail?: boolean;
}

/**
 * The statuses of a set of jobs (a sweep, a function-job collection) under one query, id →
 * status. Each round inspects only the members that have not stopped, a few at a time, and the
 * next round comes with the job page's backoff (`setPollDelayMs`); polling ends once all have stopped.
 */
export function useSetStatuses<T>({
  queryKey,
  members,
  idOf,
  inspect,
  enabled,
  failWhenAllFail,
}: SetStatusesOptions<T>) {
  return useQuery({
    queryKey,
    queryFn: async ({ signal, client }) => {
      const previous = client.getQueryData<Record<string, JobStatus>>(queryKey) ?? {};
      const unfinished = members.filter((member) => !hasStopped(previous[idOf(member)]));
      const results = await mapWithConcurrency(unfinished, SET_INSPECT_CONCURRENCY, (member) =>
        inspect(member, signal),
      );
      const next: Record<string, JobStatus> = { ...previous };
      results.forEach((result, index) => {
        const member = unfinished[index];
        if (result.ok && member !== undefined) next[idOf(member)] = result.value;
      });
      if (failWhenAllFail && results.length > 0 && results.every((result) => !result.ok)) {
        throw (results[0] as { error: unknown }).error;
      }
      return next;
    },
    enabled,
    staleTime: 0,
    refetchInterval: (query) => setPollDelayMs(members.map(idOf), query.state.data),
    refetchIntervalInBackground: false,
  });
}
