import { type Db, type Statements, statementsOf } from '../db.ts';
import { metadataIndexRows } from '../migrations.ts';
import { globCondition } from './glob-sql.ts';
import { NEAR_OFFSET, PageCursors } from './page-cursors.ts';

/** Upstream's `RunningState`, in its order. */
export const RUNNING_STATES = [
  'UNKNOWN',
  'NOT_STARTED',
  'PUBLISHED',
  'PENDING',
  'WAITING_FOR_CLUSTER',
  'WAITING_FOR_RESOURCES',
  'STARTED',
  'SUCCESS',
  'FAILED',
  'ABORTED',
] as const;

export type RunningState = (typeof RUNNING_STATES)[number];

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
  seq: number;
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

/** A label filter: the job has metadata `key` whose value (as text, case folded) matches the wildcard `pattern`. */
export interface MetadataMatch {
  key: string;
  pattern: string;
}

/** Which jobs a listing holds: all of them, or those the given filters keep (all must hold). */
export interface JobListing {
  release?: { solverKey: string; version: string };
  /** Every release of this solver. */
  solverKey?: string;
  /** The job is in one of these states. */
  states?: readonly RunningState[];
  /** `any`: at least one matches; `all`: every one matches. */
  metadata?: { any?: readonly MetadataMatch[]; all?: readonly MetadataMatch[] };
}

/** The jobs' rows of the metadata index that match one label filter. */
function metadataSubquery(match: MetadataMatch): { sql: string; params: unknown[] } {
  const value = globCondition('value', match.pattern.toLowerCase());
  return {
    sql: `SELECT job_seq FROM job_metadata WHERE key = ? AND ${value.sql}`,
    params: [match.key, ...value.params],
  };
}

/** The WHERE clause of a listing, built for the filters given (so each one can use its index). */
function whereOf(listing: JobListing): { sql: string; params: unknown[] } {
  const terms: string[] = [];
  const params: unknown[] = [];
  if (listing.release) {
    terms.push('solver_key = ? AND version = ?');
    params.push(listing.release.solverKey, listing.release.version);
  }
  if (listing.solverKey !== undefined) {
    terms.push('solver_key = ?');
    params.push(listing.solverKey);
  }
  if (listing.states?.length) {
    terms.push(`state IN (${listing.states.map(() => '?').join(', ')})`);
    params.push(...listing.states);
  }
  const any = listing.metadata?.any ?? [];
  if (any.length) {
    const parts = any.map(metadataSubquery);
    terms.push(`seq IN (${parts.map((part) => part.sql).join(' UNION ')})`);
    params.push(...parts.flatMap((part) => part.params));
  }
  for (const match of listing.metadata?.all ?? []) {
    const part = metadataSubquery(match);
    terms.push(`seq IN (${part.sql})`);
    params.push(...part.params);
  }
  return { sql: terms.length ? terms.join(' AND ') : '1', params };
}

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
  /** Where pages start, for listings that only adding or removing jobs reorders. */
  private readonly cursors = new PageCursors<number>();
  /** The same for listings filtered by state, which a job's change of state reorders too. */
  private readonly stateCursors = new PageCursors<number>();

  constructor(private readonly db: Db) {
    this.statement = statementsOf(db);
  }

  /** Writes the job's row and its metadata index rows. */
  private insertRow(job: JobRecord): void {
    const { lastInsertRowid } = this.statement(
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
    this.indexMetadata(Number(lastInsertRowid), job.metadata);
  }

  private indexMetadata(seq: number, metadata: Record<string, MetaValue>): void {
    const insert = this.statement('INSERT INTO job_metadata (key, value, job_seq) VALUES (?, ?, ?)');
    for (const [key, value] of metadataIndexRows(metadata)) insert.run(key, value, seq);
  }

  insert(job: JobRecord): void {
    this.db.transaction(() => this.insertRow(job))();
    this.cursors.clear();
    this.stateCursors.clear();
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
      if (changed && change.state !== undefined) this.stateCursors.clear();
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
    this.db.transaction(() => {
      const row = this.statement('UPDATE jobs SET metadata = ? WHERE id = ? RETURNING seq').get(
        JSON.stringify(metadata),
        id,
      ) as { seq: number } | undefined;
      if (!row) return;
      this.statement('DELETE FROM job_metadata WHERE job_seq = ?').run(row.seq);
      this.indexMetadata(row.seq, metadata);
    })();
    this.cursors.clear();
    this.stateCursors.clear();
    const cached = this.cache.get(id);
    if (cached) this.remember({ ...cached, metadata: asStored(metadata) });
  }

  /** Removes the job; its metadata index rows go with it (ON DELETE CASCADE). */
  delete(id: string): boolean {
    this.cache.delete(id);
    const deleted = this.statement('DELETE FROM jobs WHERE id = ?').run(id).changes > 0;
    if (deleted) {
      this.cursors.clear();
      this.stateCursors.clear();
    }
    return deleted;
  }

  /**
   * One page of the jobs of a listing, newest first, with the total the listing holds. Each
   * filter is answered by an index (the release and state indexes, the metadata table); totals
   * of unfiltered, per-release and per-state listings are kept by triggers, so a page costs
   * the same however many jobs there are. A negative limit: the whole listing.
   */
  page(listing: JobListing, limit: number, offset: number): { jobs: JobRecord[]; total: number } {
    const where = whereOf(listing);
    const total = this.totalOf(listing, where);
    if (limit === 0 || offset >= total) return { jobs: [], total };
    const cursors = listing.states?.length ? this.stateCursors : this.cursors;
    const name = `${where.sql}\u0000${JSON.stringify(where.params)}`;
    const known = cursors.nearest(name, offset);
    const take = limit < 0 ? -1 : limit + 1;
    let rows: JobRow[];
    if (known && offset - known.offset <= NEAR_OFFSET) {
      rows = this.statement(
        `SELECT * FROM jobs WHERE ${where.sql} AND seq <= ? ORDER BY seq DESC LIMIT ? OFFSET ?`,
      ).all(...where.params, known.key, take, offset - known.offset) as JobRow[];
    } else if (offset > NEAR_OFFSET && offset >= total / 2) {
      // Far down the listing: count back from its oldest job along the index instead of walking from the newest.
      const first = this.statement(`SELECT seq FROM jobs WHERE ${where.sql} ORDER BY seq ASC LIMIT 1 OFFSET ?`).get(
        ...where.params,
        total - 1 - offset,
      ) as { seq: number } | undefined;
      rows = first
        ? (this.statement(`SELECT * FROM jobs WHERE ${where.sql} AND seq <= ? ORDER BY seq DESC LIMIT ?`).all(
            ...where.params,
            first.seq,
            take,
          ) as JobRow[])
        : [];
    } else {
      rows = this.statement(`SELECT * FROM jobs WHERE ${where.sql} ORDER BY seq DESC LIMIT ? OFFSET ?`).all(
        ...where.params,
        take,
        offset,
      ) as JobRow[];
    }
    if (rows[0]) cursors.remember(name, offset, rows[0].seq);
    if (limit >= 0 && rows.length > limit) cursors.remember(name, offset + limit, rows.pop()!.seq);
    return { jobs: rows.map((row) => this.cache.get(row.id) ?? fromRow(row)), total };
  }

  /** The kept total where there is one, else a count over the filters' indexes. */
  private totalOf(listing: JobListing, where: { sql: string; params: unknown[] }): number {
    const metadataFiltered = Boolean(listing.metadata?.any?.length || listing.metadata?.all?.length);
    const states = listing.states ?? [];
    if (!metadataFiltered && !states.length && listing.solverKey === undefined) {
      const row = listing.release
        ? this.statement('SELECT n FROM job_release_counts WHERE solver_key = ? AND version = ?').get(
            listing.release.solverKey,
            listing.release.version,
          )
        : this.statement(`SELECT n FROM row_counts WHERE name = 'jobs'`).get();
      return (row as { n: number } | undefined)?.n ?? 0;
    }
    if (!metadataFiltered && !listing.release && listing.solverKey === undefined) {
      const marks = states.map(() => '?').join(', ');
      const row = this.statement(`SELECT SUM(n) AS n FROM job_state_counts WHERE state IN (${marks})`).get(...states);
      return (row as { n: number | null }).n ?? 0;
    }
    return (this.statement(`SELECT COUNT(*) AS n FROM jobs WHERE ${where.sql}`).get(...where.params) as { n: number })
      .n;
  }

  /** Adds many jobs in one transaction (seeding a host with data, benchmarks). */
  insertMany(jobs: Iterable<JobRecord>): void {
    this.db.transaction(() => {
      for (const job of jobs) this.insertRow(job);
    })();
    this.cursors.clear();
    this.stateCursors.clear();
  }

  listInStates(states: readonly RunningState[]): JobRecord[] {
    const marks = states.map(() => '?').join(', ');
    return (this.statement(`SELECT * FROM jobs WHERE state IN (${marks}) ORDER BY seq`).all(...states) as JobRow[]).map(
      fromRow,
    );
  }
}
