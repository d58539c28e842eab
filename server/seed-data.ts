import crypto from 'node:crypto';
import { openDatabase } from './db.ts';
import { type FileRecord, FileRecordStore } from './stores/fileRecords.ts';
import { type JobRecord, JobStore, type MetaValue, type RunningState } from './stores/jobs.ts';

/**
 * Many jobs or file records written straight into a data folder (through the stores, in one
 * transaction) before a host opens it: how the scale benchmark and the browser tests get
 * thousands of them in seconds. Not reachable through the API.
 */
export interface SeedOptions {
  /** Solver releases the jobs are spread over, in turn. */
  releases?: readonly { solverKey: string; version: string }[];
  /** The labels of the job numbered `index` (0 is the oldest). */
  metadataOf?: (index: number) => Record<string, MetaValue>;
  /** States the jobs are in, in turn. */
  states?: readonly RunningState[];
  /** When the oldest job was made; each next one a second later. */
  since?: Date;
}

const SLEEPER = { solverKey: 'simcore/services/comp/itis/sleeper', version: '2.1.6' };

/** Adds `count` jobs to the data folder's database; answers their ids, oldest first. */
export function seedJobs(dataDir: string, count: number, options: SeedOptions = {}): string[] {
  const releases = options.releases ?? [SLEEPER];
  const states = options.states ?? ['SUCCESS'];
  const since = (options.since ?? new Date(Date.now() - count * 1000)).getTime();
  const db = openDatabase(dataDir);
  try {
    const ids: string[] = [];
    function* jobs(): Generator<JobRecord> {
      for (let index = 0; index < count; index++) {
        const release = releases[index % releases.length]!;
        const state = states[index % states.length]!;
        const at = new Date(since + index * 1000).toISOString();
        const id = crypto.randomUUID();
        ids.push(id);
        const stopped = state === 'SUCCESS' || state === 'FAILED' || state === 'ABORTED';
        yield {
          id,
          solverKey: release.solverKey,
          version: release.version,
          inputs: { input_2: index % 10 },
          inputsChecksum: crypto
            .createHash('sha256')
            .update(String(index % 10))
            .digest('hex'),
          createdAt: at,
          state,
          progress: stopped ? 100 : 0,
          submittedAt: at,
          startedAt: state === 'NOT_STARTED' ? null : at,
          stoppedAt: stopped ? at : null,
          errors: null,
          outputs: null,
          metadata: options.metadataOf?.(index) ?? {},
          pid: null,
        };
      }
    }
    new JobStore(db).insertMany(jobs());
    return ids;
  } finally {
    db.close();
  }
}

/**
 * Adds `count` file records (their bytes are not written: listings and searches need none),
 * named by `filenameOf`; answers their ids, oldest first.
 */
export function seedFileRecords(dataDir: string, count: number, filenameOf: (index: number) => string): string[] {
  const since = Date.now() - count * 1000;
  const db = openDatabase(dataDir);
  try {
    const store = new FileRecordStore(db);
    const ids: string[] = [];
    db.transaction(() => {
      for (let index = 0; index < count; index++) {
        const id = crypto.randomUUID();
        ids.push(id);
        const record: FileRecord = {
          id,
          filename: filenameOf(index),
          content_type: 'text/plain',
          checksum: crypto.createHash('sha256').update(id).digest('hex'),
          e_tag: crypto.createHash('md5').update(id).digest('hex'),
          size: 1 + (index % 1000),
          created_at: new Date(since + index * 1000).toISOString(),
          job_id: null,
          job_output: null,
        };
        store.insert(record);
      }
    })();
    return ids;
  } finally {
    db.close();
  }
}
