import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiJson, isNoSuchRoute, query } from './client.ts';
import { inputsMetadata, readJobInputs } from './job-inputs.ts';
import { polledStatusQuery } from './job-status.ts';
import { pagesOf, readAllPages } from './paging.ts';
import type {
  ArgumentValue,
  Job,
  JobInputs,
  JobMetadata,
  JobOutputs,
  JobStatus,
  MetaValue,
  OnePage,
  Page,
  RunningState,
  SolverPort,
} from './types.ts';

/** `Study`: an oSPARC project run from the API. */
export interface Study {
  uid: string;
  title: string | null;
  description: string | null;
}

/** `StudyPort`: keyed by the UUID of the parameter (input) or probe (output) node; the title is the node's label. */
export interface StudyPort {
  key: string;
  kind: 'input' | 'output';
  content_schema: SolverPort['content_schema'];
}

export type StudyNodeKind = 'solver' | 'parameter' | 'file-picker' | 'probe';

/** One node of a study's pipeline, with the node outputs its inputs are connected to (a local-host extension). */
export interface PipelineNode {
  node_id: string;
  name: string;
  kind: StudyNodeKind;
  label: string;
  solver_key: string | null;
  version: string | null;
  sources: Record<string, { node_id: string; port: string | null }>;
  values: Record<string, unknown>;
}

export interface StudyPipeline extends Study {
  nodes: PipelineNode[];
}

/** How one node of a study job runs: the solver job that runs it, its state and progress (a local-host extension). */
export interface StudyJobNode {
  node_id: string;
  name: string;
  kind: StudyNodeKind;
  label: string;
  state: RunningState | null;
  progress: number;
  solver_key: string | null;
  version: string | null;
  job_id: string | null;
}

export interface LogLink {
  node_name: string;
  download_link: string;
}

/** Identifies one study job. */
export interface StudyJobRef {
  studyId: string;
  jobId: string;
}

export const studyPath = (studyId: string) => `/v0/studies/${encodeURIComponent(studyId)}`;
export const studyJobPath = ({ studyId, jobId }: StudyJobRef) =>
  `${studyPath(studyId)}/jobs/${encodeURIComponent(jobId)}`;

/** The study and job ids of a study job from its `runner_name` (`studies/<study id>`). */
export function studyJobRefOf(job: Job): StudyJobRef | null {
  const match = /^studies\/([^/]+)$/.exec(job.runner_name);
  return match?.[1] ? { studyId: match[1], jobId: job.id } : null;
}

/** The study's input ports as the port form takes them: keyed by label, which is what a job's values are keyed by. */
export function studyInputPorts(ports: readonly StudyPort[]): SolverPort[] {
  return ports
    .filter((port) => port.kind === 'input')
    .map((port) => ({
      key: String(port.content_schema?.title ?? port.key),
      kind: 'input',
      content_schema: port.content_schema,
    }));
}

/** The study's output ports keyed by probe label, as the job's outputs are. */
export function studyOutputPorts(ports: readonly StudyPort[]): SolverPort[] {
  return ports
    .filter((port) => port.kind === 'output')
    .map((port) => ({
      key: String(port.content_schema?.title ?? port.key),
      kind: 'output',
      content_schema: port.content_schema,
    }));
}

// --- fetchers -------------------------------------------------------------------------------

export const STUDIES_PAGE_LIMIT = 50;

export const fetchStudiesPage = (limit: number, offset: number, signal?: AbortSignal) =>
  apiJson<Page<Study>>(`/v0/studies${query({ limit, offset })}`, { signal });

/** Every study (the API pages them by 50 at most). */
export async function fetchAllStudies(signal?: AbortSignal): Promise<Study[]> {
  return readAllPages((limit, offset) => fetchStudiesPage(limit, offset, signal), STUDIES_PAGE_LIMIT);
}

export const fetchStudy = (studyId: string, signal?: AbortSignal) => apiJson<Study>(studyPath(studyId), { signal });

export const fetchStudyPorts = async (studyId: string, signal?: AbortSignal) =>
  (await apiJson<OnePage<StudyPort>>(`${studyPath(studyId)}/ports`, { signal })).items;

export const fetchStudyPipeline = (studyId: string, signal?: AbortSignal) =>
  apiJson<StudyPipeline>(`${studyPath(studyId)}/pipeline`, { signal });

export const cloneStudy = (studyId: string, body: { title?: string; description?: string }) =>
  apiJson<Study>(`${studyPath(studyId)}:clone`, { method: 'POST', body });

/**
 * Creates a study job and records its inputs in its custom metadata, as createJob does for solver
 * jobs, so that "Run again" and the inputs table work on hosts without the inputs route.
 */
export async function createStudyJob(studyId: string, inputs: JobInputs): Promise<Job> {
  const job = await apiJson<Job>(`${studyPath(studyId)}/jobs`, { method: 'POST', body: inputs });
  await replaceStudyJobMetadata({ studyId, jobId: job.id }, inputsMetadata(inputs.values)).catch(() => undefined);
  return job;
}

export const fetchStudyJobsPage = (studyId: string, limit: number, offset: number, signal?: AbortSignal) =>
  apiJson<Page<Job>>(`${studyPath(studyId)}/jobs${query({ limit, offset })}`, { signal });

/** How many of a study's jobs one listing request reads when a job is looked up in the listing. */
const LOOKUP_PAGE = 50;

/**
 * A study job. Upstream answers `GET .../jobs/{job_id}` with 501 (api/routes/studies_jobs.py), so
 * on a host without that route the job is found in the study's job listing instead.
 */
export async function fetchStudyJob(ref: StudyJobRef, signal?: AbortSignal): Promise<Job> {
  try {
    return await apiJson<Job>(studyJobPath(ref), { signal });
  } catch (error) {
    if (!isNoSuchRoute(error)) throw error;
  }
  const pages = pagesOf((limit, offset) => fetchStudyJobsPage(ref.studyId, limit, offset, signal), LOOKUP_PAGE);
  for await (const jobs of pages) {
    const found = jobs.find((job) => job.id === ref.jobId);
    if (found) return found;
  }
  throw new ApiError(`The study has no job ${ref.jobId}.`, 404);
}

export const startStudyJob = (ref: StudyJobRef) => apiJson<JobStatus>(`${studyJobPath(ref)}:start`, { method: 'POST' });

export const stopStudyJob = (ref: StudyJobRef) => apiJson<JobStatus>(`${studyJobPath(ref)}:stop`, { method: 'POST' });

export const inspectStudyJob = (ref: StudyJobRef, signal?: AbortSignal) =>
  apiJson<JobStatus>(`${studyJobPath(ref)}:inspect`, { method: 'POST', signal });

export const deleteStudyJob = (ref: StudyJobRef) => apiJson<void>(studyJobPath(ref), { method: 'DELETE' });

export const fetchStudyJobOutputs = (ref: StudyJobRef, signal?: AbortSignal) =>
  apiJson<JobOutputs>(`${studyJobPath(ref)}/outputs`, { method: 'POST', signal });

export const fetchStudyJobInputs = (ref: StudyJobRef, signal?: AbortSignal): Promise<JobInputs> =>
  readJobInputs(
    () => apiJson<JobInputs>(`${studyJobPath(ref)}/inputs`, { signal }),
    () => fetchStudyJobMetadata(ref, signal),
  );

export const fetchStudyJobNodes = async (ref: StudyJobRef, signal?: AbortSignal) =>
  (await apiJson<{ items: StudyJobNode[] }>(`${studyJobPath(ref)}/nodes`, { signal })).items;

export const fetchStudyJobLogLinks = async (ref: StudyJobRef, signal?: AbortSignal) =>
  (await apiJson<{ log_links: LogLink[] }>(`${studyJobPath(ref)}/outputs/log-links`, { signal })).log_links;

export const fetchStudyJobMetadata = (ref: StudyJobRef, signal?: AbortSignal) =>
  apiJson<JobMetadata>(`${studyJobPath(ref)}/metadata`, { signal });

export const replaceStudyJobMetadata = (ref: StudyJobRef, metadata: Record<string, MetaValue>) =>
  apiJson<JobMetadata>(`${studyJobPath(ref)}/metadata`, { method: 'PUT', body: { metadata } });

/** Every job of every study, newest first (the API lists them per study). */
export async function fetchAllStudyJobs(signal?: AbortSignal): Promise<Job[]> {
  const studies = await fetchAllStudies(signal);
  const pages = await Promise.all(studies.map((study) => fetchStudyJobsPage(study.uid, STUDIES_PAGE_LIMIT, 0, signal)));
  return pages.flatMap((page) => page.items).sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
}

// --- query options and hooks ----------------------------------------------------------------

/** The pipeline and the nodes' states are the embedded host's extensions: another host has no such route, so asking again is pointless. */
const retryUnlessNoSuchRoute = (failures: number, error: unknown) => !isNoSuchRoute(error) && failures < 2;

export const studyKeys = {
  all: ['studies'] as const,
  list: ['studies', 'list'] as const,
  study: (studyId: string) => ['studies', 'study', studyId] as const,
  ports: (studyId: string) => ['studies', 'study', studyId, 'ports'] as const,
  pipeline: (studyId: string) => ['studies', 'study', studyId, 'pipeline'] as const,
  jobs: (studyId: string) => ['studies', 'study', studyId, 'jobs'] as const,
  allJobs: ['studies', 'all-jobs'] as const,
  job: (ref: StudyJobRef) => ['studies', 'job', ref.jobId] as const,
  status: (ref: StudyJobRef) => ['studies', 'job', ref.jobId, 'status'] as const,
  nodes: (ref: StudyJobRef) => ['studies', 'job', ref.jobId, 'nodes'] as const,
  inputs: (ref: StudyJobRef) => ['studies', 'job', ref.jobId, 'inputs'] as const,
  outputs: (ref: StudyJobRef) => ['studies', 'job', ref.jobId, 'outputs'] as const,
  logLinks: (ref: StudyJobRef) => ['studies', 'job', ref.jobId, 'log-links'] as const,
  metadata: (ref: StudyJobRef) => ['studies', 'job', ref.jobId, 'metadata'] as const,
};

export const allStudiesQuery = () =>
  queryOptions({ queryKey: studyKeys.list, queryFn: ({ signal }) => fetchAllStudies(signal) });

export const useAllStudies = () => useQuery(allStudiesQuery());

export const useStudy = (studyId: string) =>
  useQuery({ queryKey: studyKeys.study(studyId), queryFn: ({ signal }) => fetchStudy(studyId, signal) });

export const useStudyPorts = (studyId: string) =>
  useQuery({ queryKey: studyKeys.ports(studyId), queryFn: ({ signal }) => fetchStudyPorts(studyId, signal) });

export const useStudyPipeline = (studyId: string) =>
  useQuery({
    queryKey: studyKeys.pipeline(studyId),
    queryFn: ({ signal }) => fetchStudyPipeline(studyId, signal),
    retry: retryUnlessNoSuchRoute,
  });

export const useStudyJobs = (studyId: string, limit: number, offset: number) =>
  useQuery({
    queryKey: [...studyKeys.jobs(studyId), limit, offset],
    queryFn: ({ signal }) => fetchStudyJobsPage(studyId, limit, offset, signal),
    placeholderData: keepPreviousData,
  });

export const allStudyJobsQuery = () =>
  queryOptions({ queryKey: studyKeys.allJobs, queryFn: ({ signal }) => fetchAllStudyJobs(signal) });

export const useAllStudyJobs = (enabled = true) => useQuery({ ...allStudyJobsQuery(), enabled });

export const useStudyJob = (ref: StudyJobRef) =>
  useQuery({ queryKey: studyKeys.job(ref), queryFn: ({ signal }) => fetchStudyJob(ref, signal) });

/** The job's status, inspected again until it has stopped, as for solver jobs. */
export const studyJobStatusQuery = (ref: StudyJobRef) =>
  polledStatusQuery(studyKeys.status(ref), (signal) => inspectStudyJob(ref, signal));

export const useStudyJobStatus = (ref: StudyJobRef) => useQuery(studyJobStatusQuery(ref));

/** The nodes' states, read as often as the job's status while it runs. */
export const useStudyJobNodes = (ref: StudyJobRef, status: JobStatus | undefined) =>
  useQuery({
    queryKey: [...studyKeys.nodes(ref), status?.state ?? null, status?.progress ?? null, status?.stopped_at ?? null],
    queryFn: ({ signal }) => fetchStudyJobNodes(ref, signal),
    placeholderData: keepPreviousData,
    enabled: Boolean(status),
    retry: retryUnlessNoSuchRoute,
  });

/** One download link per node's log, from the spec's own route: read once the job has stopped. */
export const useStudyJobLogLinks = (ref: StudyJobRef, stopped: boolean) =>
  useQuery({
    queryKey: studyKeys.logLinks(ref),
    queryFn: ({ signal }) => fetchStudyJobLogLinks(ref, signal),
    enabled: stopped,
  });

export const useStudyJobInputs = (ref: StudyJobRef) =>
  useQuery({
    queryKey: studyKeys.inputs(ref),
    queryFn: ({ signal }) => fetchStudyJobInputs(ref, signal),
    retry: false,
  });

export const useStudyJobOutputs = (ref: StudyJobRef, enabled: boolean) =>
  useQuery({
    queryKey: studyKeys.outputs(ref),
    queryFn: ({ signal }) => fetchStudyJobOutputs(ref, signal),
    staleTime: Number.POSITIVE_INFINITY,
    enabled,
  });

export const useStudyJobMetadata = (ref: StudyJobRef) =>
  useQuery({ queryKey: studyKeys.metadata(ref), queryFn: ({ signal }) => fetchStudyJobMetadata(ref, signal) });

export function useReplaceStudyJobMetadata(ref: StudyJobRef) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (metadata: Record<string, MetaValue>) => replaceStudyJobMetadata(ref, metadata),
    onSuccess: (saved) => queryClient.setQueryData(studyKeys.metadata(ref), saved),
  });
}

/** Start or stop, putting the answered status into the job's status query so polling resumes or ends from it. */
function useStudyJobAction(ref: StudyJobRef, send: (ref: StudyJobRef) => Promise<JobStatus>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => send(ref),
    onSuccess: (status) => queryClient.setQueryData(studyKeys.status(ref), status),
  });
}

export const useStartStudyJob = (ref: StudyJobRef) => useStudyJobAction(ref, startStudyJob);
export const useStopStudyJob = (ref: StudyJobRef) => useStudyJobAction(ref, stopStudyJob);

export function useDeleteStudyJob(ref: StudyJobRef) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteStudyJob(ref),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: studyKeys.jobs(ref.studyId) }),
        queryClient.invalidateQueries({ queryKey: studyKeys.allJobs }),
      ]),
  });
}

/** Creates a study job and, unless told not to, starts it; answers the job's ref. */
export function useRunStudy(studyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (args: { values: Record<string, ArgumentValue>; start: boolean }) => {
      const job = await createStudyJob(studyId, { values: args.values });
      const ref = { studyId, jobId: job.id };
      if (args.start) await startStudyJob(ref);
      return ref;
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: studyKeys.jobs(studyId) }),
        queryClient.invalidateQueries({ queryKey: studyKeys.allJobs }),
      ]),
  });
}

export function useCloneStudy(studyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { title?: string; description?: string }) => cloneStudy(studyId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: studyKeys.list }),
  });
}

/**
 * The keys the embedded host writes in the metadata of the solver job that runs one node of a
 * study job (server/services/study-runs.ts): such a job is listed with the solver jobs, and these
 * say which study job it is part of.
 */
export const NODE_RUN_KEYS = { studyId: 'study_id', studyJobId: 'study_job_id', node: 'study_node' } as const;

const nodeRunKeys: ReadonlySet<string> = new Set(Object.values(NODE_RUN_KEYS));

/** Whether a metadata key is one the host writes on a node's run. */
export const isNodeRunKey = (key: string): boolean => nodeRunKeys.has(key);

/** The study job (and node) a solver job runs a node of, or null for a job of its own. */
export function nodeRunOf(metadata: Record<string, MetaValue> | undefined): (StudyJobRef & { node: string }) | null {
  const studyId = metadata?.[NODE_RUN_KEYS.studyId];
  const jobId = metadata?.[NODE_RUN_KEYS.studyJobId];
  const node = metadata?.[NODE_RUN_KEYS.node];
  if (typeof studyId !== 'string' || typeof jobId !== 'string' || typeof node !== 'string') return null;
  return { studyId, jobId, node };
}
