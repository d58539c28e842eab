import crypto from 'node:crypto';
import { ApiError, apiErrors } from '../errors.ts';
import type { FunctionJobFilter, FunctionJobRecord, FunctionRecord, FunctionStore } from '../stores/functions.ts';
import type { FunctionService } from './functions.ts';
import type { JobRunService } from './job-runs.ts';
import { inputsChecksum, type JobService } from './jobs.ts';
import type { StudyJobService } from './study-jobs.ts';
import type { TaskService } from './tasks.ts';

/** Upstream's limit on one `:map` call (FunctionInputsList). */
export const MAX_MAP_INPUTS = 50;

/** States after which a function job's status no longer follows its wrapped job (upstream keeps them stored). */
const SETTLED = ['SUCCESS', 'FAILED'];

/** Status of a function job whose creation task has not run, or failed (upstream's FunctionJobCreationTaskStatus). */
export const NOT_YET_SCHEDULED = 'JOB_TASK_NOT_YET_SCHEDULED';
export const CREATION_FAILED = 'JOB_TASK_RUN_STATUS_FAILURE';

export interface FunctionJobServiceDeps {
  functions: FunctionService;
  jobs: JobService;
  jobRuns: JobRunService;
  studyJobs: StudyJobService;
  tasks: TaskService;
}

/** A function job with the current state of what it wraps. */
export interface FunctionJobWithStatus extends FunctionJobRecord {
  wrappedProgress: number | null;
}

/** Upstream's join_inputs: the given values win over the function's defaults. */
export function joinInputs(
  defaults: Record<string, unknown> | null,
  given: Record<string, unknown> | null,
): Record<string, unknown> {
  return { ...(defaults ?? {}), ...(given ?? {}) };
}

/**
 * Function jobs (upstream: function_jobs_routes.py and _service_function_jobs*.py). A function
 * job runs as the solver job (SOLVER) or study job (PROJECT) it wraps: its status follows that
 * job's state until it succeeds or fails, and its outputs are that job's outputs.
 */
export class FunctionJobService {
  private readonly store: FunctionStore;

  constructor(private readonly deps: FunctionJobServiceDeps) {
    this.store = deps.functions.store;
  }

  get(uid: string): FunctionJobRecord {
    const job = this.store.getJob(uid.toLowerCase());
    if (!job) throw apiErrors.notFound('Function job', uid);
    return job;
  }

  list(filter: FunctionJobFilter, limit: number, offset: number): { jobs: FunctionJobRecord[]; total: number } {
    return this.store.listJobs(filter, limit, offset);
  }

  /** POST /v0/function_jobs: records a function job as given (its function must exist). */
  register(job: Omit<FunctionJobRecord, 'uid' | 'createdAt' | 'status' | 'inputsChecksum'>): FunctionJobRecord {
    const fn = this.deps.functions.get(job.functionUid);
    if (fn.functionClass !== job.functionClass) {
      throw apiErrors.invalid(
        ['body', 'function_class'],
        `Function ${fn.uid} is a ${fn.functionClass} function; a ${job.functionClass} function job cannot belong to it`,
      );
    }
    const record: FunctionJobRecord = {
      ...job,
      functionUid: fn.uid,
      uid: crypto.randomUUID(),
      createdAt: new Date().toISOString(),
      status: NOT_YET_SCHEDULED,
      inputsChecksum: inputsChecksum(job.inputs ?? {}),
    };
    this.store.insertJob(record);
    return record;
  }

  delete(uid: string): void {
    this.store.deleteJob(this.get(uid).uid);
  }

  /**
   * Runs the function once per inputs: each joined with the default inputs and checked against
   * the input schema first (all or none run), then a function job per inputs, reusing one that
   * already succeeded with the same inputs as upstream's cache does.
   */
  run(
    fn: FunctionRecord,
    inputsList: (Record<string, unknown> | null)[],
    locate: (index: number) => (string | number)[],
  ) {
    if (fn.functionClass === 'PYTHON_CODE') {
      throw apiErrors.badRequest(
        `Function ${fn.uid} is a PYTHON_CODE function: this host runs SOLVER and PROJECT functions only, not Python code functions`,
      );
    }
    const joined = inputsList.map((given) => joinInputs(fn.defaultInputs, given));
    joined.forEach((inputs, index) => {
      const problems = this.deps.functions.inputProblems(fn, inputs);
      if (problems.length) throw this.deps.functions.invalidInputs(problems, locate(index));
    });
    return joined.map((inputs) => {
      const checksum = inputsChecksum(inputs);
      const cached = this.store.findJob(fn.uid, checksum, 'SUCCESS');
      if (cached) return cached;
      const job: FunctionJobRecord = {
        uid: crypto.randomUUID(),
        functionUid: fn.uid,
        functionClass: fn.functionClass,
        title: `Function job of function ${fn.uid}`,
        description: fn.description,
        inputs,
        inputsChecksum: checksum,
        outputs: null,
        status: NOT_YET_SCHEDULED,
        wrappedJobId: null,
        jobCreationTaskId: null,
        createdAt: new Date().toISOString(),
      };
      this.store.insertJob(job);
      let wrapped: { id: string; state: string } | undefined;
      const task = this.deps.tasks.run('run_function', () => {
        wrapped = this.createWrappedJob(fn, inputs);
        return { function_job_id: job.uid, job_id: wrapped.id };
      });
      return this.store.updateJob(job.uid, {
        jobCreationTaskId: task.id,
        wrappedJobId: wrapped?.id ?? null,
        status: wrapped?.state ?? CREATION_FAILED,
      })!;
    });
  }

  /** Creates and starts the solver or study job that runs the function with `inputs`. */
  private createWrappedJob(fn: FunctionRecord, inputs: Record<string, unknown>): { id: string; state: string } {
    if (fn.functionClass === 'SOLVER') {
      const { jobs, jobRuns } = this.deps;
      const created = jobs.create(fn.solverKey!, fn.solverVersion!, inputs);
      return jobRuns.start(fn.solverKey!, fn.solverVersion!, created.id).job;
    }
    const { studyJobs } = this.deps;
    const created = studyJobs.create(fn.projectId!, inputs);
    return studyJobs.start(fn.projectId!, created.id).job;
  }

  /** The wrapped job's state and progress, or undefined when it is gone (or there is none). */
  private wrappedState(fn: FunctionRecord, job: FunctionJobRecord): { state: string; progress: number } | undefined {
    if (!job.wrappedJobId) return undefined;
    try {
      if (fn.functionClass === 'SOLVER' && job.functionClass === 'SOLVER') {
        return this.deps.jobs.get(fn.solverKey!, fn.solverVersion!, job.wrappedJobId);
      }
      if (fn.functionClass === 'PROJECT' && job.functionClass === 'PROJECT') {
        const { studyJobs } = this.deps;
        return studyJobs.status(studyJobs.get(fn.projectId!, job.wrappedJobId));
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
    return undefined;
  }

  /** The job's status: stored once it succeeded or failed, else read from the wrapped job (and stored). */
  status(job: FunctionJobRecord): FunctionJobWithStatus {
    const fn = this.deps.functions.get(job.functionUid);
    const wrapped = this.wrappedState(fn, job);
    if (SETTLED.includes(job.status) || !wrapped) return { ...job, wrappedProgress: wrapped?.progress ?? null };
    const updated = wrapped.state === job.status ? job : this.store.updateJob(job.uid, { status: wrapped.state })!;
    return { ...updated, wrappedProgress: wrapped.progress };
  }

  /** The outputs of a job that succeeded (read from the wrapped job once, then kept); null before. */
  outputs(job: FunctionJobRecord): Record<string, unknown> | null {
    if (job.outputs) return job.outputs;
    const current = this.status(job);
    if (current.status !== 'SUCCESS' || !current.wrappedJobId) return null;
    const fn = this.deps.functions.get(job.functionUid);
    const outputs =
      fn.functionClass === 'SOLVER'
        ? this.deps.jobs.outputs(fn.solverKey!, fn.solverVersion!, current.wrappedJobId)
        : this.deps.studyJobs.outputs(fn.projectId!, current.wrappedJobId);
    this.store.updateJob(job.uid, { outputs });
    return outputs;
  }

  /** The task that exports the wrapped job's logs; its result is the path of the logs' download. */
  logTask(job: FunctionJobRecord) {
    const fn = this.deps.functions.get(job.functionUid);
    if (fn.functionClass === 'PYTHON_CODE') {
      throw apiErrors.badRequest(`Function class ${fn.functionClass} is not supported: it has no job logs here`);
    }
    if (!job.wrappedJobId) {
      throw apiErrors.notFound(
        fn.functionClass === 'SOLVER' ? 'Solver job of function job' : 'Project job of function job',
        job.uid,
      );
    }
    const wrappedId = job.wrappedJobId;
    return this.deps.tasks.run('export_data', () =>
      fn.functionClass === 'SOLVER'
        ? `/v0/solvers/${encodeURIComponent(fn.solverKey!)}/releases/${fn.solverVersion}/jobs/${wrappedId}/outputs/logfile`
        : `/v0/studies/${fn.projectId}/jobs/${wrappedId}/outputs/log-links`,
    );
  }
}
