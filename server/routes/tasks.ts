import { Type } from '@sinclair/typebox';
import type { HostContext, Router } from '../context.ts';
import type { TaskService } from '../services/tasks.ts';
import { TaskGetBody, TaskResultBody, TaskStatusBody, toTaskGet } from './function-schemas.ts';
import { NoBody } from './response-schemas.ts';

/* The `tasks` section, as upstream's api/routes/tasks.py implements it. */

const TaskParams = Type.Object({ task_uuid: Type.String({ minLength: 1, maxLength: 100 }) });
const TASK = '/v0/tasks/:task_uuid';
const TASK_ACTION = '/v0/tasks/:task_uuid([^:/]+)';

export function registerTaskRoutes(app: Router, context: HostContext & { tasks: TaskService }): void {
  const { tasks } = context;

  app.get('/v0/tasks', { schema: { response: { 200: Type.Object({ data: Type.Array(TaskGetBody) }) } } }, async () => ({
    data: tasks.list().map(toTaskGet),
  }));

  app.get(TASK, { schema: { params: TaskParams, response: { 200: TaskStatusBody } } }, async (request) => {
    const task = tasks.get(request.params.task_uuid);
    // Upstream leaves `started` unset.
    return { task_progress: { task_id: task.id, message: '', percent: task.progress }, done: task.done, started: null };
  });

  app.post(
    `${TASK_ACTION}::cancel`,
    { schema: { params: TaskParams, response: { 204: NoBody } } },
    async (request, reply) => {
      tasks.cancel(request.params.task_uuid);
      return reply.status(204).send();
    },
  );

  app.get(`${TASK}/result`, { schema: { params: TaskParams, response: { 200: TaskResultBody } } }, async (request) => ({
    result: tasks.result(request.params.task_uuid),
    error: null,
  }));
}
