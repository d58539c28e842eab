import { type Static, Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { type HostContext, originOf, type Router } from '../context.ts';
import { PROGRAM_KEY_PATTERN } from '../services/programs.ts';
import type { SolverRelease } from '../services/release.ts';
import { PageQuery, pageOf } from './pagination.ts';
import { Nullable, PageOf } from './response-schemas.ts';
import { VersionParam } from './solvers.ts';

const ProgramKeyParam = Type.String({ pattern: PROGRAM_KEY_PATTERN, maxLength: 500 });
const ProgramParams = Type.Object({ program_key: ProgramKeyParam });
const ProgramReleaseParams = Type.Object({ program_key: ProgramKeyParam, version: VersionParam });

/** `Program` as the API returns it. */
export const ProgramSchema = Type.Object({
  id: Type.String(),
  version: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  url: Nullable(Type.String()),
  version_display: Nullable(Type.String()),
});
export type ProgramBody = Static<typeof ProgramSchema>;

const ProgramPageSchema = PageOf(ProgramSchema);

/** `Job` of a program: upstream gives it no links (its job routes are the solvers'). */
const ProgramJobSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  inputs_checksum: Type.String(),
  created_at: Type.String(),
  runner_name: Type.String(),
  url: Nullable(Type.String()),
  runner_url: Nullable(Type.String()),
  outputs_url: Nullable(Type.String()),
});

// Name and description of the job's project upstream; accepted and checked as there.
const CreateProgramJobBody = Type.Object({
  name: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
});

/** `programs/<quoted key>/releases/<version>`: the runner of a program job, as upstream names it. */
export function programRunnerName(key: string, version: string): string {
  return `programs/${encodeURIComponent(key)}/releases/${version}`;
}

function toProgram(request: FastifyRequest, release: SolverRelease): ProgramBody {
  return {
    id: release.key,
    version: release.version,
    title: release.title,
    description: release.description,
    url: `${originOf(request)}/v0/${programRunnerName(release.key, release.version)}`,
    version_display: release.versionDisplay,
  };
}

/** Upstream: api/routes/programs.py (list, releases, one release, create a job with its workspace). */
export function registerProgramRoutes(app: Router, { programs }: HostContext): void {
  app.get(
    '/v0/programs',
    { schema: { querystring: PageQuery, response: { 200: ProgramPageSchema } } },
    async (request) => {
      const items = programs.latest().map((release) => toProgram(request, release));
      return pageOf(request, items, request.query.limit, request.query.offset);
    },
  );

  app.get(
    '/v0/programs/:program_key/releases',
    { schema: { params: ProgramParams, querystring: PageQuery, response: { 200: ProgramPageSchema } } },
    async (request) => {
      const items = programs.history(request.params.program_key).map((release) => toProgram(request, release));
      return pageOf(request, items, request.query.limit, request.query.offset);
    },
  );

  app.get(
    '/v0/programs/:program_key/releases/:version',
    { schema: { params: ProgramReleaseParams, response: { 200: ProgramSchema } } },
    async (request) => toProgram(request, programs.release(request.params.program_key, request.params.version)),
  );

  app.post(
    '/v0/programs/:program_key/releases/:version/jobs',
    {
      schema: { params: ProgramReleaseParams, body: CreateProgramJobBody, response: { 201: ProgramJobSchema } },
      // The body is optional: the Python client sends none.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const job = programs.createJob(request.params.program_key, request.params.version);
      const runner = programRunnerName(job.solverKey, job.version);
      return reply.status(201).send({
        id: job.id,
        name: `${runner}/jobs/${job.id}`,
        inputs_checksum: job.inputsChecksum,
        created_at: job.createdAt,
        runner_name: runner,
        url: null,
        runner_url: null,
        outputs_url: null,
      });
    },
  );
}
