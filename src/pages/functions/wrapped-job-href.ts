import { type FunctionJob, type RegisteredFunction, wrappedSolverJob, wrappedStudyJob } from '../../api/functions.ts';
import { paths } from '../../paths.ts';

/** The dashboard page of the job a function job wraps, when there is one. */
export function wrappedJobHref(fn: RegisteredFunction, job: FunctionJob): string | null {
  const solverJob = wrappedSolverJob(fn, job);
  if (solverJob) return paths.job.getHref(solverJob);
  const studyJob = wrappedStudyJob(fn, job);
  return studyJob ? paths.studyJob.getHref(studyJob) : null;
}
