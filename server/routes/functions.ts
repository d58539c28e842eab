import { Type } from '@sinclair/typebox';
import type { HostContext, Router } from '../context.ts';
import { apiErrors } from '../errors.ts';
import type { FunctionJobCollectionService } from '../services/function-job-collections.ts';
import { type FunctionJobService, MAX_MAP_INPUTS } from '../services/function-jobs.ts';
import type { FunctionService } from '../services/functions.ts';
import {
  bodyOfClass,
  FunctionBody,
  FunctionJobBody,
  FunctionJobCollectionBody,
  FunctionRegistrationBodies,
  FunctionSchemaBody,
  toCollectionBody,
  toFunctionBody,
  toFunctionJobBody,
  Uuid,
} from './function-schemas.ts';
import { PageQuery, pageFrom } from './pagination.ts';
import { NullBody, PageOf } from './response-schemas.ts';

/*
 * The `functions` section, as upstream's api/routes/functions_routes.py implements it:
 * register, list, get, title and description patches, schemas, :validate_inputs, :run, :map,
 * the function's jobs and delete.
 */

export interface FunctionsContext {
  functions: FunctionService;
  functionJobs: FunctionJobService;
  functionJobCollections: FunctionJobCollectionService;
}

const FunctionParams = Type.Object({ function_id: Uuid });
const FUNCTION = '/v0/functions/:function_id';
/** Actions (`:run`, `:map`, ...) follow the id after a colon, which the id itself cannot hold. */
const FUNCTION_ACTION = '/v0/functions/:function_id([^:/]+)';

/** Upstream requires both headers on :run and :map ("null" when the call comes from no study node). */
const ParentHeaders = Type.Object({
  'x-simcore-parent-project-uuid': Type.Union([Uuid, Type.Literal('null')]),
  'x-simcore-parent-node-id': Type.Union([Uuid, Type.Literal('null')]),
});

const AnyObject = Type.Record(Type.String(), Type.Unknown());

/** A body that is a JSON object, null or absent (upstream's `FunctionInputs`). */
function inputsOf(body: unknown): Record<string, unknown> | null {
  if (body === undefined || body === null) return null;
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw apiErrors.invalid(
      ['body'],
      'The function inputs must be a JSON object (port key → value) or null',
      'dict_type',
      body,
    );
  }
  return body as Record<string, unknown>;
}

export function registerFunctionRoutes(app: Router, context: HostContext & FunctionsContext): void {
  const { functions, functionJobs, functionJobCollections } = context;

  // `function_class` decides the shape: the body is checked against that class's model.
  app.post('/v0/functions', { schema: { body: AnyObject, response: { 200: FunctionBody } } }, async (request) => {
    const body = bodyOfClass(FunctionRegistrationBodies, request.body);
    const fn = functions.register({
      functionClass: body.function_class,
      title: body.title,
      description: body.description,
      inputSchema: body.input_schema,
      outputSchema: body.output_schema,
      defaultInputs: body.default_inputs,
      ...('solver_key' in body ? { solverKey: body.solver_key, solverVersion: body.solver_version } : {}),
      ...('project_id' in body ? { projectId: body.project_id } : {}),
      ...('code_url' in body ? { codeUrl: body.code_url } : {}),
    });
    return toFunctionBody(fn);
  });

  app.get(
    '/v0/functions',
    { schema: { querystring: PageQuery, response: { 200: PageOf(FunctionBody) } } },
    async (request) => {
      const { limit, offset } = request.query;
      const page = functions.list(limit, offset);
      return pageFrom(request, page.functions.map(toFunctionBody), page.total, limit, offset);
    },
  );

  app.get(FUNCTION, { schema: { params: FunctionParams, response: { 200: FunctionBody } } }, async (request) =>
    toFunctionBody(functions.get(request.params.function_id)),
  );

  // Upstream answers 200 with a null body.
  app.delete(FUNCTION, { schema: { params: FunctionParams, response: { 200: NullBody } } }, async (request, reply) => {
    functions.delete(request.params.function_id);
    return reply.type('application/json').send(null);
  });

  app.get(
    `${FUNCTION}/jobs`,
    { schema: { params: FunctionParams, querystring: PageQuery, response: { 200: PageOf(FunctionJobBody) } } },
    async (request) => {
      const { limit, offset } = request.query;
      const fn = functions.get(request.params.function_id);
      const page = functionJobs.list({ functionId: fn.uid }, limit, offset);
      return pageFrom(request, page.jobs.map(toFunctionJobBody), page.total, limit, offset);
    },
  );

  app.patch(
    `${FUNCTION}/title`,
    {
      schema: {
        params: FunctionParams,
        querystring: Type.Object({ title: Type.String({ maxLength: 600 }) }),
        response: { 200: FunctionBody },
      },
    },
    async (request) => toFunctionBody(functions.update(request.params.function_id, { title: request.query.title })),
  );

  app.patch(
    `${FUNCTION}/description`,
    {
      schema: {
        params: FunctionParams,
        querystring: Type.Object({ description: Type.String({ maxLength: 65536 }) }),
        response: { 200: FunctionBody },
      },
    },
    async (request) =>
      toFunctionBody(functions.update(request.params.function_id, { description: request.query.description })),
  );

  app.get(
    `${FUNCTION}/input_schema`,
    { schema: { params: FunctionParams, response: { 200: FunctionSchemaBody } } },
    async (request) => functions.get(request.params.function_id).inputSchema,
  );

  app.get(
    `${FUNCTION}/output_schema`,
    { schema: { params: FunctionParams, response: { 200: FunctionSchemaBody } } },
    async (request) => functions.get(request.params.function_id).outputSchema,
  );

  // Answers [valid, why] as upstream does; only the inputs as given are checked (no defaults joined).
  app.post(
    `${FUNCTION_ACTION}::validate_inputs`,
    {
      schema: {
        params: FunctionParams,
        response: { 200: Type.Tuple([Type.Boolean(), Type.String()]) },
      },
    },
    async (request) =>
      functions.validateInputs(functions.get(request.params.function_id), inputsOf(request.body) ?? {}),
  );

  app.post(
    `${FUNCTION_ACTION}::run`,
    { schema: { params: FunctionParams, headers: ParentHeaders, response: { 200: FunctionJobBody } } },
    async (request) => {
      const fn = functions.get(request.params.function_id);
      const [job] = functionJobs.run(fn, [inputsOf(request.body)], () => ['body']);
      return toFunctionJobBody(job!);
    },
  );

  app.post(
    `${FUNCTION_ACTION}::map`,
    {
      schema: {
        params: FunctionParams,
        headers: ParentHeaders,
        body: Type.Array(Type.Unknown()),
        response: { 200: FunctionJobCollectionBody },
      },
    },
    async (request) => {
      const list = request.body;
      if (list.length > MAX_MAP_INPUTS) {
        throw apiErrors.invalid(
          ['body'],
          `A map takes at most ${MAX_MAP_INPUTS} inputs per call; this one has ${list.length}. Send them in calls of ${MAX_MAP_INPUTS} or fewer.`,
          'too_long',
        );
      }
      const inputsList = list.map((item, index) => {
        try {
          return inputsOf(item);
        } catch {
          throw apiErrors.invalid(
            ['body', index],
            `Inputs ${index} must be a JSON object (port key → value) or null`,
            'dict_type',
            item,
          );
        }
      });
      const fn = functions.get(request.params.function_id);
      const jobs = functionJobs.run(fn, inputsList, (index) => ['body', index]);
      return toCollectionBody(
        functionJobCollections.ofMap(
          fn,
          jobs.map((job) => job.uid),
        ),
      );
    },
  );
}
