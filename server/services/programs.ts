import fs from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { apiErrors } from '../errors.ts';
import { workFolderOf } from '../runner/work-folder.ts';
import type { JobRecord } from '../stores/jobs.ts';
import { type Catalog, loadCatalog } from './catalog.ts';
import type { FileService, StoredFile } from './files.ts';
import type { JobService } from './jobs.ts';
import type { SolverRelease } from './release.ts';

/** Program keys, as the spec's `ProgramKeyId` (oSPARC's dynamic services). */
export const PROGRAM_KEY_PATTERN = '^simcore/services/dynamic/([a-z0-9][a-z0-9_.-]*/)*([a-z0-9-_]+[a-z0-9])$';
const PROGRAM_KEY = new RegExp(PROGRAM_KEY_PATTERN);

/** The folder of a program job's workspace, inside its work folder; `workspace_path`s start with it. */
export const WORKSPACE_FOLDER = 'workspace';

/** Program packages: the same package format as solvers, under a dynamic-service key. */
export function loadPrograms(dirs: string[], log: FastifyBaseLogger): Promise<Catalog> {
  return loadCatalog(dirs, log, {
    kind: 'program',
    refuse: (release) =>
      PROGRAM_KEY.test(release.key)
        ? undefined
        : `key must look like simcore/services/dynamic/<group>/<name> for a program (got "${release.key}")`,
  });
}

/** The catalog jobs run from: a release is a solver's or a program's, never both (their keys differ). */
export function jobCatalog(solvers: Catalog, programs: Catalog): Catalog {
  const owner = (release: SolverRelease) => (PROGRAM_KEY.test(release.key) ? programs : solvers);
  return {
    releases: () => [...solvers.releases(), ...programs.releases()],
    solvers: () => [...solvers.solvers(), ...programs.solvers()],
    releasesOf: (key) => (PROGRAM_KEY.test(key) ? programs : solvers).releasesOf(key),
    release: (key, version) => (PROGRAM_KEY.test(key) ? programs : solvers).release(key, version),
    ports: (release) => owner(release).ports(release),
    skipped: () => [...solvers.skipped(), ...programs.skipped()],
  };
}

/** Where an uploaded file goes: `UserFileToProgramJob`'s fields beyond those of a plain upload. */
export interface ProgramJobFile {
  program_key: string;
  program_version: string;
  job_id: string;
  workspace_path: string;
}

/** The job fields of an upload body: all four or none. Answers them, or undefined for a plain upload. */
export function programJobFileOf(
  body: Partial<ProgramJobFile>,
  loc: (string | number)[] = ['body'],
): ProgramJobFile | undefined {
  const fields = ['program_key', 'program_version', 'job_id', 'workspace_path'] as const;
  const given = fields.filter((field) => body[field] !== undefined);
  if (given.length === 0) return undefined;
  const missing = fields.find((field) => body[field] === undefined);
  if (missing) {
    throw apiErrors.invalid(
      [...loc, missing],
      `Field required: an upload into a program job (UserFileToProgramJob) names ${fields.join(', ')}`,
      'missing',
    );
  }
  return body as ProgramJobFile;
}

/**
 * Programs: list and read their releases, create their jobs with a workspace folder, and put
 * uploaded files into that workspace. Program jobs then run through the job service like any job.
 */
export class ProgramService {
  constructor(
    private readonly programs: Catalog,
    private readonly jobs: JobService,
    private readonly files: FileService,
    private readonly dataDir: string,
  ) {}

  /** The latest release of each program. */
  latest(): SolverRelease[] {
    return this.programs.solvers();
  }

  /** Every release of one program, oldest first; 404 when there is no such program. */
  history(key: string): SolverRelease[] {
    const releases = this.programs.releasesOf(key);
    if (releases.length === 0) throw apiErrors.notFound('Program', key);
    return releases;
  }

  /** One release; 404 with upstream's wording when it is unknown. */
  release(key: string, version: string): SolverRelease {
    const release = this.programs.release(key, version);
    if (!release) throw apiErrors.notFound('Program', `${key}:${version}`);
    return release;
  }

  workspaceOf(jobId: string): string {
    return path.join(workFolderOf(this.dataDir, jobId).root, WORKSPACE_FOLDER);
  }

  /** A NOT_STARTED job of the release with an empty workspace, ready for files (upstream makes the folder too). */
  createJob(key: string, version: string): JobRecord {
    const release = this.release(key, version);
    const job = this.jobs.create(release.key, release.version, {});
    fs.mkdirSync(this.workspaceOf(job.id), { recursive: true });
    return job;
  }

  /** The program job an upload names, when files may still go into it; the reason otherwise. */
  uploadTarget(target: ProgramJobFile, loc: (string | number)[] = ['body']): { job: JobRecord; file: string } {
    const [job] = this.jobs.getMany([target.job_id]);
    if (!job || !PROGRAM_KEY.test(job.solverKey)) {
      throw apiErrors.invalid([...loc, 'job_id'], `Job_id ${target.job_id} is not a valid program job.`);
    }
    if (job.solverKey !== target.program_key || job.version !== target.program_version) {
      throw apiErrors.invalid(
        [...loc, 'job_id'],
        `Job ${job.id} is a job of ${job.solverKey}:${job.version}, not of ${target.program_key}:${target.program_version}`,
      );
    }
    if (job.state !== 'NOT_STARTED') {
      throw apiErrors.conflict(
        `Job ${job.id} has already been started (state ${job.state}): files go into its workspace only before it starts`,
      );
    }
    return { job, file: this.workspaceFile(job.id, target.workspace_path, [...loc, 'workspace_path']) };
  }

  /** The absolute path of `workspace/...` inside the job's folder; 422 for a path that leaves the workspace. */
  private workspaceFile(jobId: string, workspacePath: string, loc: (string | number)[]): string {
    const segments = workspacePath.split('/');
    const bad =
      segments[0] !== WORKSPACE_FOLDER ||
      segments.length < 2 ||
      segments.slice(1).some((segment) => segment === '' || segment === '.' || segment === '..') ||
      /[\\\0]/.test(workspacePath);
    if (bad) {
      throw apiErrors.invalid(
        loc,
        `workspace_path must be a relative path inside the workspace, like workspace/data.csv (got "${workspacePath}")`,
        'value_error',
        workspacePath,
      );
    }
    return path.join(this.workspaceOf(jobId), ...segments.slice(1));
  }

  /** Copies a completed upload into the job's workspace at its `workspace_path` (replacing a file there). */
  placeUpload(target: ProgramJobFile, file: StoredFile, loc: (string | number)[] = ['body']): void {
    const { file: destination } = this.uploadTarget(target, loc);
    if (fs.statSync(destination, { throwIfNoEntry: false })?.isDirectory()) {
      throw apiErrors.conflict(`${target.workspace_path} is a folder in the workspace of job ${target.job_id}`);
    }
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    fs.copyFileSync(this.files.pathOf(file), destination, fs.constants.COPYFILE_FICLONE);
  }
}
