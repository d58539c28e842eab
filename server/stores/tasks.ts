import { type Db, type Statements, statementsOf } from '../db.ts';

/** One background task of the API (upstream runs these in Celery): creating a function job, exporting logs. */
export interface TaskRecord {
  id: string;
  name: string;
  createdAt: string;
  startedAt: string | null;
  done: boolean;
  /** 0..1 */
  progress: number;
  /** What the task answers once done without error (any JSON value). */
  result: unknown;
  /** Why the task failed, when it did. */
  error: string | null;
}

interface TaskRow {
  id: string;
  name: string;
  created_at: string;
  started_at: string | null;
  done: number;
  progress: number;
  result: string | null;
  error: string | null;
}

const fromRow = (row: TaskRow): TaskRecord => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
  startedAt: row.started_at,
  done: row.done === 1,
  progress: row.progress,
  result: row.result === null ? null : JSON.parse(row.result),
  error: row.error,
});

/** Tasks in SQLite, oldest first. */
export class TaskStore {
  private readonly statement: Statements;

  constructor(db: Db) {
    this.statement = statementsOf(db);
  }

  insert(task: TaskRecord): void {
    this.statement(
      `INSERT INTO tasks (id, name, created_at, started_at, done, progress, result, error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      task.id,
      task.name,
      task.createdAt,
      task.startedAt,
      task.done ? 1 : 0,
      task.progress,
      task.result === null || task.result === undefined ? null : JSON.stringify(task.result),
      task.error,
    );
  }

  get(id: string): TaskRecord | undefined {
    const row = this.statement('SELECT * FROM tasks WHERE id = ?').get(id) as TaskRow | undefined;
    return row && fromRow(row);
  }

  list(): TaskRecord[] {
    return (this.statement('SELECT * FROM tasks ORDER BY seq').all() as TaskRow[]).map(fromRow);
  }

  delete(id: string): boolean {
    return this.statement('DELETE FROM tasks WHERE id = ?').run(id).changes > 0;
  }
}
