import fs from 'node:fs';
import path from 'node:path';
import type { HostConfig } from '../config.ts';
import { readLogLines } from '../runner/log.ts';
import { LOG_ZIP_FILE, type LogZipEntry, writeLogZip } from '../runner/log-zip.ts';
import { isPlainFile, isPlainFolder, type WorkFolder, workFolderOf } from '../runner/work-folder.ts';
import type { JobRecord } from '../stores/jobs.ts';

/** Someone following a job's log while it runs (the log stream). */
export interface LogFollower {
  /** Stamped lines, as they are stored in the job's log file. */
  lines(lines: string[]): void;
  /** The job stopped; no more lines will come. */
  end(): void;
}

/** Logs at least this large are zipped once when their job ends; smaller ones zip in moments on request. */
const PREPARED_LOG_ZIP_BYTES = 4 * 1024 * 1024;

/** The name of a release's log file in the log zip: sleeper_2.1.6.log */
export function logFileName(solverKey: string, version: string): string {
  return `${solverKey.split('/').at(-1) ?? 'solver'}_${version}.log`;
}

/**
 * Job logs: the stored lines, following a running job's log as it is written, and the log
 * zip's files. Runs tell it when a job's log opens for following, what it writes, and when it ends.
 */
export class JobLogService {
  /** Followers of each job whose run has begun and not yet ended. */
  private readonly following = new Map<string, Set<LogFollower>>();
  /** Log zips being made for jobs that just ended (awaited when the host closes). */
  private readonly zipping = new Set<Promise<void>>();

  constructor(private readonly config: HostConfig) {}

  private workFolder(jobId: string): WorkFolder {
    return workFolderOf(this.config.dataDir, jobId);
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
  prepareLogZip(job: JobRecord): void {
    if (!job.stoppedAt) return;
    const files = this.logFiles(job);
    const bytes = files.reduce((sum, file) => sum + (fs.statSync(file.path, { throwIfNoEntry: false })?.size ?? 0), 0);
    if (bytes < PREPARED_LOG_ZIP_BYTES) return;
    const zipping = writeLogZip(files, this.workFolder(job.id).root).finally(() => this.zipping.delete(zipping));
    this.zipping.add(zipping);
  }

  /** The stored (stamped) lines of a job's log. */
  logLines(jobId: string): string[] {
    return readLogLines(this.workFolder(jobId).logFile);
  }

  /** A job's run began: its log can be followed until `ended`. */
  opened(jobId: string): void {
    this.following.set(jobId, new Set());
  }

  /** Lines just written to a running job's log. */
  written(jobId: string, lines: string[]): void {
    for (const follower of this.following.get(jobId) ?? []) follower.lines(lines);
  }

  /** A job's run is over: its followers hear the end. */
  ended(jobId: string): void {
    const followers = this.following.get(jobId);
    this.following.delete(jobId);
    for (const follower of followers ?? []) follower.end();
  }

  /**
   * Gives the lines already written, then follows the log until the job stops. Answers a
   * function that stops following, or undefined when the job does not run (nothing to follow).
   */
  follow(jobId: string, follower: LogFollower): (() => void) | undefined {
    // Reading the file and subscribing happen in one tick, and writes are synchronous: no line is missed or doubled.
    const past = this.logLines(jobId);
    if (past.length) follower.lines(past);
    const followers = this.following.get(jobId);
    if (!followers) {
      follower.end();
      return undefined;
    }
    followers.add(follower);
    return () => followers.delete(follower);
  }

  /** Resolves once the log zips being made are written (the host is closing). */
  async zipsWritten(): Promise<void> {
    await Promise.all([...this.zipping]);
  }
}
