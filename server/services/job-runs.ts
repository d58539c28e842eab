import fs from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import type { HostConfig } from '../config.ts';
import { JobLogWriter, lastLogLines } from '../runner/log.ts';
import { type ProcessExit, type SolverProcess, startProcess, stopProcess } from '../runner/process.ts';
import { ProgressTracker } from '../runner/progress.ts';
import { RunQueue } from '../runner/queue.ts';
import { collectOutputs, createWorkFolder, type WorkFolder, workFolderOf, writeInputs } from '../runner/work-folder.ts';
import { ACTIVE_STATES, type JobError, type JobRecord } from '../stores/jobs.ts';
import type { Catalog } from './catalog.ts';
import type { FileService } from './files.ts';
import { ignoredInputKeys } from './inputs.ts';
import type { JobLogService } from './job-logs.ts';
import { type JobService, notBefore, nowIso } from './jobs.ts';
import type { SolverRelease } from './release.ts';
import type { WalletService } from './wallet.ts';

export interface JobRunServiceDeps {
  config: HostConfig;
  catalog: Catalog;
  jobs: JobService;
  logs: JobLogService;
  files: FileService;
  wallet: WalletService;
  log: FastifyBaseLogger;
}

/** What the host keeps in memory about a job between `:start` and its end. */
interface ActiveRun {
  proc?: SolverProcess;
  aborting: boolean;
  done: Promise<void>;
  markDone(): void;
}

/** How many log lines a failure's error quotes. */
const QUOTED_LOG_LINES = 10;

/**
 * Job runs: starts jobs through the queue as local processes, follows their progress, logs
 * and outputs into their records, stops them, and ends them when the host closes or restarts.
 */
export class JobRunService {
  private readonly queue: RunQueue;
  private readonly active = new Map<string, ActiveRun>();
  private closing = false;

  constructor(private readonly deps: JobRunServiceDeps) {
    this.queue = new RunQueue(deps.config.concurrency);
  }

  private workFolder(jobId: string): WorkFolder {
    return workFolderOf(this.deps.config.dataDir, jobId);
  }

  /**
   * Submits a job to the runner (charging the wallet). Answers the job and whether it had
   * already been started, in which case nothing changes.
   */
  start(solverKey: string, version: string, jobId: string): { job: JobRecord; alreadyStarted: boolean } {
    const { jobs } = this.deps;
    const job = jobs.get(solverKey, version, jobId);
    if (job.state !== 'NOT_STARTED') return { job, alreadyStarted: true };
    this.deps.wallet.chargeForJob(job.solverKey, job.version, job.id);
    const submitted = jobs.update(jobId, {
      state: 'PUBLISHED',
      submittedAt: notBefore(nowIso(), job.createdAt),
    })!;
    let markDone = () => {};
    const done = new Promise<void>((resolve) => {
      markDone = resolve;
    });
    this.active.set(jobId, { aborting: false, done, markDone });
    this.deps.logs.opened(jobId);
    const startedNow = this.queue.enqueue(jobId, () => this.run(jobId));
    if (!startedNow) jobs.update(jobId, { state: 'WAITING_FOR_RESOURCES' });
    return { job: submitted, alreadyStarted: false };
  }

  /** Stops a queued or running job (ending its process group); answers its state afterwards. */
  async stop(solverKey: string, version: string, jobId: string): Promise<JobRecord> {
    const job = this.deps.jobs.get(solverKey, version, jobId);
    await this.abort(job);
    return this.deps.jobs.find(jobId) ?? job;
  }

  private async abort(job: JobRecord): Promise<void> {
    if (!ACTIVE_STATES.includes(job.state)) return;
    const run = this.active.get(job.id);
    if (!run) {
      // Active in the database but not in this process: nothing runs it any more.
      this.deps.jobs.finish(job.id, 'ABORTED');
      return;
    }
    run.aborting = true;
    if (this.queue.cancel(job.id)) {
      this.deps.jobs.finish(job.id, 'ABORTED');
      this.settle(job.id, run);
      return;
    }
    if (run.proc) await stopProcess(run.proc);
    await run.done;
  }

  /** Stops the job when it runs, then forgets it and its work folder. Its output files stay. */
  async delete(solverKey: string, version: string, jobId: string): Promise<void> {
    const job = this.deps.jobs.get(solverKey, version, jobId);
    await this.abort(job);
    this.deps.jobs.remove(jobId);
    fs.rmSync(this.workFolder(jobId).root, { recursive: true, force: true });
  }

  /** Forgets a run that is over: its log's followers hear the end, and anyone awaiting it resumes. */
  private settle(jobId: string, run: ActiveRun): void {
    if (this.active.get(jobId) === run) this.active.delete(jobId);
    this.deps.logs.ended(jobId);
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
        this.deps.jobs.finish(jobId, 'FAILED', [
          { loc: ['job'], msg: `The job could not run: ${(error as Error).message}`, type: 'host_error' },
        ]);
      }
    } finally {
      log?.close();
      this.settle(jobId, run);
      const ended = this.closing ? undefined : this.deps.jobs.find(jobId);
      if (ended) this.deps.logs.prepareLogZip(ended);
    }
  }

  private async execute(jobId: string, run: ActiveRun, opened: (log: JobLogWriter) => void): Promise<void> {
    const { jobs } = this.deps;
    const job = jobs.find(jobId);
    if (!job || this.closing) return;
    if (run.aborting) {
      jobs.finish(jobId, 'ABORTED');
      return;
    }
    jobs.update(jobId, { state: 'PENDING' });
    const release = this.deps.catalog.release(job.solverKey, job.version);
    if (!release) throw new Error(`The solver release ${job.solverKey}:${job.version} is no longer in the catalog`);
    const folder = this.workFolder(jobId);
    createWorkFolder(folder);
    const log = new JobLogWriter(folder.logFile, this.deps.config.maxLogBytes);
    opened(log);
    const emit = (lines: string[]) => this.deps.logs.written(jobId, lines);
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
        if (raised !== undefined) jobs.update(jobId, { progress: raised });
      },
    });
    run.proc = proc;
    jobs.update(jobId, {
      state: 'STARTED',
      startedAt: notBefore(nowIso(), jobs.find(jobId)?.submittedAt),
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
    const { jobs } = this.deps;
    if (run.aborting) {
      hostLine('Stopped on request (:stop)');
      jobs.finish(jobId, 'ABORTED');
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
      jobs.finish(jobId, 'FAILED', [
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
      jobs.finish(
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
      const stored = await this.deps.files.importFile(output.path, output.filename, output.contentType, {
        jobId,
        output: output.key,
        solverKey: release.key,
        version: release.version,
      });
      if (this.closing) return;
      results[output.key] = this.deps.files.toApi(stored);
    }
    // Keep the release's output order. Without problems, every output is a value or an imported file.
    const ordered = Object.fromEntries(Object.keys(release.outputs).map((key) => [key, results[key]]));
    hostLine('Finished successfully');
    jobs.finish(jobId, 'SUCCESS', null, ordered);
  }

  /** Marks jobs that were queued or running when the host stopped as failed, ending any process left over. */
  async recover(): Promise<void> {
    const reason: JobError = {
      loc: ['job'],
      msg: 'The local oSPARC host restarted while this job was running or waiting to run, so it did not finish. Start a new job to run it again.',
      type: 'host_restarted',
    };
    for (const job of this.deps.jobs.listActive()) {
      const folder = this.workFolder(job.id);
      if (job.pid) this.endLeftoverProcess(job.pid, folder.root);
      if (fs.existsSync(folder.root)) {
        const log = new JobLogWriter(folder.logFile, this.deps.config.maxLogBytes);
        log.write([`[host] ${reason.msg}`]);
        log.close();
      }
      this.deps.jobs.finish(job.id, 'FAILED', [reason]);
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
    await this.deps.logs.zipsWritten();
  }
}
