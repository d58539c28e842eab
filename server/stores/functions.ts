import { type Db, type Statements, statementsOf } from '../db.ts';

export type FunctionClass = 'SOLVER' | 'PROJECT' | 'PYTHON_CODE';

/** A JSON-schema input or output schema of a function, as upstream's JSONFunction*Schema. */
export interface FunctionSchema {
  schema_class: 'application/schema+json';
  schema_content: Record<string, unknown>;
}

/** One registered function as stored: what it wraps depends on its class. */
export interface FunctionRecord {
  uid: string;
  functionClass: FunctionClass;
  title: string;
  description: string;
  inputSchema: FunctionSchema;
  outputSchema: FunctionSchema;
  defaultInputs: Record<string, unknown> | null;
  createdAt: string;
  modifiedAt: string;
  /** SOLVER: the release it runs. */
  solverKey: string | null;
  solverVersion: string | null;
  /** PROJECT: the study it runs. */
  projectId: string | null;
  /** PYTHON_CODE: where the code is. */
  codeUrl: string | null;
}

/** One function job: a run of a function, through the solver or study job it wraps. */
export interface FunctionJobRecord {
  uid: string;
  functionUid: string;
  functionClass: FunctionClass;
  title: string;
  description: string;
  /** The values the wrapped job runs with: the function's default inputs overlaid with the given ones. */
  inputs: Record<string, unknown> | null;
  inputsChecksum: string;
  outputs: Record<string, unknown> | null;
  /** The wrapped job's state when last read (a RunningState), or the state of the task creating it. */
  status: string;
  /** The solver job (SOLVER) or study job (PROJECT) it wraps, once created. */
  wrappedJobId: string | null;
  jobCreationTaskId: string | null;
  createdAt: string;
}

export interface FunctionJobCollectionRecord {
  uid: string;
  title: string;
  description: string;
  jobIds: string[];
  createdAt: string;
}

/** Filters of a function-job list, as upstream's FunctionJobsListFilters. */
export interface FunctionJobFilter {
  functionId?: string;
  jobIds?: readonly string[];
  collectionId?: string;
}

interface FunctionRow {
  uid: string;
  body: string;
}
interface FunctionJobRow {
  uid: string;
  function_uid: string;
  status: string;
  wrapped_job_id: string | null;
  job_creation_task_id: string | null;
  outputs: string | null;
  body: string;
}
interface CollectionRow {
  uid: string;
  title: string;
  description: string;
  created_at: string;
}

type FunctionJobBody = Pick<
  FunctionJobRecord,
  'functionClass' | 'title' | 'description' | 'inputs' | 'inputsChecksum' | 'createdAt'
>;

function jobFromRow(row: FunctionJobRow): FunctionJobRecord {
  const body = JSON.parse(row.body) as FunctionJobBody;
  return {
    ...body,
    uid: row.uid,
    functionUid: row.function_uid,
    status: row.status,
    wrappedJobId: row.wrapped_job_id,
    jobCreationTaskId: row.job_creation_task_id,
    outputs: row.outputs === null ? null : (JSON.parse(row.outputs) as Record<string, unknown>),
  };
}

/** Functions, function jobs and their collections, in SQLite (newest first in every list). */
export class FunctionStore {
  private readonly statement: Statements;

  constructor(private readonly db: Db) {
    this.statement = statementsOf(db);
  }

  // Functions

  insertFunction(fn: FunctionRecord): void {
    this.statement('INSERT INTO functions (uid, body) VALUES (?, ?)').run(fn.uid, JSON.stringify(fn));
  }

  updateFunction(fn: FunctionRecord): void {
    this.statement('UPDATE functions SET body = ? WHERE uid = ?').run(JSON.stringify(fn), fn.uid);
  }

  getFunction(uid: string): FunctionRecord | undefined {
    const row = this.statement('SELECT uid, body FROM functions WHERE uid = ?').get(uid) as FunctionRow | undefined;
    return row && (JSON.parse(row.body) as FunctionRecord);
  }

  listFunctions(limit: number, offset: number): { functions: FunctionRecord[]; total: number } {
    const rows = this.statement('SELECT uid, body FROM functions ORDER BY seq DESC LIMIT ? OFFSET ?').all(
      limit,
      offset,
    ) as FunctionRow[];
    const { total } = this.statement('SELECT count(*) AS total FROM functions').get() as { total: number };
    return { functions: rows.map((row) => JSON.parse(row.body) as FunctionRecord), total };
  }

  deleteFunction(uid: string): void {
    this.statement('DELETE FROM functions WHERE uid = ?').run(uid);
  }

  countJobsOfFunction(uid: string): number {
    return (this.statement('SELECT count(*) AS n FROM function_jobs WHERE function_uid = ?').get(uid) as { n: number })
      .n;
  }

  // Function jobs

  insertJob(job: FunctionJobRecord): void {
    const body: FunctionJobBody = {
      functionClass: job.functionClass,
      title: job.title,
      description: job.description,
      inputs: job.inputs,
      inputsChecksum: job.inputsChecksum,
      createdAt: job.createdAt,
    };
    this.statement(
      `INSERT INTO function_jobs (uid, function_uid, inputs_checksum, status, wrapped_job_id, job_creation_task_id, outputs, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      job.uid,
      job.functionUid,
      job.inputsChecksum,
      job.status,
      job.wrappedJobId,
      job.jobCreationTaskId,
      job.outputs === null ? null : JSON.stringify(job.outputs),
      JSON.stringify(body),
    );
  }

  /** Records what changes once a function job runs: its wrapped job, its status and outputs. */
  updateJob(
    uid: string,
    change: Partial<Pick<FunctionJobRecord, 'status' | 'outputs' | 'wrappedJobId' | 'jobCreationTaskId'>>,
  ): FunctionJobRecord | undefined {
    const current = this.getJob(uid);
    if (!current) return undefined;
    const next = { ...current, ...change };
    this.statement(
      'UPDATE function_jobs SET status = ?, outputs = ?, wrapped_job_id = ?, job_creation_task_id = ? WHERE uid = ?',
    ).run(
      next.status,
      next.outputs === null ? null : JSON.stringify(next.outputs),
      next.wrappedJobId,
      next.jobCreationTaskId,
      uid,
    );
    return next;
  }

  getJob(uid: string): FunctionJobRecord | undefined {
    const row = this.statement('SELECT * FROM function_jobs WHERE uid = ?').get(uid) as FunctionJobRow | undefined;
    return row && jobFromRow(row);
  }

  /** A job of the function, with the same inputs, that ended in `status` (upstream's cache of function jobs). */
  findJob(functionUid: string, inputsChecksum: string, status: string): FunctionJobRecord | undefined {
    const row = this.statement(
      'SELECT * FROM function_jobs WHERE function_uid = ? AND inputs_checksum = ? AND status = ? ORDER BY seq DESC LIMIT 1',
    ).get(functionUid, inputsChecksum, status) as FunctionJobRow | undefined;
    return row && jobFromRow(row);
  }

  listJobs(filter: FunctionJobFilter, limit: number, offset: number): { jobs: FunctionJobRecord[]; total: number } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.functionId) {
      where.push('function_uid = ?');
      params.push(filter.functionId);
    }
    if (filter.jobIds) {
      where.push(`uid IN (${filter.jobIds.map(() => '?').join(',') || 'NULL'})`);
      params.push(...filter.jobIds);
    }
    if (filter.collectionId) {
      where.push('uid IN (SELECT job_uid FROM function_job_collection_members WHERE collection_uid = ?)');
      params.push(filter.collectionId);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // Built from a fixed set of clauses: prepared each time rather than cached per id count.
    const rows = this.db
      .prepare(`SELECT * FROM function_jobs ${clause} ORDER BY seq DESC LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as FunctionJobRow[];
    const { total } = this.db.prepare(`SELECT count(*) AS total FROM function_jobs ${clause}`).get(...params) as {
      total: number;
    };
    return { jobs: rows.map(jobFromRow), total };
  }

  deleteJob(uid: string): void {
    this.statement('DELETE FROM function_jobs WHERE uid = ?').run(uid);
  }

  // Collections

  insertCollection(collection: FunctionJobCollectionRecord): void {
    this.db.transaction(() => {
      this.statement(
        'INSERT INTO function_job_collections (uid, title, description, created_at) VALUES (?, ?, ?, ?)',
      ).run(collection.uid, collection.title, collection.description, collection.createdAt);
      const member = this.statement(
        'INSERT INTO function_job_collection_members (collection_uid, position, job_uid) VALUES (?, ?, ?)',
      );
      collection.jobIds.forEach((jobId, position) => {
        member.run(collection.uid, position, jobId);
      });
    })();
  }

  private withMembers(row: CollectionRow): FunctionJobCollectionRecord {
    const members = this.statement(
      'SELECT job_uid FROM function_job_collection_members WHERE collection_uid = ? ORDER BY position',
    ).all(row.uid) as { job_uid: string }[];
    return {
      uid: row.uid,
      title: row.title,
      description: row.description,
      createdAt: row.created_at,
      jobIds: members.map((member) => member.job_uid),
    };
  }

  getCollection(uid: string): FunctionJobCollectionRecord | undefined {
    const row = this.statement('SELECT * FROM function_job_collections WHERE uid = ?').get(uid) as
      | CollectionRow
      | undefined;
    return row && this.withMembers(row);
  }

  /** Collections, newest first; with `functionId`, only those holding a job of that function. */
  listCollections(
    functionId: string | undefined,
    limit: number,
    offset: number,
  ): { collections: FunctionJobCollectionRecord[]; total: number } {
    const clause = functionId
      ? `WHERE uid IN (SELECT m.collection_uid FROM function_job_collection_members m
           JOIN function_jobs j ON j.uid = m.job_uid WHERE j.function_uid = @functionId)`
      : '';
    const rows = this.statement(
      `SELECT * FROM function_job_collections ${clause} ORDER BY seq DESC LIMIT @limit OFFSET @offset`,
    ).all({ ...(functionId ? { functionId } : {}), limit, offset }) as CollectionRow[];
    const { total } = this.statement(`SELECT count(*) AS total FROM function_job_collections ${clause}`).get(
      functionId ? { functionId } : {},
    ) as { total: number };
    return { collections: rows.map((row) => this.withMembers(row)), total };
  }

  deleteCollection(uid: string): void {
    this.db.transaction(() => {
      this.statement('DELETE FROM function_job_collection_members WHERE collection_uid = ?').run(uid);
      this.statement('DELETE FROM function_job_collections WHERE uid = ?').run(uid);
    })();
  }
}
