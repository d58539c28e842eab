import { Type } from '@sinclair/typebox';
import type { HostContext, Router } from '../context.ts';
import {
  FunctionJobBody,
  FunctionJobCollectionBody,
  FunctionJobCollectionRequest,
  FunctionJobCollectionStatusBody,
  toCollectionBody,
  toFunctionJobBody,
  Uuid,
} from './function-schemas.ts';
import type { FunctionsContext } from './functions.ts';
import { PageQuery, pageFrom } from './pagination.ts';
import { NullBody, PageOf } from './response-schemas.ts';

/*
 * The `function_job_collections` section, as upstream's
 * api/routes/function_job_collections_routes.py implements it.
 */

const CollectionParams = Type.Object({ function_job_collection_id: Uuid });
const COLLECTION = '/v0/function_job_collections/:function_job_collection_id';
/** Enough for any collection `:map` makes, and for the chunks of a sweep gathered into one. */
const UNPAGED = 10_000;

export function registerFunctionJobCollectionRoutes(app: Router, context: HostContext & FunctionsContext): void {
  const { functionJobs, functionJobCollections } = context;

  app.get(
    '/v0/function_job_collections',
    {
      schema: {
        querystring: Type.Object({ ...PageQuery.properties, has_function_id: Type.Optional(Uuid) }),
        response: { 200: PageOf(FunctionJobCollectionBody) },
      },
    },
    async (request) => {
      const { limit, offset, has_function_id } = request.query;
      const page = functionJobCollections.list(has_function_id, limit, offset);
      return pageFrom(request, page.collections.map(toCollectionBody), page.total, limit, offset);
    },
  );

  app.post(
    '/v0/function_job_collections',
    { schema: { body: FunctionJobCollectionRequest, response: { 200: FunctionJobCollectionBody } } },
    async (request) => {
      const { title, description, job_ids } = request.body;
      return toCollectionBody(functionJobCollections.create(title, description, job_ids));
    },
  );

  app.get(
    COLLECTION,
    { schema: { params: CollectionParams, response: { 200: FunctionJobCollectionBody } } },
    async (request) => toCollectionBody(functionJobCollections.get(request.params.function_job_collection_id)),
  );

  // Upstream answers 200 with a null body; the collection's function jobs stay.
  app.delete(
    COLLECTION,
    { schema: { params: CollectionParams, response: { 200: NullBody } } },
    async (request, reply) => {
      functionJobCollections.delete(request.params.function_job_collection_id);
      return reply.type('application/json').send(null);
    },
  );

  app.get(
    `${COLLECTION}/status`,
    { schema: { params: CollectionParams, response: { 200: FunctionJobCollectionStatusBody } } },
    async (request) => ({ status: functionJobCollections.statuses(request.params.function_job_collection_id) }),
  );

  /** The collection's jobs, newest first as upstream lists them. */
  const jobsOf = (collectionId: string, limit: number, offset: number) => {
    const collection = functionJobCollections.get(collectionId);
    return functionJobs.list({ collectionId: collection.uid }, limit, offset);
  };

  // `/function_jobs` and `/function_jobs/list` are the same unpaged list upstream.
  for (const suffix of ['/function_jobs', '/function_jobs/list']) {
    app.get(
      `${COLLECTION}${suffix}`,
      { schema: { params: CollectionParams, response: { 200: Type.Array(FunctionJobBody) } } },
      async (request) => jobsOf(request.params.function_job_collection_id, UNPAGED, 0).jobs.map(toFunctionJobBody),
    );
  }

  app.get(
    `${COLLECTION}/function_jobs/page`,
    {
      schema: {
        params: CollectionParams,
        querystring: PageQuery,
        response: { 200: PageOf(FunctionJobBody) },
      },
    },
    async (request) => {
      const { limit, offset } = request.query;
      const page = jobsOf(request.params.function_job_collection_id, limit, offset);
      return pageFrom(request, page.jobs.map(toFunctionJobBody), page.total, limit, offset);
    },
  );
}
