import { Type } from '@sinclair/typebox';
import type { HostContext, Router } from '../context.ts';
import {
  bodyOfClass,
  FunctionJobBody,
  FunctionJobRegistrationBodies,
  FunctionJobStatusBody,
  FunctionJobWithStatusBody,
  TaskGetBody,
  toFunctionJobBody,
  toTaskGet,
  Uuid,
} from './function-schemas.ts';
import type { FunctionsContext } from './functions.ts';
import { PageQuery, pageFrom } from './pagination.ts';
import { NullBody, PageOf } from './response-schemas.ts';

/*
 * The `function_jobs` section, as upstream's api/routes/function_jobs_routes.py implements it:
 * list (filters, include_status), register, get, delete, status, outputs and the log task.
 */

const JobParams = Type.Object({ function_job_id: Uuid });
const JOB = '/v0/function_jobs/:function_job_id';

const ListQuery = Type.Object({
  ...PageQuery.properties,
  include_status: Type.Boolean({ default: false }),
  function_id: Type.Optional(Uuid),
  function_job_ids: Type.Optional(Type.Array(Uuid, { maxItems: 1000 })),
  function_job_collection_id: Type.Optional(Uuid),
});

const AnyObject = Type.Record(Type.String(), Type.Unknown());

export function registerFunctionJobRoutes(app: Router, context: HostContext & FunctionsContext): void {
  const { functionJobs } = context;

  app.get(
    '/v0/function_jobs',
    {
      schema: {
        querystring: ListQuery,
        response: { 200: PageOf(Type.Union([FunctionJobWithStatusBody, FunctionJobBody])) },
      },
    },
    async (request) => {
      const { limit, offset, include_status, function_id, function_job_ids, function_job_collection_id } =
        request.query;
      const page = functionJobs.list(
        {
          functionId: function_id?.toLowerCase(),
          jobIds: function_job_ids?.map((id) => id.toLowerCase()),
          collectionId: function_job_collection_id?.toLowerCase(),
        },
        limit,
        offset,
      );
      const items = page.jobs.map((job) => {
        if (!include_status) return toFunctionJobBody(job);
        // As upstream: a job with its status also has its outputs once it succeeded.
        const current = functionJobs.status(job);
        const outputs = current.status === 'SUCCESS' ? functionJobs.outputs(current) : current.outputs;
        return { ...toFunctionJobBody({ ...current, outputs }), status: { status: current.status } };
      });
      return pageFrom(request, items, page.total, limit, offset);
    },
  );

  app.post(
    '/v0/function_jobs',
    { schema: { body: AnyObject, response: { 200: FunctionJobBody } } },
    async (request) => {
      const body = bodyOfClass(FunctionJobRegistrationBodies, request.body);
      const wrapped =
        'solver_job_id' in body ? body.solver_job_id : 'project_job_id' in body ? body.project_job_id : null;
      return toFunctionJobBody(
        functionJobs.register({
          functionUid: body.function_uid,
          functionClass: body.function_class,
          title: body.title,
          description: body.description,
          inputs: body.inputs,
          outputs: body.outputs,
          wrappedJobId: wrapped?.toLowerCase() ?? null,
          jobCreationTaskId: 'job_creation_task_id' in body ? body.job_creation_task_id : null,
        }),
      );
    },
  );

  app.get(JOB, { schema: { params: JobParams, response: { 200: FunctionJobBody } } }, async (request) =>
    toFunctionJobBody(functionJobs.get(request.params.function_job_id)),
  );

  // Upstream answers 200 with a null body; the wrapped job stays.
  app.delete(JOB, { schema: { params: JobParams, response: { 200: NullBody } } }, async (request, reply) => {
    functionJobs.delete(request.params.function_job_id);
    return reply.type('application/json').send(null);
  });

  app.get(
    `${JOB}/status`,
    { schema: { params: JobParams, response: { 200: FunctionJobStatusBody } } },
    async (request) => ({ status: functionJobs.status(functionJobs.get(request.params.function_job_id)).status }),
  );

  // null until the job succeeded, as upstream.
  app.get(
    `${JOB}/outputs`,
    { schema: { params: JobParams, response: { 200: Type.Union([AnyObject, Type.Null()]) } } },
    async (request) => functionJobs.outputs(functionJobs.get(request.params.function_job_id)),
  );

  app.post(`${JOB}/log`, { schema: { params: JobParams, response: { 200: TaskGetBody } } }, async (request) =>
    toTaskGet(functionJobs.logTask(functionJobs.get(request.params.function_job_id))),
  );
}
