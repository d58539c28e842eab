import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Everything the host can be told, read once from the environment (or given by tests). */
export interface HostConfig {
  /** Interface to listen on; loopback by default so nothing is exposed by accident. */
  listenHost: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Root of the host's state: SQLite database, file bytes, job work folders, credentials. */
  dataDir: string;
  /** Folders scanned for solver packages: the built-in ones first, then the user's. */
  solverDirs: string[];
  /** Folders (or files) of study files: the built-in studies first, then the user's. */
  studyDirs: string[];
  /** Folders scanned for program packages (simcore/services/dynamic/...): the built-in ones first. */
  programDirs: string[];
  /** JSON files of licensed items: the built-in catalogue first, then the user's. */
  licensedItemFiles: string[];
  /** Fixed credentials; when unset the host makes a pair on first start and keeps it in dataDir. */
  apiKey?: string;
  apiSecret?: string;
  /** How many solver processes run at once; the rest wait in the queue. */
  concurrency: number;
  /** Credits of the local wallet at first start. */
  initialCredits: number;
  /** Credits one job costs to start; a start with fewer available is refused with 402. */
  creditsPerJob: number;
  /** Part size offered to clients for multipart uploads. */
  chunkSize: number;
  /** Lifetime of a presigned chunk URL. */
  uploadLinkTtlSeconds: number;
  /** Largest JSON body accepted. */
  bodyLimitBytes: number;
  /** A job's log beyond this many bytes is cut, with a note saying so. */
  maxLogBytes: number;
  /** The clock (milliseconds since the epoch) of what expires: upload links and abandoned uploads. */
  now: () => number;
}

export const builtinStudiesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'studies');

export const builtinSolversDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'solvers');
export const builtinProgramsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'programs');
export const builtinLicensedItemsFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'licensed-items.json');

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function intFrom(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  }
  return parsed;
}

/** A `:`-separated list of paths (`;` on Windows), each made absolute. */
function pathsFrom(value: string | undefined): string[] {
  return (value ?? '')
    .split(path.delimiter)
    .map((dir) => dir.trim())
    .filter(Boolean)
    .map((dir) => path.resolve(dir));
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): HostConfig {
  const userSolverDirs = pathsFrom(env.OSPARC_LOCAL_SOLVERS);
  return {
    listenHost: env.OSPARC_LOCAL_LISTEN ?? '127.0.0.1',
    port: intFrom(env.OSPARC_LOCAL_PORT, 'OSPARC_LOCAL_PORT', 8006),
    dataDir: path.resolve(env.OSPARC_LOCAL_DATA ?? path.join(projectRoot, '.osparc-local')),
    solverDirs: [builtinSolversDir, ...userSolverDirs],
    studyDirs: [builtinStudiesDir, ...pathsFrom(env.OSPARC_LOCAL_STUDIES)],
    programDirs: [builtinProgramsDir, ...pathsFrom(env.OSPARC_LOCAL_PROGRAMS)],
    licensedItemFiles: [builtinLicensedItemsFile, ...pathsFrom(env.OSPARC_LOCAL_LICENSED_ITEMS)],
    apiKey: env.OSPARC_API_KEY || undefined,
    apiSecret: env.OSPARC_API_SECRET || undefined,
    concurrency: Math.max(
      1,
      intFrom(env.OSPARC_LOCAL_CONCURRENCY, 'OSPARC_LOCAL_CONCURRENCY', os.availableParallelism()),
    ),
    initialCredits: intFrom(env.OSPARC_LOCAL_CREDITS, 'OSPARC_LOCAL_CREDITS', 1000),
    creditsPerJob: intFrom(env.OSPARC_LOCAL_CREDITS_PER_JOB, 'OSPARC_LOCAL_CREDITS_PER_JOB', 0),
    chunkSize: intFrom(env.OSPARC_LOCAL_CHUNK_SIZE, 'OSPARC_LOCAL_CHUNK_SIZE', 16 * 1024 * 1024),
    uploadLinkTtlSeconds: intFrom(env.OSPARC_LOCAL_UPLOAD_TTL, 'OSPARC_LOCAL_UPLOAD_TTL', 3600),
    bodyLimitBytes: intFrom(env.OSPARC_LOCAL_BODY_LIMIT, 'OSPARC_LOCAL_BODY_LIMIT', 1024 * 1024),
    maxLogBytes: intFrom(env.OSPARC_LOCAL_MAX_LOG, 'OSPARC_LOCAL_MAX_LOG', 64 * 1024 * 1024),
    now: Date.now,
  };
}
