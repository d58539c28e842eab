import fs from 'node:fs';
import { type Db, type Statements, statementsOf } from '../db.ts';
import { apiErrors } from '../errors.ts';
import { workFolderOf } from '../runner/work-folder.ts';
import type { FileService } from './files.ts';
import type { JobService } from './jobs.ts';

/** The ids of the File values among a job's outputs. */
function outputFileIds(outputs: Record<string, unknown> | null): string[] {
  return Object.values(outputs ?? {}).flatMap((value) =>
    value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string'
      ? [(value as { id: string }).id]
      : [],
  );
}

/**
 * A finished job's assets: its work folder (inputs, outputs, logs) and its output files.
 * Deleting them keeps the job's record; its outputs and logs then answer 409, as upstream
 * (`_service_jobs.py`: "Assets have been deleted").
 */
export class JobAssetsService {
  private readonly sql: Statements;

  constructor(
    db: Db,
    private readonly dataDir: string,
    private readonly jobs: JobService,
    private readonly files: FileService,
  ) {
    this.sql = statementsOf(db);
  }

  /** When the job's assets were deleted, or null while they are there. */
  deletedAt(jobId: string): string | null {
    const row = this.sql('SELECT deleted_at FROM job_assets_deleted WHERE job_id = ?').get(jobId) as
      | { deleted_at: string }
      | undefined;
    return row?.deleted_at ?? null;
  }

  /** 409 when the job's assets were deleted: there are no outputs or logs to give. */
  requirePresent(jobId: string): void {
    const deletedAt = this.deletedAt(jobId);
    if (deletedAt) {
      throw apiErrors.conflict(
        `Assets have been deleted: the work folder, output files and logs of job ${jobId} were removed at ${deletedAt}`,
      );
    }
  }

  /** Removes a stopped job's work folder and output files; 409 while it has not stopped. */
  delete(solverKey: string, version: string, jobId: string): void {
    const job = this.jobs.get(solverKey, version, jobId);
    if (job.stoppedAt === null) {
      throw apiErrors.conflict(`Solver job '${jobId}' has not stopped yet. Current status: ${job.state}.`);
    }
    for (const fileId of outputFileIds(job.outputs)) {
      if (this.files.get(fileId)) this.files.delete(fileId);
    }
    fs.rmSync(workFolderOf(this.dataDir, jobId).root, { recursive: true, force: true });
    this.sql('INSERT OR IGNORE INTO job_assets_deleted (job_id, deleted_at) VALUES (?, ?)').run(
      jobId,
      new Date().toISOString(),
    );
  }
}
