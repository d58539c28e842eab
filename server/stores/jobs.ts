import { type Db, type Statements, statementsOf } from '../db.ts';

export type RunningState =
  | 'UNKNOWN'
  | 'NOT_STARTED'
  | 'PUBLISHED'
  | 'PENDING'
  | 'WAITING_FOR_CLUSTER'
  | 'WAITING_FOR_RESOURCES'
  | 'STARTED'
  | 'SUCCESS'
  | 'FAILED'
  | 'ABORTED';

/** States of a job that was started and has not stopped: queued or running. */
export const ACTIVE_STATES: readonly RunningState[] = [
  'PUBLISHED',
  'PENDING',
  'WAITING_FOR_CLUSTER',
  'WAITING_FOR_RESOURCES',
  'STARTED',
];

export const FINAL_STATES: readonly RunningState[] = ['SUCCESS', 'FAILED', 'ABORTED'];

/** An entry of `JobStatus.errors` (pydantic's ErrorDict). */
export interface JobError {
  loc: (string | number)[];
  msg: string;
  type: string;
  ctx?: Record<string, unknown>;
}

export type MetaValue = string | number | boolean;

/** One job as stored. */
export interface JobRecord {
  id: string;
  solverKey: string;
  version: string;
  /** The values the job runs with: coerced, defaults filled, file inputs as File objects. */
  inputs: Record<string, unknown>;
  inputsChecksum: string;
  createdAt: string;
  state: RunningState;
  progress: number;
  submittedAt: string;
  startedAt: string | null;
  stoppedAt: string | null;
  errors: JobError[] | null;
  /** Results of a job that succeeded (files as File objects). */
  outputs: Record<string, unknown> | null;
  metadata: Record<string, MetaValue>;
  /** Process group of the running solver, to end it after a crash of the host. */
  pid: number | null;
}

interface JobRow {
  id: string;
  solver_key: string;
  version: string;
  inputs: string;
  inputs_checksum: string;
  created_at: string;
  state: RunningState;
  progress: number;
  submitted_at: string;
  started_at: string | null;
  stopped_at: string | null;
  errors: string | null;
  outputs: string | null;
  metadata: string;
  pid: number | null;
}

function fromRow(row: JobRow): JobRecord {
  return {
    id: row.id,
    solverKey: row.solver_key,
    version: row.version,
    inputs: JSON.parse(row.inputs) as Record<string, unknown>,
    inputsChecksum: row.inputs_checksum,
    createdAt: row.created_at,
    state: row.state,
    progress: row.progress,
    submittedAt: row.submitted_at,
    startedAt: row.started_at,
    stoppedAt: row.stopped_at,
    errors: row.errors === null ? null : (JSON.parse(row.errors) as JobError[]),
    outputs: row.outputs === null ? null : (JSON.parse(row.outputs) as Record<string, unknown>),
    metadata: JSON.parse(row.metadata) as Record<string, MetaValue>,
    pid: row.pid,
  };
}

/** The fields of a job that change while it runs. */
export type JobUpdate = Partial<
  Pick<JobRecord, 'state' | 'progress' | 'submittedAt' | 'startedAt' | 'stoppedAt' | 'errors' | 'outputs' | 'pid'>
>;

const COLUMNS: Record<keyof JobUpdate, string> = {
  state: 'state',
  progress: 'progress',
  submittedAt: 'submitted_at',
  startedAt: 'started_at',
  stoppedAt: 'stopped_at',
  errors: 'errors',
  outputs: 'outputs',
  pid: 'pid',
};

/** A JSON value as reading it back from the database gives it (undefined members dropped, copies not shared). */
const asStored = <T>(value: T): T => (value === null ? value : (JSON.parse(JSON.stringify(value)) as T));

/** Jobs kept in memory at most: enough for every job a client polls; older ones are read again when asked. */
const CACHED_JOBS = 10_000;

/** Jobs, their states, inputs, outputs and metadata, in SQLite. */
export class JobStore {
  /**
   * Jobs as last written or read, by id. This store is the only writer of the table, so a
   * status poll (`:inspect`) reads memory instead of SQLite. Records are never changed in place.
   */
  private readonly cache = new Map<string, JobRecord>();

  private remember(job: JobRecord): JobRecord {
    this.cache.delete(job.id);
    if (this.cache.size >= CACHED_JOBS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(job.id, job);
    return job;
  }

  /** Prepared once per SQL text. */
  private readonly statement: Statements;

  constructor(db: Db) {
    this.statement = statementsOf(db);
    db.exec(`CREATE TABLE IF NOT EXISTS jobs (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      solver_key TEXT NOT NULL,
      version TEXT NOT NULL,
      inputs TEXT NOT NULL,
      inputs_checksum TEXT NOT NULL,
      created_at TEXT NOT NULL,
      state TEXT NOT NULL,
      progress INTEGER NOT NULL DEFAULT 0,
      submitted_at TEXT NOT NULL,
      started_at TEXT,
      stopped_at TEXT,
      errors TEXT,
      outputs TEXT,
      metadata TEXT NOT NULL DEFAULT '{}',
      pid INTEGER
    );
    CREATE INDEX IF NOT EXISTS jobs_by_release ON jobs (solver_key, version, seq);
    CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state)`);
  }

  insert(job: JobRecord): void {
    this.statement(
      `INSERT INTO jobs (id, solver_key, version, inputs, inputs_checksum, created_at, state, progress,
          submitted_at, started_at, stopped_at, errors, outputs, metadata, pid)
         VALUES (@id, @solver_key, @version, @inputs, @inputs_checksum, @created_at, @state, @progress,
          @submitted_at, @started_at, @stopped_at, @errors, @outputs, @metadata, @pid)`,
    ).run({
      id: job.id,
      solver_key: job.solverKey,
      version: job.version,
      inputs: JSON.stringify(job.inputs),
      inputs_checksum: job.inputsChecksum,
      created_at: job.createdAt,
      state: job.state,
      progress: job.progress,
      submitted_at: job.submittedAt,
      started_at: job.startedAt,
      stopped_at: job.stoppedAt,
      errors: job.errors === null ? null : JSON.stringify(job.errors),
      outputs: job.outputs === null ? null : JSON.stringify(job.outputs),
      metadata: JSON.stringify(job.metadata),
      pid: job.pid,
    });
    this.remember({
      ...job,
      inputs: asStored(job.inputs),
      errors: asStored(job.errors),
      outputs: asStored(job.outputs),
      metadata: asStored(job.metadata),
    });
  }

  get(id: string): JobRecord | undefined {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const row = this.statement('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row && this.remember(fromRow(row));
  }

  update(id: string, change: JobUpdate): JobRecord | undefined {
    const entries = Object.entries(change).filter(([, value]) => value !== undefined) as [keyof JobUpdate, unknown][];
    if (entries.length) {
      const sets = entries.map(([field]) => `${COLUMNS[field]} = @${field}`).join(', ');
      const params: Record<string, unknown> = { id };
      for (const [field, value] of entries) {
        params[field] =
          field === 'errors' || field === 'outputs' ? (value === null ? null : JSON.stringify(value)) : value;
      }
      const changed = this.statement(`UPDATE jobs SET ${sets} WHERE id = @id`).run(params).changes > 0;
      const cached = this.cache.get(id);
      if (!changed) this.cache.delete(id);
      else if (cached) {
        const next: JobRecord = { ...cached };
        for (const [field, value] of entries) {
          (next as unknown as Record<string, unknown>)[field] =
            field === 'errors' || field === 'outputs' ? asStored(value) : value;
        }
        this.remember(next);
      }
    }
    return this.get(id);
  }

  setMetadata(id: string, metadata: Record<string, MetaValue>): void {
    this.statement('UPDATE jobs SET metadata = ? WHERE id = ?').run(JSON.stringify(metadata), id);
    const cached = this.cache.get(id);
    if (cached) this.remember({ ...cached, metadata: asStored(metadata) });
  }

  delete(id: string): boolean {
    this.cache.delete(id);
    return this.statement('DELETE FROM jobs WHERE id = ?').run(id).changes > 0;
  }

  /** Jobs of one release, newest first. */
  listOfRelease(solverKey: string, version: string, limit = -1, offset = 0): JobRecord[] {
    const rows = this.statement(
      'SELECT * FROM jobs WHERE solver_key = ? AND version = ? ORDER BY seq DESC LIMIT ? OFFSET ?',
    ).all(solverKey, version, limit, offset) as JobRow[];
    return rows.map(fromRow);
  }

  countOfRelease(solverKey: string, version: string): number {
    return (
      this.statement('SELECT COUNT(*) AS n FROM jobs WHERE solver_key = ? AND version = ?').get(solverKey, version) as {
        n: number;
      }
    ).n;
  }

  /** Every job, newest first; `limit`/`offset` cut one page (a negative limit: no limit). */
  listAll(limit = -1, offset = 0): JobRecord[] {
    return (this.statement('SELECT * FROM jobs ORDER BY seq DESC LIMIT ? OFFSET ?').all(limit, offset) as JobRow[]).map(
      fromRow,
    );
  }

  countAll(): number {
    return (this.statement('SELECT COUNT(*) AS n FROM jobs').get() as { n: number }).n;
  }

  /** The id and metadata of every job, newest first: what a metadata filter needs, without the rest of each row. */
  metadataOfAll(): { id: string; metadata: Record<string, MetaValue> }[] {
    return (
      this.statement('SELECT id, metadata FROM jobs ORDER BY seq DESC').all() as { id: string; metadata: string }[]
    ).map((row) => ({ id: row.id, metadata: JSON.parse(row.metadata) as Record<string, MetaValue> }));
  }

  listInStates(states: readonly RunningState[]): JobRecord[] {
    const marks = states.map(() => '?').join(', ');
    return (this.statement(`SELECT * FROM jobs WHERE state IN (${marks}) ORDER BY seq`).all(...states) as JobRow[]).map(
      fromRow,
    );
  }
}
