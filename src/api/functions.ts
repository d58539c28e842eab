import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import type { SweepCollectionNaming } from '../sweep/metadata.ts';
import { apiJson, apiRequest, isNotFound, query } from './client.ts';
import { useSetStatuses } from './job-status.ts';
import { inspectJob, type JobRef } from './jobs.ts';
import { readAllPages } from './paging.ts';
import type { StudyJobRef } from './studies.ts';
import type { ArgumentValue, ContentSchema, JobStatus, Page, SolverPort } from './types.ts';

/*
 * The functions, function_jobs and function_job_collections sections of the API: register a
 * solver release or a study as a function, run it, map it over many inputs.
 */

export type FunctionClass = 'SOLVER' | 'PROJECT' | 'PYTHON_CODE';

export interface FunctionSchema {
  schema_class: 'application/schema+json';
  schema_content: { type?: string; properties?: Record<string, ContentSchema>; [keyword: string]: unknown };
}

export interface RegisteredFunction {
  uid: string;
  function_class: FunctionClass;
  title: string;
  description: string;
  input_schema: FunctionSchema;
  output_schema: FunctionSchema;
  default_inputs: Record<string, ArgumentValue> | null;
  created_at: string;
  modified_at: string;
  solver_key?: string;
  solver_version?: string;
  project_id?: string;
  code_url?: string;
}

export type FunctionRegistration = Omit<RegisteredFunction, 'uid' | 'created_at' | 'modified_at'>;

export interface FunctionJob {
  uid: string;
  function_uid: string;
  function_class: FunctionClass;
  title: string;
  description: string;
  inputs: Record<string, ArgumentValue> | null;
  outputs: Record<string, ArgumentValue> | null;
  created_at: string;
  solver_job_id?: string | null;
  project_job_id?: string | null;
  job_creation_task_id?: string | null;
}

export interface FunctionJobCollection {
  uid: string;
  title: string;
  description: string;
  job_ids: string[];
  created_at: string;
}

/** Upstream's limit on the inputs of one `:map` call. */
export const MAP_CHUNK = 50;

/** Upstream requires these on :run and :map; "null" says the call comes from no study node. */
export const PARENT_HEADERS = { 'x-simcore-parent-project-uuid': 'null', 'x-simcore-parent-node-id': 'null' };

// --- fetchers ---------------------------------------------------------------------------------

export const registerFunction = (registration: FunctionRegistration) =>
  apiJson<RegisteredFunction>('/v0/functions', { method: 'POST', body: registration });

export const fetchFunctions = (limit: number, offset: number, signal?: AbortSignal) =>
  apiJson<Page<RegisteredFunction>>(`/v0/functions${query({ limit, offset })}`, { signal });

export const fetchFunction = (uid: string, signal?: AbortSignal) =>
  apiJson<RegisteredFunction>(`/v0/functions/${uid}`, { signal });

export const deleteFunction = (uid: string) => apiJson<null>(`/v0/functions/${uid}`, { method: 'DELETE' });

/** The function's jobs with their statuses (and outputs once they succeeded), newest first. */
/** A function job as listed with `include_status`: the spec's page holds jobs "with or without status". */
export type ListedFunctionJob = FunctionJob & { status?: { status: string } };

export const fetchFunctionJobs = (uid: string, limit: number, offset: number, signal?: AbortSignal) =>
  apiJson<Page<ListedFunctionJob>>(
    `/v0/function_jobs${query({ function_id: uid, include_status: true, limit, offset })}`,
    { signal },
  );

async function postWithParent<T>(path: string, body: unknown): Promise<T> {
  const response = await apiRequest(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', ...PARENT_HEADERS },
  });
  return (await response.json()) as T;
}

export const runFunction = (uid: string, inputs: Record<string, ArgumentValue>) =>
  postWithParent<FunctionJob>(`/v0/functions/${uid}:run`, inputs);

export const mapFunction = (uid: string, inputsList: Record<string, ArgumentValue>[]) =>
  postWithParent<FunctionJobCollection>(`/v0/functions/${uid}:map`, inputsList);

export const fetchFunctionJob = (uid: string, signal?: AbortSignal) =>
  apiJson<FunctionJob>(`/v0/function_jobs/${uid}`, { signal });

export const fetchFunctionJobStatus = (uid: string, signal?: AbortSignal) =>
  apiJson<{ status: string }>(`/v0/function_jobs/${uid}/status`, { signal });

export const fetchFunctionJobOutputs = (uid: string, signal?: AbortSignal) =>
  apiJson<Record<string, ArgumentValue> | null>(`/v0/function_jobs/${uid}/outputs`, { signal });

export const createCollection = (title: string, description: string, jobIds: string[]) =>
  apiJson<FunctionJobCollection>('/v0/function_job_collections', {
    method: 'POST',
    body: { title, description, job_ids: jobIds },
  });

export const fetchCollection = (uid: string, signal?: AbortSignal) =>
  apiJson<FunctionJobCollection>(`/v0/function_job_collections/${uid}`, { signal });

export const fetchCollections = (limit: number, offset: number, functionId?: string, signal?: AbortSignal) =>
  apiJson<Page<FunctionJobCollection>>(
    `/v0/function_job_collections${query({ limit, offset, has_function_id: functionId })}`,
    { signal },
  );

export const deleteCollection = (uid: string) =>
  apiJson<null>(`/v0/function_job_collections/${uid}`, { method: 'DELETE' });

export const fetchCollectionJobs = (uid: string, signal?: AbortSignal) =>
  apiJson<FunctionJob[]>(`/v0/function_job_collections/${uid}/function_jobs`, { signal });

/** How many functions or collections one request reads when all of them are looked through. */
const LOOKUP_PAGE = 50;

/** Every function-job collection on the host (a sweep run through a function is one). */
export const fetchAllCollections = (signal?: AbortSignal) =>
  readAllPages((limit, offset) => fetchCollections(limit, offset, undefined, signal), LOOKUP_PAGE);

/**
 * The SOLVER function that sweeps of a release run through: one of the release with no default
 * inputs (the sweep sends every value), or a new one registered for it.
 */
export async function releaseSweepFunction(release: {
  solverKey: string;
  version: string;
  title: string;
  inputSchema: FunctionSchema;
  outputSchema: FunctionSchema;
}): Promise<RegisteredFunction> {
  const functions = await readAllPages((limit, offset) => fetchFunctions(limit, offset), LOOKUP_PAGE);
  const existing = functions.find(
    (fn) =>
      fn.function_class === 'SOLVER' &&
      fn.solver_key === release.solverKey &&
      fn.solver_version === release.version &&
      Object.keys(fn.default_inputs ?? {}).length === 0,
  );
  if (existing) return existing;
  return registerFunction({
    function_class: 'SOLVER',
    solver_key: release.solverKey,
    solver_version: release.version,
    title: `${release.title} ${release.version}`,
    description: `Runs ${release.solverKey} ${release.version}; the dashboard's sweeps of this release run through it.`,
    input_schema: release.inputSchema,
    output_schema: release.outputSchema,
    default_inputs: null,
  });
}

/** Whether the host has the functions API: an older deployment answers 404 to /v0/functions. */
export async function hostHasFunctions(signal?: AbortSignal): Promise<boolean> {
  try {
    await fetchFunctions(1, 0, signal);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

// --- what a function wraps ------------------------------------------------------------------

/** The ports the function's input schema describes, so the run form (PortForm) can render them. */
export function functionInputPorts(fn: RegisteredFunction): SolverPort[] {
  const properties = fn.input_schema.schema_content.properties ?? {};
  return Object.entries(properties).map(([key, schema]) => ({ key, kind: 'input', content_schema: schema }));
}

/** What the function runs, in words. */
export function wrappedLabel(fn: RegisteredFunction): string {
  switch (fn.function_class) {
    case 'SOLVER':
      return `${fn.solver_key} ${fn.solver_version}`;
    case 'PROJECT':
      return `study ${fn.project_id}`;
    default:
      return `Python code at ${fn.code_url}`;
  }
}

/** The solver job a SOLVER function job wraps, as a job reference. */
export function wrappedSolverJob(fn: RegisteredFunction, job: FunctionJob): JobRef | null {
  if (fn.function_class !== 'SOLVER' || !job.solver_job_id || !fn.solver_key || !fn.solver_version) return null;
  return { solverKey: fn.solver_key, version: fn.solver_version, jobId: job.solver_job_id };
}

/** The study job a PROJECT function job wraps, as a study job reference. */
export function wrappedStudyJob(fn: RegisteredFunction, job: FunctionJob): StudyJobRef | null {
  if (fn.function_class !== 'PROJECT' || !job.project_job_id || !fn.project_id) return null;
  return { studyId: fn.project_id, jobId: job.project_job_id };
}

/** States of a function job after which nothing changes (creation failures included). */
const FINAL_STATES = ['SUCCESS', 'FAILED', 'ABORTED', 'JOB_TASK_RUN_STATUS_FAILURE', 'JOB_TASK_CREATION_FAILURE'];

/** A function job's status as a JobStatus: the wrapped job's when it can be inspected (progress and times), else the function job's. */
async function memberStatus(fn: RegisteredFunction, job: FunctionJob, signal?: AbortSignal): Promise<JobStatus> {
  if (fn.function_class === 'PROJECT' && job.project_job_id) {
    return apiJson<JobStatus>(`/v0/studies/${fn.project_id}/jobs/${job.project_job_id}:inspect`, {
      method: 'POST',
      signal,
    });
  }
  const solverJob = wrappedSolverJob(fn, job);
  if (solverJob) return inspectJob(solverJob, signal);
  const { status } = await fetchFunctionJobStatus(job.uid, signal);
  const final = FINAL_STATES.includes(status);
  return {
    job_id: job.uid,
    state: status as JobStatus['state'],
    progress: final ? 100 : 0,
    submitted_at: job.created_at,
    stopped_at: final ? job.created_at : null,
  };
}

// --- query options and hooks ----------------------------------------------------------------

export const functionKeys = {
  all: ['functions'] as const,
  list: (limit: number, offset: number) => ['functions', 'list', limit, offset] as const,
  one: (uid: string) => ['functions', 'one', uid] as const,
  jobs: (uid: string) => ['functions', 'one', uid, 'jobs'] as const,
  collections: () => ['functions', 'collections'] as const,
  collection: (uid: string) => ['functions', 'collections', uid] as const,
  statuses: (uid: string) => ['functions', 'collections', uid, 'statuses'] as const,
  outputs: (uid: string) => ['functions', 'jobs', uid, 'outputs'] as const,
  available: () => ['functions', 'available'] as const,
};

export const functionsQuery = (limit: number, offset: number) =>
  queryOptions({
    queryKey: functionKeys.list(limit, offset),
    queryFn: ({ signal }) => fetchFunctions(limit, offset, signal),
  });

export const functionQuery = (uid: string) =>
  queryOptions({ queryKey: functionKeys.one(uid), queryFn: ({ signal }) => fetchFunction(uid, signal) });

export function useFunctions(limit: number, offset: number) {
  return useQuery(functionsQuery(limit, offset));
}

export function useFunction(uid: string) {
  return useQuery(functionQuery(uid));
}

/** The function's jobs, newest first, re-read every few seconds while any of them runs. */
export function useFunctionJobs(uid: string) {
  return useQuery({
    queryKey: functionKeys.jobs(uid),
    queryFn: ({ signal }) => fetchFunctionJobs(uid, 20, 0, signal),
    refetchInterval: (q) =>
      q.state.data?.items.some((job) => job.status && !FINAL_STATES.includes(job.status.status)) ? 2000 : false,
  });
}

/** Whether the host routes /v0/functions (asked once per session). */
export const hostHasFunctionsQuery = () =>
  queryOptions({
    queryKey: functionKeys.available(),
    queryFn: ({ signal }) => hostHasFunctions(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export function useHostHasFunctions() {
  return useQuery(hostHasFunctionsQuery());
}

/** The collections on the host, for the sweeps list; only asked of hosts that have functions. */
export function useAllCollections(enabled: boolean) {
  return useQuery({
    queryKey: functionKeys.collections(),
    queryFn: ({ signal }) => fetchAllCollections(signal),
    enabled,
  });
}

export interface CollectionData {
  collection: FunctionJobCollection;
  jobs: FunctionJob[];
  fn: RegisteredFunction | null;
}

/** A collection with its function jobs (in the collection's order) and their function. */
export async function fetchCollectionData(uid: string, signal?: AbortSignal): Promise<CollectionData> {
  const [collection, members] = await Promise.all([fetchCollection(uid, signal), fetchCollectionJobs(uid, signal)]);
  const byId = new Map(members.map((job) => [job.uid, job]));
  const jobs = collection.job_ids.flatMap((id) => byId.get(id) ?? []);
  const fn = jobs[0] ? await fetchFunction(jobs[0].function_uid, signal) : null;
  return { collection, jobs, fn };
}

export function useCollection(uid: string) {
  return useQuery({
    queryKey: functionKeys.collection(uid),
    queryFn: ({ signal }) => fetchCollectionData(uid, signal),
  });
}

export type MemberStatuses = Record<string, JobStatus>;

const NO_MEMBERS: FunctionJob[] = [];

/** Members' statuses (function job id → status), polled as a set (see `useSetStatuses`). */
export function useMemberStatuses(data: CollectionData | undefined) {
  return useSetStatuses({
    queryKey: functionKeys.statuses(data?.collection.uid ?? ''),
    members: data?.jobs ?? NO_MEMBERS,
    idOf: (job) => job.uid,
    inspect: (job, signal) => memberStatus(data!.fn!, job, signal),
    enabled: Boolean(data?.fn && data.jobs.length),
  });
}

export const functionJobOutputsQuery = (uid: string) =>
  queryOptions({
    queryKey: functionKeys.outputs(uid),
    queryFn: ({ signal }) => fetchFunctionJobOutputs(uid, signal),
    staleTime: Infinity,
  });

type MemberOutputs = Record<string, Record<string, ArgumentValue>>;

/** Function job id → outputs read so far; outside the hook, so the map changes only when an output arrives. */
function combineMemberOutputs(
  results: readonly { data?: { uid: string; outputs: Record<string, ArgumentValue> | null } }[],
) {
  const outputs: MemberOutputs = {};
  for (const result of results) if (result.data?.outputs) outputs[result.data.uid] = result.data.outputs;
  return outputs;
}

/** Outputs of the members that succeeded, function job id → outputs; read once per job. */
export function useMemberOutputs(jobs: readonly FunctionJob[], statuses: MemberStatuses): MemberOutputs {
  const succeeded = jobs.filter((job) => statuses[job.uid]?.state === 'SUCCESS');
  return useQueries({
    queries: succeeded.map((job) => ({
      ...functionJobOutputsQuery(job.uid),
      select: (outputs: Record<string, ArgumentValue> | null) => ({ uid: job.uid, outputs }),
    })),
    combine: combineMemberOutputs,
  });
}

/**
 * Sends the inputs as `:map` calls of at most 50 each; when there is more than one call, the
 * function jobs are gathered in one collection so the sweep has one page.
 */
export async function mapInChunks(
  fn: RegisteredFunction,
  inputsList: Record<string, ArgumentValue>[],
  naming: SweepCollectionNaming,
  onProgress?: (sent: number, total: number) => void,
): Promise<FunctionJobCollection> {
  const collections: FunctionJobCollection[] = [];
  for (let start = 0; start < inputsList.length; start += MAP_CHUNK) {
    collections.push(await mapFunction(fn.uid, inputsList.slice(start, start + MAP_CHUNK)));
    onProgress?.(Math.min(inputsList.length, start + MAP_CHUNK), inputsList.length);
  }
  // Gathered into one collection named as the sweep (also for one call: `:map` names its own collection).
  const jobIds = collections.flatMap((collection) => collection.job_ids);
  const gathered = await createCollection(naming.title, naming.description, jobIds);
  await Promise.all(collections.map((collection) => deleteCollection(collection.uid)));
  return gathered;
}

/**
 * Runs a failed member again (a new function job with the same inputs) and answers the
 * collection that holds it in the failed one's place; the old collection is deleted.
 */
export async function retryMember(data: CollectionData, failed: FunctionJob): Promise<FunctionJobCollection> {
  const again = await runFunction(failed.function_uid, failed.inputs ?? {});
  const jobIds = data.collection.job_ids.map((id) => (id === failed.uid ? again.uid : id));
  const replaced = await createCollection(data.collection.title, data.collection.description, jobIds);
  await deleteCollection(data.collection.uid);
  return replaced;
}
