import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiJson, apiRequest, appliedLocalParams, encodeKey, query } from './client.ts';
import { inputsMetadata, readJobInputs } from './job-inputs.ts';
import type { Job, JobInputs, JobMetadata, JobOutputs, JobStatus, MetaValue, Page, RunningState } from './types.ts';

/** Identifies one job: solver key, release version and job id, as every job route needs them. */
export interface JobRef {
  solverKey: string;
  version: string;
  jobId: string;
}

export function releaseJobsPath(solverKey: string, version: string): string {
  return `/v0/solvers/${encodeKey(solverKey)}/releases/${encodeURIComponent(version)}/jobs`;
}

export function jobPath({ solverKey, version, jobId }: JobRef): string {
  return `${releaseJobsPath(solverKey, version)}/${encodeURIComponent(jobId)}`;
}

/** `solvers/<quoted key>/releases/<version>` at the start of a job's name or runner name, or after `/v0/` in its URLs. */
const SOLVER_RELEASE = /(?:^|\/v0\/)solvers\/([^/]+(?:\/[^/]+)*?)\/releases\/([^/]+)(?:\/jobs\/[^/]+)?\/?$/;

/**
 * A job's solver key and version, for listings that mix jobs of every solver: from its
 * `runner_name` (`solvers/<quoted key>/releases/<version>`), else its `name`, else its URLs.
 * Undefined when none of them says (the spec does not fix their form): such a job is still
 * listed, with what is known of it.
 */
export function jobRefOf(job: Job): JobRef | undefined {
  for (const text of [job.runner_name, job.name, job.runner_url, job.url]) {
    if (typeof text !== 'string') continue;
    const match = SOLVER_RELEASE.exec(text.split('?')[0] ?? '');
    if (!match?.[1] || !match[2]) continue;
    try {
      return { solverKey: decodeURIComponent(match[1]), version: decodeURIComponent(match[2]), jobId: job.id };
    } catch {
      // a malformed %-escape: try the next field
    }
  }
  return undefined;
}

// --- fetchers -------------------------------------------------------------------------------

/** Creates a job: the POST alone (see createJob for the one that records its inputs). */
export const postJob = (solverKey: string, version: string, inputs: JobInputs) =>
  apiJson<Job>(releaseJobsPath(solverKey, version), { method: 'POST', body: inputs });

/**
 * Creates a job and records its inputs in its custom metadata, so that any host can give them
 * back (see job-inputs.ts). A job whose record could not be written is still created: only
 * "Run again" will not know its inputs on a host without an inputs route.
 */
export async function createJob(solverKey: string, version: string, inputs: JobInputs): Promise<Job> {
  const job = await postJob(solverKey, version, inputs);
  await replaceJobMetadata({ solverKey, version, jobId: job.id }, inputsMetadata(inputs.values)).catch(() => undefined);
  return job;
}

export const startJob = (ref: JobRef) => apiJson<JobStatus>(`${jobPath(ref)}:start`, { method: 'POST' });

export const stopJob = (ref: JobRef) => apiJson<JobStatus>(`${jobPath(ref)}:stop`, { method: 'POST' });

export const inspectJob = (ref: JobRef, signal?: AbortSignal) =>
  apiJson<JobStatus>(`${jobPath(ref)}:inspect`, { method: 'POST', signal });

export const deleteJob = (ref: JobRef) => apiJson<void>(jobPath(ref), { method: 'DELETE' });

export const fetchJob = (ref: JobRef, signal?: AbortSignal) => apiJson<Job>(jobPath(ref), { signal });

/** The inputs a job was created with (see readJobInputs for where they come from). */
export const fetchJobInputs = (ref: JobRef, signal?: AbortSignal): Promise<JobInputs> =>
  readJobInputs(
    () => apiJson<JobInputs>(`${jobPath(ref)}/inputs`, { signal }),
    () => fetchJobMetadata(ref, signal),
  );

export const fetchJobOutputs = (ref: JobRef, signal?: AbortSignal) =>
  apiJson<JobOutputs>(`${jobPath(ref)}/outputs`, { signal });

export const fetchJobMetadata = (ref: JobRef, signal?: AbortSignal) =>
  apiJson<JobMetadata>(`${jobPath(ref)}/metadata`, { signal });

/** The most job ids one `metadata:batchGet` takes. */
export const METADATA_BATCH_MAX = 50;

/** Custom metadata of several jobs (at most `METADATA_BATCH_MAX`) in one request, in the order asked. */
export const fetchJobsMetadata = (jobIds: readonly string[], signal?: AbortSignal) =>
  apiJson<{ items: JobMetadata[] }>(
    `/v0/solvers/-/releases/-/jobs/metadata:batchGet${query({ job_ids: [...jobIds] })}`,
    {
      signal,
    },
  );

export const replaceJobMetadata = (ref: JobRef, metadata: Record<string, MetaValue>) =>
  apiJson<JobMetadata>(`${jobPath(ref)}/metadata`, { method: 'PATCH', body: { metadata } });

/** The job's log zip as bytes (the proxy follows the storage redirect of a real deployment). */
export async function fetchJobLogZip(ref: JobRef, signal?: AbortSignal): Promise<ArrayBuffer> {
  const response = await apiRequest(`${jobPath(ref)}/outputs/logfile`, {
    signal,
    headers: { Accept: 'application/zip, application/octet-stream' },
  });
  return response.arrayBuffer();
}

export interface AllJobsFilter {
  limit: number;
  offset: number;
  /** `key:glob` patterns; a job matches when any / all of them match its custom metadata. */
  metadataAny?: string[];
  metadataAll?: string[];
}

export const fetchAllJobs = (filter: AllJobsFilter, signal?: AbortSignal) =>
  apiJson<Page<Job>>(
    `/v0/solvers/-/releases/-/jobs${query({
      limit: filter.limit,
      offset: filter.offset,
      'metadata.any': filter.metadataAny,
      'metadata.all': filter.metadataAll,
    })}`,
    { signal },
  );

/** What the jobs page asks the host for: upstream's label filter, and the embedded host's solver and state filters. */
export interface JobsFilter {
  metadata: MetadataFilter;
  solverKey?: string;
  state?: RunningState;
}

export interface JobsPage {
  /** Newest first. */
  jobs: Job[];
  /** How many jobs match. */
  total: number;
  /** False when the host ignored the solver or state filter: the jobs and total are those of the label filter alone. */
  filtered: boolean;
}

/** One page of the jobs that match, newest first, paged and filtered by the host. */
export async function fetchJobsPage(
  filter: JobsFilter,
  limit: number,
  offset: number,
  signal?: AbortSignal,
): Promise<JobsPage> {
  const response = await apiRequest(
    `/v0/solvers/-/releases/-/jobs${query({
      limit,
      offset,
      'metadata.any': filter.metadata.any,
      'metadata.all': filter.metadata.all,
      solver_id: filter.solverKey,
      state: filter.state,
    })}`,
    { signal },
  );
  const page = (await response.json()) as Page<Job>;
  const filtered = appliedLocalParams(response, [
    ...(filter.solverKey ? ['solver_id'] : []),
    ...(filter.state ? ['state'] : []),
  ]);
  return { jobs: page.items, total: page.total, filtered };
}

/** The most jobs the jobs page reads where the host cannot filter them; beyond it, the page says the listing is cut. */
export const JOB_LISTING_CAP = 1000;
const LISTING_PAGE = 50; // the API's largest page

/** The API's own filter of the all-jobs listing by custom metadata: `key:glob` patterns. */
export interface MetadataFilter {
  /** A job matches when any of these match. */
  any?: string[];
  /** A job matches when all of these match. */
  all?: string[];
}

export interface JobListing {
  /** Newest first. */
  jobs: Job[];
  /** How many jobs the API host holds (may exceed `jobs.length` when the cap is hit). */
  total: number;
}

/**
 * Every job of every solver, newest first. The API lists them in its own order and filters
 * neither by solver nor by state, so the page reads the listing whole (up to a cap) and
 * sorts and filters it itself.
 */
export async function fetchJobListing(
  signal?: AbortSignal,
  cap = JOB_LISTING_CAP,
  metadata: MetadataFilter = {},
): Promise<JobListing> {
  const jobs: Job[] = [];
  let total = 0;
  for (let offset = 0; offset < cap; offset += LISTING_PAGE) {
    const page = await fetchAllJobs(
      { limit: LISTING_PAGE, offset, metadataAny: metadata.any, metadataAll: metadata.all },
      signal,
    );
    total = page.total;
    jobs.push(...page.items);
    if (page.items.length < LISTING_PAGE || jobs.length >= total) break;
  }
  jobs.sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  return { jobs, total };
}

// --- query options and hooks ----------------------------------------------------------------

export const jobKeys = {
  all: ['jobs'] as const,
  job: (ref: JobRef) => ['jobs', 'job', ref.jobId] as const,
  status: (ref: JobRef) => ['jobs', 'job', ref.jobId, 'status'] as const,
  inputs: (ref: JobRef) => ['jobs', 'job', ref.jobId, 'inputs'] as const,
  outputs: (ref: JobRef) => ['jobs', 'job', ref.jobId, 'outputs'] as const,
  metadata: (ref: JobRef) => ['jobs', 'job', ref.jobId, 'metadata'] as const,
  /** Several jobs' metadata read together; the ids-less key is the prefix of them all. */
  metadataBatch: (jobIds?: readonly string[]) =>
    jobIds ? (['jobs', 'metadata-batch', [...jobIds]] as const) : (['jobs', 'metadata-batch'] as const),
  logZip: (ref: JobRef) => ['jobs', 'job', ref.jobId, 'logzip'] as const,
  // With no filter, the key is a prefix of every filtered listing's, so invalidating it reaches them all.
  listing: (metadata?: MetadataFilter) =>
    metadata?.any?.length || metadata?.all?.length
      ? (['jobs', 'listing', metadata] as const)
      : (['jobs', 'listing'] as const),
};

export const jobQuery = (ref: JobRef) =>
  queryOptions({ queryKey: jobKeys.job(ref), queryFn: ({ signal }) => fetchJob(ref, signal) });

export const jobInputsQuery = (ref: JobRef) =>
  queryOptions({ queryKey: jobKeys.inputs(ref), queryFn: ({ signal }) => fetchJobInputs(ref, signal), retry: false });

/** A finished job's outputs never change, so they are read once. */
export const jobOutputsQuery = (ref: JobRef) =>
  queryOptions({
    queryKey: jobKeys.outputs(ref),
    queryFn: ({ signal }) => fetchJobOutputs(ref, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const jobMetadataQuery = (ref: JobRef) =>
  queryOptions({ queryKey: jobKeys.metadata(ref), queryFn: ({ signal }) => fetchJobMetadata(ref, signal) });

/** A stopped job's log zip; it does not change any more, so it is read once. */
export const jobLogZipQuery = (ref: JobRef) =>
  queryOptions({
    queryKey: jobKeys.logZip(ref),
    queryFn: ({ signal }) => fetchJobLogZip(ref, signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
  });

/** A page of the jobs page; kept on screen while the next page loads. */
export const jobsPageQuery = (filter: JobsFilter, limit: number, offset: number) =>
  queryOptions({
    queryKey: [...jobKeys.listing(), 'page', filter, limit, offset] as const,
    queryFn: ({ signal }) => fetchJobsPage(filter, limit, offset, signal),
    placeholderData: keepPreviousData,
  });

export const jobListingQuery = (metadata: MetadataFilter = {}) =>
  queryOptions({
    queryKey: jobKeys.listing(metadata),
    queryFn: ({ signal }) => fetchJobListing(signal, JOB_LISTING_CAP, metadata),
  });

export function useJobInputs(ref: JobRef) {
  return useQuery(jobInputsQuery(ref));
}

/** Outputs exist once the job has succeeded: call it for a job that has. */
export function useJobOutputs(ref: JobRef) {
  return useQuery(jobOutputsQuery(ref));
}

export function useJobLogZip(ref: JobRef, enabled: boolean) {
  return useQuery({ ...jobLogZipQuery(ref), enabled });
}

export function useJobListing(metadata: MetadataFilter = {}) {
  return useQuery(jobListingQuery(metadata));
}

/**
 * Sends a start or stop and puts the status the host answers straight into the job's status
 * query, which the job page and the jobs list rows read: polling resumes (or ends) from it.
 */
function useJobAction(ref: JobRef, send: (ref: JobRef) => Promise<JobStatus>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => send(ref),
    onSuccess: (status) => {
      queryClient.setQueryData(jobKeys.status(ref), status);
    },
  });
}

/** Starts a created job. */
export function useStartJob(ref: JobRef) {
  return useJobAction(ref, startJob);
}

/** Stops a queued or running job. */
export function useStopJob(ref: JobRef) {
  return useJobAction(ref, stopJob);
}

export function useDeleteJob(ref: JobRef) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteJob(ref),
    // Only the listings: the job's own queries would answer 404 while its page is still up.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobKeys.listing() }),
  });
}

export function useJobMetadata(ref: JobRef) {
  return useQuery(jobMetadataQuery(ref));
}

/** The custom metadata of the listed jobs (one request for up to 50), by job id. Not polled: labels change when someone edits them. */
export const jobsMetadataQuery = (jobIds: readonly string[]) =>
  queryOptions({
    queryKey: jobKeys.metadataBatch(jobIds),
    queryFn: async ({ signal }) => {
      const { items } = await fetchJobsMetadata(jobIds, signal);
      return new Map(items.map((item) => [item.job_id, item.metadata]));
    },
    enabled: jobIds.length > 0 && jobIds.length <= METADATA_BATCH_MAX,
    staleTime: 30_000,
  });

export function useJobsMetadata(jobIds: readonly string[]) {
  return useQuery(jobsMetadataQuery(jobIds));
}

/** Replaces the job's whole custom metadata map (PATCH replaces it, so send every key). */
export function useReplaceJobMetadata(ref: JobRef) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (metadata: Record<string, MetaValue>) => replaceJobMetadata(ref, metadata),
    onSuccess: (saved) => {
      queryClient.setQueryData(jobKeys.metadata(ref), saved);
      // Listings filtered by metadata may now include or leave out this job, and show its new labels.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: jobKeys.listing() }),
        queryClient.invalidateQueries({ queryKey: jobKeys.metadataBatch() }),
      ]);
    },
  });
}

export function useJob(ref: JobRef) {
  return useQuery(jobQuery(ref));
}

export interface RunJobArgs {
  solverKey: string;
  version: string;
  inputs: JobInputs;
  /** Start the job once created ("Run"); else it is only created ("Create without starting"). */
  start: boolean;
}

export interface RunJobResult {
  job: Job;
  ref: JobRef;
  /** Why the created job could not be started: the job exists, so this is no failure of the mutation. */
  startError?: unknown;
}

/**
 * Creates a job and, when asked, starts it. The mutation fails only when the job could not be
 * created (a 422 names the inputs at fault); a refused start comes back as `startError` beside
 * the created job, so the caller can tell the user of a job that exists but does not run.
 */
export function useRunJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ solverKey, version, inputs, start }: RunJobArgs): Promise<RunJobResult> => {
      const job = await createJob(solverKey, version, inputs);
      const ref = { solverKey, version, jobId: job.id };
      if (!start) return { job, ref };
      try {
        await startJob(ref);
        return { job, ref };
      } catch (startError) {
        return { job, ref, startError };
      }
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jobKeys.all }),
  });
}
