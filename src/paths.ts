/**
 * Every route of the dashboard: `path` is the router's pattern, `getHref` builds a link to it.
 * The router (App.tsx) and every link and navigation use these, so a route is written once.
 * API URLs (`/v0/...`) are no routes of the dashboard: they live in `src/api`.
 */

/** One solver (or program) job, as its page's address names it. */
interface SolverJobAddress {
  solverKey: string;
  version: string;
  jobId: string;
}

/** One study job, as its page's address names it. */
interface StudyJobAddress {
  studyId: string;
  jobId: string;
}

/** Query parameter of a run form (solver release or study): the job whose inputs prefill it ("Run again"). */
export const FROM_JOB_PARAM = 'from';
/** Query parameter of a solver release's run form: a file to preselect in its first file port. */
export const INPUT_FILE_PARAM = 'file';
/** Query parameter of the comparison pages: the jobs compared, separated by commas. */
export const COMPARE_JOBS_PARAM = 'jobs';

const segment = encodeURIComponent;

function withSearch(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * One job in the comparison URL: `<solver key>:<version>:<job id>`, e.g.
 * `simcore/services/comp/itis/sleeper:2.1.6:9f…`. Keys, semver versions and job ids hold no
 * colon or comma, so the URL stays readable and bookmarkable without a lookup.
 */
export function formatCompareRef({ solverKey, version, jobId }: SolverJobAddress): string {
  return `${solverKey}:${version}:${jobId}`;
}

const solverReleaseHref = (solverKey: string, version: string) =>
  `/solvers/${segment(solverKey)}/releases/${segment(version)}`;
const studyHref = (studyId: string) => `/studies/${segment(studyId)}`;

export const paths = {
  catalog: {
    path: '/',
    /** `programs`: the catalog showing programs only. */
    getHref: (kind?: 'programs') => withSearch('/', { kind }),
  },
  solverRelease: {
    path: '/solvers/:solverKey/releases/:version',
    /** `from`: a job whose inputs prefill the run form; `file`: a file preselected in its first file port. */
    getHref: (solverKey: string, version: string, prefill: { from?: string; file?: string } = {}) =>
      withSearch(solverReleaseHref(solverKey, version), {
        [FROM_JOB_PARAM]: prefill.from,
        [INPUT_FILE_PARAM]: prefill.file,
      }),
  },
  programRelease: {
    path: '/programs/:programKey/releases/:version',
    getHref: (programKey: string, version: string) => `/programs/${segment(programKey)}/releases/${segment(version)}`,
  },
  job: {
    path: '/solvers/:solverKey/releases/:version/jobs/:jobId',
    getHref: ({ solverKey, version, jobId }: SolverJobAddress) =>
      `${solverReleaseHref(solverKey, version)}/jobs/${segment(jobId)}`,
  },
  jobs: { path: '/jobs', getHref: () => '/jobs' },
  compare: {
    path: '/compare',
    getHref: (jobs: readonly SolverJobAddress[]) =>
      withSearch('/compare', { [COMPARE_JOBS_PARAM]: jobs.map(formatCompareRef).join(',') }),
  },
  sweeps: { path: '/sweeps', getHref: () => '/sweeps' },
  sweep: { path: '/sweeps/:sweepId', getHref: (sweepId: string) => `/sweeps/${segment(sweepId)}` },
  studies: { path: '/studies', getHref: () => '/studies' },
  study: {
    path: '/studies/:studyId',
    /** `from`: a job of the study whose inputs prefill the run form ("Run again"). */
    getHref: (studyId: string, prefill: { from?: string } = {}) =>
      withSearch(studyHref(studyId), { [FROM_JOB_PARAM]: prefill.from }),
  },
  studyJob: {
    path: '/studies/:studyId/jobs/:jobId',
    getHref: ({ studyId, jobId }: StudyJobAddress) => `${studyHref(studyId)}/jobs/${segment(jobId)}`,
  },
  studyCompare: {
    path: '/studies/:studyId/compare',
    getHref: (studyId: string, jobIds: readonly string[]) =>
      withSearch(`${studyHref(studyId)}/compare`, { [COMPARE_JOBS_PARAM]: jobIds.join(',') }),
  },
  functions: { path: '/functions', getHref: () => '/functions' },
  function: { path: '/functions/:functionId', getHref: (functionId: string) => `/functions/${segment(functionId)}` },
  functionCollection: {
    path: '/function-collections/:collectionId',
    getHref: (collectionId: string) => `/function-collections/${segment(collectionId)}`,
  },
  files: { path: '/files', getHref: () => '/files' },
  settings: { path: '/settings', getHref: () => '/settings' },
} as const;
