import { type QueryClient, queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { mapWithConcurrency } from '../lib/pool.ts';
import type { SweepAxis, SweepPoint } from '../sweep/grid.ts';
import { readSweepTag, SWEEP_KEYS, type SweepTag, sweepFilter, sweepMetadata } from '../sweep/metadata.ts';
import { isNotFound } from './client.ts';
import { inputsMetadata } from './job-inputs.ts';
import { useSetStatuses } from './job-status.ts';
import {
  deleteJob,
  fetchJobInputs,
  fetchJobListing,
  fetchJobMetadata,
  fetchJobsMetadata,
  inspectJob,
  type JobRef,
  jobKeys,
  jobOutputsQuery,
  jobRefOf,
  METADATA_BATCH_MAX,
  type MetadataFilter,
  postJob,
  replaceJobMetadata,
  startJob,
} from './jobs.ts';
import type { ArgumentValue, Job, JobMetadata, JobOutputs, JobStatus } from './types.ts';

/** Requests a sweep keeps in flight at once, so a large sweep does not swamp the API host. */
export const SWEEP_CONCURRENCY = 4;
/** The most jobs one listing reads (a sweep has at most 500, plus retries). */
const LISTING_CAP = 2000;

/** A job of a sweep with what its metadata says about it. */
export interface SweepJob {
  job: Job;
  ref: JobRef;
  tag: SweepTag;
}

/** Every job of the all-jobs listing that matches the metadata filters (up to the cap), newest first. */
async function listJobsMatching(filters: MetadataFilter, signal?: AbortSignal): Promise<Job[]> {
  return (await fetchJobListing(signal, LISTING_CAP, filters)).jobs;
}

/** Metadata requests (batches, or single jobs when a batch is refused) kept in flight at once. */
const METADATA_CONCURRENCY = 6;

/**
 * Reads the jobs' metadata, `METADATA_BATCH_MAX` jobs a request, and keeps the jobs whose
 * metadata holds a sweep tag. The host refuses a whole batch (404) when one of its jobs is gone;
 * that batch's jobs are then read one by one, and a job deleted between the listing and its
 * metadata is simply not part of the sweep any more.
 */
async function withSweepTags(jobs: Job[], signal?: AbortSignal): Promise<SweepJob[]> {
  // A job whose name does not say its solver release cannot be part of a sweep; it is left out, not an error.
  const entries = jobs.flatMap((job) => {
    const ref = jobRefOf(job);
    return ref ? [{ job, ref }] : [];
  });
  const chunks: (typeof entries)[] = [];
  for (let start = 0; start < entries.length; start += METADATA_BATCH_MAX) {
    chunks.push(entries.slice(start, start + METADATA_BATCH_MAX));
  }
  const metadataById = new Map<string, JobMetadata['metadata']>();
  const unread: typeof entries = [];
  const batches = await mapWithConcurrency(chunks, METADATA_CONCURRENCY, (chunk) =>
    fetchJobsMetadata(
      chunk.map(({ job }) => job.id),
      signal,
    ),
  );
  for (const [index, result] of batches.entries()) {
    if (result.ok) for (const item of result.value.items) metadataById.set(item.job_id, item.metadata);
    else if (isNotFound(result.error)) unread.push(...(chunks[index] ?? []));
    else throw result.error;
  }
  const singles = await mapWithConcurrency(unread, METADATA_CONCURRENCY, ({ ref }) => fetchJobMetadata(ref, signal));
  for (const [index, result] of singles.entries()) {
    const entry = unread[index];
    if (result.ok && entry) metadataById.set(entry.job.id, result.value.metadata);
    else if (!result.ok && !isNotFound(result.error)) throw result.error;
  }
  const tagged: SweepJob[] = [];
  for (const { job, ref } of entries) {
    const tag = readSweepTag(metadataById.get(job.id));
    if (tag) tagged.push({ job, ref, tag });
  }
  return tagged;
}

/** The jobs of one sweep, found on the API host by their `sweep_id` metadata. */
export async function fetchSweepJobs(sweepId: string, signal?: AbortSignal): Promise<SweepJob[]> {
  const jobs = await listJobsMatching({ any: [sweepFilter(sweepId)] }, signal);
  const tagged = await withSweepTags(jobs, signal);
  return tagged.filter((entry) => entry.tag.sweepId === sweepId);
}

/** One sweep as the sweeps list shows it. */
export interface SweepSummary {
  sweepId: string;
  size: number;
  inputs: string[];
  solverKey: string;
  version: string;
  /** When its first job was created. */
  createdAt: string;
}

/**
 * The sweeps on the API host, newest first. Only the first job of each sweep (index 0) is
 * read: it carries the sweep's size and inputs, so the listing costs one request per sweep
 * rather than one per job.
 */
export async function fetchSweepListing(signal?: AbortSignal): Promise<SweepSummary[]> {
  const jobs = await listJobsMatching({ all: [`${SWEEP_KEYS.id}:*`, `${SWEEP_KEYS.index}:0`] }, signal);
  const tagged = await withSweepTags(jobs, signal);
  const byId = new Map<string, SweepSummary>();
  for (const { job, ref, tag } of tagged) {
    const known = byId.get(tag.sweepId);
    if (known && Date.parse(known.createdAt) <= Date.parse(job.created_at)) continue;
    byId.set(tag.sweepId, {
      sweepId: tag.sweepId,
      size: tag.size,
      inputs: tag.inputs,
      solverKey: ref.solverKey,
      version: ref.version,
      createdAt: job.created_at,
    });
  }
  return [...byId.values()].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

export interface LaunchSweepArgs {
  solverKey: string;
  version: string;
  /** The form's values; each job overrides the swept inputs with its own. */
  baseValues: Record<string, ArgumentValue>;
  axes: SweepAxis[];
  points: SweepPoint[];
  sweepId?: string;
}

export interface LaunchedSweep {
  sweepId: string;
  created: number;
  failures: { index: number; error: unknown }[];
}

/**
 * Creates, tags and starts the jobs of a sweep, `SWEEP_CONCURRENCY` at a time. A job is
 * tagged before it starts, so it never runs outside its sweep; a job that cannot be tagged is
 * deleted again. `onProgress` counts the jobs settled so far.
 */
export async function launchSweep(
  args: LaunchSweepArgs,
  onProgress?: (settled: number, total: number) => void,
): Promise<LaunchedSweep> {
  const sweepId = args.sweepId ?? crypto.randomUUID();
  const inputs = args.axes.map((axis) => axis.port);
  const total = args.points.length;
  const results = await mapWithConcurrency(
    args.points,
    SWEEP_CONCURRENCY,
    async (point) => {
      const values = { ...args.baseValues, ...point.values };
      const job = await postJob(args.solverKey, args.version, { values });
      const ref = { solverKey: args.solverKey, version: args.version, jobId: job.id };
      try {
        const tag = { sweepId, index: point.index, size: total, inputs, values: point.values, attempt: 1 };
        await replaceJobMetadata(ref, { ...inputsMetadata(values), ...sweepMetadata(tag) });
      } catch (error) {
        await deleteJob(ref).catch(() => undefined);
        throw error;
      }
      await startJob(ref);
      return job;
    },
    (settled) => onProgress?.(settled, total),
  );
  const failures = results.flatMap((result, index) =>
    result.ok ? [] : [{ index: args.points[index]?.index ?? index, error: result.error }],
  );
  return { sweepId, created: total - failures.length, failures };
}

/**
 * Runs a sweep job again: a new job with the same inputs (as the host reports them) and the
 * same place in the sweep, one attempt later, so the sweep page shows it instead of the old one.
 */
export async function retrySweepJob(entry: SweepJob): Promise<Job> {
  const { values } = await fetchJobInputs(entry.ref);
  const job = await postJob(entry.ref.solverKey, entry.ref.version, { values });
  const ref = { ...entry.ref, jobId: job.id };
  const previous = await fetchJobMetadata(entry.ref);
  // Keep any labels the user added to the failed job; only the attempt changes.
  await replaceJobMetadata(ref, {
    ...previous.metadata,
    ...inputsMetadata(values),
    ...sweepMetadata({ ...entry.tag, attempt: entry.tag.attempt + 1 }),
  });
  await startJob(ref);
  return job;
}

// --- query options and hooks ----------------------------------------------------------------

export const sweepKeys = {
  all: ['sweeps'] as const,
  listing: () => ['sweeps', 'listing'] as const,
  jobs: (sweepId: string) => ['sweeps', sweepId, 'jobs'] as const,
  statuses: (sweepId: string) => ['sweeps', sweepId, 'statuses'] as const,
};

export const sweepJobsQuery = (sweepId: string) =>
  queryOptions({ queryKey: sweepKeys.jobs(sweepId), queryFn: ({ signal }) => fetchSweepJobs(sweepId, signal) });

export const sweepListingQuery = () =>
  queryOptions({ queryKey: sweepKeys.listing(), queryFn: ({ signal }) => fetchSweepListing(signal) });

export function useSweepJobs(sweepId: string) {
  return useQuery(sweepJobsQuery(sweepId));
}

export function useSweepListing() {
  return useQuery(sweepListingQuery());
}

export type SweepStatuses = Record<string, JobStatus>;

/** The statuses of a sweep's jobs, job id → status, polled as a set (see `useSetStatuses`). */
export function useSweepStatuses(sweepId: string, jobs: readonly SweepJob[]) {
  return useSetStatuses({
    queryKey: sweepKeys.statuses(sweepId),
    members: jobs,
    idOf: ({ job }) => job.id,
    inspect: ({ ref }, signal) => inspectJob(ref, signal),
    enabled: jobs.length > 0,
    failWhenAllFail: true,
  });
}

type SweepOutputs = Record<string, Record<string, ArgumentValue>>;

/** Job id → results of the outputs read so far; outside the hook, so the map changes only when an output arrives. */
function combineOutputs(results: readonly { data?: { id: string; results: Record<string, ArgumentValue> } }[]) {
  const outputs: SweepOutputs = {};
  for (const result of results) if (result.data) outputs[result.data.id] = result.data.results;
  return outputs;
}

/** Outputs of the sweep's succeeded jobs, job id → results; read once per job. */
export function useSweepOutputs(jobs: readonly SweepJob[], statuses: SweepStatuses | undefined): SweepOutputs {
  const succeeded = jobs.filter(({ job }) => statuses?.[job.id]?.state === 'SUCCESS');
  return useQueries({
    queries: succeeded.map(({ job, ref }) => ({
      ...jobOutputsQuery(ref),
      select: (outputs: JobOutputs) => ({ id: job.id, results: outputs.results }),
    })),
    combine: combineOutputs,
  });
}

/** After a retry: the sweep's jobs and statuses are read again, and listings know of the new job. */
export function invalidateSweep(queryClient: QueryClient, sweepId: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: sweepKeys.jobs(sweepId) }),
    queryClient.invalidateQueries({ queryKey: sweepKeys.statuses(sweepId) }),
    queryClient.invalidateQueries({ queryKey: jobKeys.listing() }),
  ]);
}
