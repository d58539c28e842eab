import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { HostConfig } from '../config.ts';
import type { Db } from '../db.ts';
import { apiErrors } from '../errors.ts';
import { JobLogWriter, lastLogLines, readLogLines } from '../runner/log.ts';
import { LOG_ZIP_FILE, type LogZipEntry, writeLogZip } from '../runner/log-zip.ts';
import { type ProcessExit, type SolverProcess, startProcess, stopProcess } from '../runner/process.ts';
import { ProgressTracker } from '../runner/progress.ts';
import { RunQueue } from '../runner/queue.ts';
import {
  collectOutputs,
  createWorkFolder,
  isPlainFile,
  isPlainFolder,
  type WorkFolder,
  workFolderOf,
  writeInputs,
} from '../runner/work-folder.ts';
import {
  ACTIVE_STATES,
  FINAL_STATES,
  type JobError,
  type JobRecord,
  JobStore,
  type MetaValue,
  type RunningState,
} from '../stores/jobs.ts';
import type { Catalog, SolverRelease } from './catalog.ts';
import type { FileService } from './files.ts';
import { ignoredInputKeys, inputPortSpecsOf, resolveJobInputs } from './inputs.ts';
import type { WalletService } from './wallet.ts';

export interface JobServiceDeps {
  db: Db;
  config: HostConfig;
  catalog: Catalog;
  files: FileService;
  wallet: WalletService;
  log: FastifyBaseLogger;
}

/** Someone following a job's log while it runs (the log stream). */
export interface LogFollower {
  /** Stamped lines, as they are stored in the job's log file. */
  lines(lines: string[]): void;
  /** The job stopped; no more lines will come. */
  end(): void;
}

/** Filters of the all-jobs listing: each entry `key:glob`. */
export interface MetadataFilter {
  any?: string[];
  all?: string[];
}

/** What the host keeps in memory about a job between `:start` and its end. */
interface ActiveRun {
  proc?: SolverProcess;
  aborting: boolean;
  followers: Set<LogFollower>;
  done: Promise<void>;
  markDone(): void;
}

/** How many log lines a failure's error quotes. */
const QUOTED_LOG_LINES = 10;
/** Logs at least this large are zipped once when their job ends; smaller ones zip in moments on request. */
const PREPARED_LOG_ZIP_BYTES = 4 * 1024 * 1024;

const nowIso = () => new Date().toISOString();
/** The later of two ISO timestamps, so submitted <= started <= stopped even if the clock steps back. */
const notBefore = (time: string, earliest: string | null | undefined) =>
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

/** The name of a release's log file in the log zip: sleeper_2.1.6.log */
export function logFileName(solverKey: string, version: string): string {
  return `${solverKey.split('/').at(-1) ?? 'solver'}_${version}.log`;
}

/**
 * Jobs: creates them from validated inputs, runs them through the queue as local processes,
 * records their states, progress, logs and outputs, and stops them.
 */
export class JobService {
  private readonly store: JobStore;
  private readonly queue: RunQueue;
  private readonly active = new Map<string, ActiveRun>();
  /** Log zips being made for jobs that just ended (awaited when the host closes). */
  private readonly zipping = new Set<Promise<void>>();
  private closing = false;

  constructor(readonly deps: JobServiceDeps) {
    this.store = new JobStore(deps.db);
    this.queue = new RunQueue(deps.config.concurrency);
  }

  private releaseOrThrow(solverKey: string, version: string): SolverRelease {
    const release = this.deps.catalog.release(solverKey, version);
    if (!release) throw apiErrors.notFound('Solver release', `${solverKey}:${version}`);
    return release;
  }

  private workFolder(jobId: string): WorkFolder {
    return workFolderOf(this.deps.config.dataDir, jobId);
  }

  /** Validates the inputs against the release's ports and records a NOT_STARTED job. */
  create(solverKey: string, version: string, values: Record<string, unknown>): JobRecord {
    const release = this.releaseOrThrow(solverKey, version);
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

  /** Jobs of one release, newest first, with their total. */
  listOfRelease(solverKey: string, version: string, limit = -1, offset = 0): { jobs: JobRecord[]; total: number } {
    this.releaseOrThrow(solverKey, version);
    return this.store.page({ release: { solverKey, version } }, limit, offset);
  }

  /** One page of the jobs, newest first, that match the metadata filter; with the total that matched. */
  listAll(filter: MetadataFilter, limit: number, offset: number): { jobs: JobRecord[]; total: number } {
    const matchesOf = (filters: string[] | undefined) =>
      (filters ?? []).map((item) => {
        const [key, pattern] = parseFilter(item);
        return { key, pattern };
      });
    return this.store.page({ metadata: { any: matchesOf(filter.any), all: matchesOf(filter.all) } }, limit, offset);
  }

  /**
   * Submits a job to the runner (charging the wallet). Answers the job and whether it had
   * already been started, in which case nothing changes.
   */
  start(solverKey: string, version: string, jobId: string): { job: JobRecord; alreadyStarted: boolean } {
    const job = this.get(solverKey, version, jobId);
    if (job.state !== 'NOT_STARTED') return { job, alreadyStarted: true };
    this.deps.wallet.chargeForJob(job.solverKey, job.version, job.id);
    const submitted = this.store.update(jobId, {
      state: 'PUBLISHED',
      submittedAt: notBefore(nowIso(), job.createdAt),
    })!;
    let markDone = () => {};
    const done = new Promise<void>((resolve) => {
      markDone = resolve;
    });
    this.active.set(jobId, { aborting: false, followers: new Set(), done, markDone });
    const startedNow = this.queue.enqueue(jobId, () => this.run(jobId));
    if (!startedNow) this.store.update(jobId, { state: 'WAITING_FOR_RESOURCES' });
    return { job: submitted, alreadyStarted: false };
  }

  /** Stops a queued or running job (ending its process group); answers its state afterwards. */
  async stop(solverKey: string, version: string, jobId: string): Promise<JobRecord> {
    const job = this.get(solverKey, version, jobId);
    await this.abort(job);
    return this.store.get(jobId) ?? job;
  }

  private async abort(job: JobRecord): Promise<void> {
    if (!ACTIVE_STATES.includes(job.state)) return;
    const run = this.active.get(job.id);
    if (!run) {
      // Active in the database but not in this process: nothing runs it any more.
      this.finish(job.id, 'ABORTED');
      return;
    }
    run.aborting = true;
    if (this.queue.cancel(job.id)) {
      this.finish(job.id, 'ABORTED');
      this.settle(job.id, run);
      return;
    }
    if (run.proc) await stopProcess(run.proc);
    await run.done;
  }

  /** Stops the job when it runs, then forgets it and its work folder. Its output files stay. */
  async delete(solverKey: string, version: string, jobId: string): Promise<void> {
    const job = this.get(solverKey, version, jobId);
    await this.abort(job);
    this.store.delete(jobId);
    fs.rmSync(this.workFolder(jobId).root, { recursive: true, force: true });
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

  /** The job's log files for the log zip: the host's log of its run plus any the solver wrote to LOG_FOLDER. */
  logFiles(job: JobRecord): LogZipEntry[] {
    const folder = this.workFolder(job.id);
    const found: LogZipEntry[] = [];
    if (fs.existsSync(folder.logFile))
      found.push({ name: logFileName(job.solverKey, job.version), path: folder.logFile });
    if (isPlainFolder(folder.logs)) {
      for (const entry of fs.readdirSync(folder.logs, { withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const name = entry.name.endsWith('.log') ? entry.name : `${entry.name}.log`;
        if (found.some((file) => file.name === name)) continue;
        found.push({ name, path: path.join(folder.logs, entry.name) });
      }
    }
    return found;
  }

  /** The log zip made when a stopped job with a large log ended, if there is one. */
  preparedLogZip(job: JobRecord): string | undefined {
    if (job.stoppedAt === null) return undefined;
    const file = path.join(this.workFolder(job.id).root, LOG_ZIP_FILE);
    return isPlainFile(file) ? file : undefined;
  }

  /** Zips a large log once, in the background, when its job has ended: zipping 100 MB takes seconds. */
  private prepareLogZip(jobId: string): void {
    const job = this.store.get(jobId);
    if (!job?.stoppedAt) return;
    const files = this.logFiles(job);
    const bytes = files.reduce((sum, file) => sum + (fs.statSync(file.path, { throwIfNoEntry: false })?.size ?? 0), 0);
    if (bytes < PREPARED_LOG_ZIP_BYTES) return;
    const zipping = writeLogZip(files, this.workFolder(jobId).root).finally(() => this.zipping.delete(zipping));
    this.zipping.add(zipping);
  }

  /** The stored (stamped) lines of a job's log. */
  logLines(jobId: string): string[] {
    return readLogLines(this.workFolder(jobId).logFile);
  }

  /**
   * Gives the lines already written, then follows the log until the job stops. Answers a
   * function that stops following, or undefined when the job does not run (nothing to follow).
   */
  follow(jobId: string, follower: LogFollower): (() => void) | undefined {
    // Reading the file and subscribing happen in one tick, and writes are synchronous: no line is missed or doubled.
    const past = this.logLines(jobId);
    if (past.length) follower.lines(past);
    const run = this.active.get(jobId);
    if (!run) {
      follower.end();
      return undefined;
    }
    run.followers.add(follower);
    return () => run.followers.delete(follower);
  }

  /** Forgets a run that is over: its followers hear the end, and anyone awaiting it resumes. */
  private settle(jobId: string, run: ActiveRun): void {
    if (this.active.get(jobId) === run) this.active.delete(jobId);
    for (const follower of run.followers) follower.end();
    run.followers.clear();
    run.markDone();
  }

  /** Runs one job once the queue gives it a slot. Never throws: every failure becomes the job's state. */
  private async run(jobId: string): Promise<void> {
    const run = this.active.get(jobId);
    if (!run) return;
    let log: JobLogWriter | undefined;
    try {
      await this.execute(jobId, run, (writer) => {
        log = writer;
      });
    } catch (error) {
      if (!this.closing) {
        this.deps.log.error({ err: error, jobId }, 'job run failed');
        log?.write([`[host] The job failed: ${(error as Error).message}`]);
        this.finish(jobId, 'FAILED', [
          { loc: ['job'], msg: `The job could not run: ${(error as Error).message}`, type: 'host_error' },
        ]);
      }
    } finally {
      log?.close();
      this.settle(jobId, run);
      if (!this.closing) this.prepareLogZip(jobId);
    }
  }

  private async execute(jobId: string, run: ActiveRun, opened: (log: JobLogWriter) => void): Promise<void> {
    const job = this.store.get(jobId);
    if (!job || this.closing) return;
    if (run.aborting) {
      this.finish(jobId, 'ABORTED');
      return;
    }
    this.store.update(jobId, { state: 'PENDING' });
    const release = this.deps.catalog.release(job.solverKey, job.version);
    if (!release) throw new Error(`The solver release ${job.solverKey}:${job.version} is no longer in the catalog`);
    const folder = this.workFolder(jobId);
    createWorkFolder(folder);
    const log = new JobLogWriter(folder.logFile, this.deps.config.maxLogBytes);
    opened(log);
    const emit = (lines: string[]) => {
      for (const follower of run.followers) follower.lines(lines);
    };
    const hostLine = (text: string) => emit(log.write([`[host] ${text}`]));
    writeInputs(folder, release.inputs, job.inputs, (fileId) =>
      this.deps.files.pathOf(this.deps.files.require(fileId)),
    );

    const tracker = new ProgressTracker();
    const proc = startProcess({
      command: release.command,
      cwd: folder.root,
      env: { INPUT_FOLDER: folder.inputs, OUTPUT_FOLDER: folder.outputs, LOG_FOLDER: folder.logs },
      onLines: (lines) => {
        if (this.closing) return;
        emit(log.write(lines));
        let raised: number | undefined;
        for (const line of lines) raised = tracker.read(line) ?? raised;
        if (raised !== undefined) this.store.update(jobId, { progress: raised });
      },
    });
    run.proc = proc;
    this.store.update(jobId, {
      state: 'STARTED',
      startedAt: notBefore(nowIso(), this.store.get(jobId)?.submittedAt),
      pid: proc.pid ?? null,
    });
    hostLine(`Started ${release.title} ${release.version} as process ${proc.pid ?? '?'} for job ${jobId}`);
    const ignored = ignoredInputKeys(job.inputs, release.inputs);
    if (ignored.length) hostLine(`Ignored values that are no input of ${release.title}: ${ignored.join(', ')}`);
    const exit = await proc.exited;
    if (this.closing) return;
    await this.afterExit(jobId, release, folder, exit, run, hostLine);
  }

  /** Decides how a run that exited ended, and imports its outputs when it succeeded. */
  private async afterExit(
    jobId: string,
    release: SolverRelease,
    folder: WorkFolder,
    exit: ProcessExit,
    run: ActiveRun,
    hostLine: (text: string) => void,
  ): Promise<void> {
    if (run.aborting) {
      hostLine('Stopped on request (:stop)');
      this.finish(jobId, 'ABORTED');
      return;
    }
    if (exit.spawnError || exit.code !== 0) {
      const how = exit.spawnError
        ? `could not be started (${exit.spawnError.message})`
        : exit.code === null
          ? `was ended by signal ${exit.signal}`
          : `exited with exit code ${exit.code}`;
      hostLine(`The solver ${how}`);
      const lastLines = lastLogLines(folder.logFile, QUOTED_LOG_LINES + 1).slice(0, -1);
      this.finish(jobId, 'FAILED', [
        {
          loc: ['job', 'process'],
          msg: `The solver ${how}.${lastLines.length ? ` Last log lines:\n${lastLines.join('\n')}` : ''}`,
          type: 'solver_failed',
          ctx: { exit_code: exit.code, signal: exit.signal, last_log_lines: lastLines },
        },
      ]);
      return;
    }
    const collected = collectOutputs(folder, release.outputs);
    if (collected.problems.length) {
      for (const problem of collected.problems) hostLine(problem.msg);
      this.finish(
        jobId,
        'FAILED',
        collected.problems.map((problem) => ({
          loc: ['outputs', problem.key],
          msg: problem.msg,
          type: 'missing_output',
        })),
      );
      return;
    }
    const results: Record<string, unknown> = { ...collected.values };
    for (const output of collected.files) {
      const stored = await this.deps.files.importFile(output.path, output.filename, output.contentType);
      if (this.closing) return;
      results[output.key] = this.deps.files.toApi(stored);
    }
    // Keep the release's output order. Without problems, every output is a value or an imported file.
    const ordered = Object.fromEntries(Object.keys(release.outputs).map((key) => [key, results[key]]));
    hostLine('Finished successfully');
    this.finish(jobId, 'SUCCESS', null, ordered);
  }

  /** Records a job's end: final state, 100 % progress, stop time. */
  private finish(
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

  /** Marks jobs that were queued or running when the host stopped as failed, ending any process left over. */
  async recover(): Promise<void> {
    const reason: JobError = {
      loc: ['job'],
      msg: 'The local oSPARC host restarted while this job was running or waiting to run, so it did not finish. Start a new job to run it again.',
      type: 'host_restarted',
    };
    for (const job of this.store.listInStates(ACTIVE_STATES)) {
      const folder = this.workFolder(job.id);
      if (job.pid) this.endLeftoverProcess(job.pid, folder.root);
      if (fs.existsSync(folder.root)) {
        const log = new JobLogWriter(folder.logFile, this.deps.config.maxLogBytes);
        log.write([`[host] ${reason.msg}`]);
        log.close();
      }
      this.finish(job.id, 'FAILED', [reason]);
    }
  }

  /** Ends a solver process group that outlived a crashed host, only when it still runs in the job's work folder. */
  private endLeftoverProcess(pid: number, workFolderRoot: string): void {
    try {
      if (fs.readlinkSync(`/proc/${pid}/cwd`) === workFolderRoot) process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone already, or not ours to end.
    }
  }

  /** Ends every running solver process group when the host closes; the next start marks those jobs failed. */
  async shutdown(): Promise<void> {
    this.closing = true;
    const runs = [...this.active.entries()];
    for (const [jobId, run] of runs) {
      this.queue.cancel(jobId);
      run.aborting = true;
    }
    await Promise.all(runs.map(([, run]) => (run.proc ? stopProcess(run.proc, 2000) : undefined)));
    // Runs that were waiting in the queue never start; those that ran settle once their process is gone.
    for (const [jobId, run] of runs) if (!run.proc) this.settle(jobId, run);
    await Promise.all(runs.map(([, run]) => run.done));
    await Promise.all([...this.zipping]);
  }
}
