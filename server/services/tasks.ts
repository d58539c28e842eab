import crypto from 'node:crypto';
import type { Db } from '../db.ts';
import { ApiError, apiErrors } from '../errors.ts';
import { type TaskRecord, TaskStore } from '../stores/tasks.ts';

/**
 * The API's tasks (upstream: api/routes/tasks.py over Celery). The local host does each task's
 * work when it is submitted, so a task is done by the time its id is answered; its status,
 * result and cancel work as upstream's.
 */
export class TaskService {
  private readonly store: TaskStore;

  constructor(db: Db) {
    this.store = new TaskStore(db);
  }

  /** Runs `work` as the task `name`, recording its result, or its error when it throws. */
  run(name: string, work: () => unknown): TaskRecord {
    const now = new Date().toISOString();
    const task: TaskRecord = {
      id: crypto.randomUUID(),
      name,
      createdAt: now,
      startedAt: now,
      done: true,
      progress: 1,
      result: null,
      error: null,
    };
    try {
      task.result = work() ?? null;
    } catch (error) {
      task.error = error instanceof ApiError || error instanceof Error ? error.message : String(error);
    }
    this.store.insert(task);
    return task;
  }

  list(): TaskRecord[] {
    return this.store.list();
  }

  get(id: string): TaskRecord {
    const task = this.store.get(id);
    if (!task) throw apiErrors.notFound('Task', id);
    return task;
  }

  /** Upstream answers 404 until the task is done, 503 when it failed. */
  result(id: string): unknown {
    const task = this.get(id);
    if (!task.done) throw new ApiError(404, [`Task ${id} has not completed yet`]);
    if (task.error !== null) throw new ApiError(503, [`The execution of task ${id} failed: ${task.error}`]);
    return task.result;
  }

  /** Cancelling revokes the task: it is forgotten, as Celery forgets a revoked task. */
  cancel(id: string): void {
    if (!this.store.delete(id)) throw apiErrors.notFound('Task', id);
  }
}
