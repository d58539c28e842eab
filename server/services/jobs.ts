import crypto from 'node:crypto';
import type { HostConfig } from '../config.ts';
import type { Db } from '../db.ts';
import { apiErrors } from '../errors.ts';
import {
  ACTIVE_STATES,
  FINAL_STATES,
  type JobError,
  type JobRecord,
  JobStore,
  type JobUpdate,
  type MetaValue,
  type RunningState,
} from '../stores/jobs.ts';
import { type Catalog, releaseOrNotFound } from './catalog.ts';
import type { FileService } from './files.ts';
import { inputPortSpecsOf, resolveJobInputs } from './inputs.ts';
import type { WalletService } from './wallet.ts';

export interface JobServiceDeps {
  db: Db;
  config: HostConfig;
  catalog: Catalog;
  files: FileService;
  wallet: WalletService;
}

export { RUNNING_STATES } from '../stores/jobs.ts';

/** Filters of the all-jobs listing: each entry `key:glob`. */
export interface MetadataFilter {
  any?: string[];
  all?: string[];
}

/** The all-jobs listing's filters: upstream's metadata patterns, and the host's solver and state filters. */
export interface JobFilter extends MetadataFilter {
  solverKey?: string;
  states?: RunningState[];
}

export const nowIso = () => new Date().toISOString();
/** The later of two ISO timestamps, so submitted <= started <= stopped even if the clock steps back. */
export const notBefore = (time: string, earliest: string | null | undefined) =>
  earliest && earliest > time ? earliest : time;

/** JSON with sorted keys, so equal inputs always give the same checksum. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function inputsChecksum(values: Record<string, unknown>): string {
  return crypto.createHash('sha256').update(canonicalJson(values)).digest('hex');
}

/** `key:glob` → [key, glob]; a filter without a colon matches the key having any value. */
export function parseFilter(filter: string): [string, string] {
  const colon = filter.indexOf(':');
  return colon < 0 ? [filter, '*'] : [filter.slice(0, colon), filter.slice(colon + 1)];
}

/**
 * Job records: creates jobs from validated inputs, lists and reads them, and records the
 * states, outputs and metadata that runs (job-runs.ts) and clients give them.
 */
export class JobService {
  private readonly store: JobStore;

  constructor(readonly deps: JobServiceDeps) {
    this.store = new JobStore(deps.db);
  }

  /** Validates the inputs against the release's ports and records a NOT_STARTED job. */
  create(solverKey: string, version: string, values: Record<string, unknown>): JobRecord {
    const release = releaseOrNotFound(this.deps.catalog, solverKey, version);
    const ports = inputPortSpecsOf(this.deps.catalog, release);
    const inputs = resolveJobInputs(values, ports, (id) => {
      const file = this.deps.files.get(id);
      return file && this.deps.files.toApi(file);
    });
    this.deps.wallet.requireCreditsForJob(release.key, release.version);
    const now = nowIso();
    const job: JobRecord = {
      id: crypto.randomUUID(),
      solverKey: release.key,
      version: release.version,
      inputs,
      inputsChecksum: inputsChecksum(inputs),
      createdAt: now,
      state: 'NOT_STARTED',
      progress: 0,
      submittedAt: now,
      startedAt: null,
      stoppedAt: null,
      errors: null,
      outputs: null,
      metadata: {},
      pid: null,
    };
    this.store.insert(job);
    return job;
  }

  /** A job of the given release; 404 when there is none (or it belongs to another release). */
  get(solverKey: string, version: string, jobId: string): JobRecord {
    const job = this.store.get(jobId);
    if (!job || job.solverKey !== solverKey || job.version !== version) throw apiErrors.notFound('Job', jobId);
    return job;
  }

  /** Jobs of any release by id, in the order asked; 404 naming the first id that is no job. */
  getMany(jobIds: readonly string[]): JobRecord[] {
    return jobIds.map((jobId) => {
      const job = this.store.get(jobId);
      if (!job) throw apiErrors.notFound('Job', jobId);
      return job;
    });
  }

  /** The job with this id, if there is one. */
  find(jobId: string): JobRecord | undefined {
    return this.store.get(jobId);
  }

  /** Jobs of one release, newest first, with their total. */
  listOfRelease(solverKey: string, version: string, limit = -1, offset = 0): { jobs: JobRecord[]; total: number } {
    releaseOrNotFound(this.deps.catalog, solverKey, version);
    return this.store.page({ release: { solverKey, version } }, limit, offset);
  }

  /**
   * One page of the jobs, newest first, that match the metadata filter (and, local extensions,
   * are of the given solver and in one of the given states); with the total that matched.
   */
  listAll(filter: JobFilter, limit: number, offset: number): { jobs: JobRecord[]; total: number } {
    const matchesOf = (filters: string[] | undefined) =>
      (filters ?? []).map((item) => {
        const [key, pattern] = parseFilter(item);
        return { key, pattern };
      });
    return this.store.page(
      {
        metadata: { any: matchesOf(filter.any), all: matchesOf(filter.all) },
        solverKey: filter.solverKey,
        states: filter.states,
      },
      limit,
      offset,
    );
  }

  /** Jobs that were started and have not stopped: queued or running. */
  listActive(): JobRecord[] {
    return this.store.listInStates(ACTIVE_STATES);
  }

  /** The results of a job that succeeded; 409 saying why for any other job. */
  outputs(solverKey: string, version: string, jobId: string): Record<string, unknown> {
    const job = this.get(solverKey, version, jobId);
    if (job.state !== 'SUCCESS' || !job.outputs) {
      const why =
        job.state === 'NOT_STARTED'
          ? 'it has not been started'
          : FINAL_STATES.includes(job.state)
            ? `it ended in state ${job.state}`
            : `it is still running (state ${job.state})`;
      throw apiErrors.conflict(`Job ${jobId} has no outputs: ${why}. Outputs exist only once a job has succeeded.`);
    }
    return job.outputs;
  }

  setMetadata(solverKey: string, version: string, jobId: string, metadata: Record<string, MetaValue>): JobRecord {
    this.get(solverKey, version, jobId);
    this.store.setMetadata(jobId, metadata);
    return this.store.get(jobId)!;
  }

  /** Records a change of a job's run (state, progress, times, process). */
  update(jobId: string, change: JobUpdate): JobRecord | undefined {
    return this.store.update(jobId, change);
  }

  /** Records a job's end: final state, 100 % progress, stop time. */
  finish(
    jobId: string,
    state: RunningState,
    errors: JobError[] | null = null,
    outputs: Record<string, unknown> | null = null,
  ): void {
    const job = this.store.get(jobId);
    if (!job) return;
    this.store.update(jobId, {
      state,
      progress: 100,
      stoppedAt: notBefore(nowIso(), job.startedAt ?? job.submittedAt),
      errors,
      outputs,
      pid: null,
    });
  }

  /** Forgets a job's record. */
  remove(jobId: string): void {
    this.store.delete(jobId);
  }
}
