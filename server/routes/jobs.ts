import { PassThrough } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { type HostContext, originOf, type Router } from '../context.ts';
import { apiErrors } from '../errors.ts';
import { checkGlob } from '../services/glob.ts';
import { logFileName } from '../services/job-logs.ts';
import { parseFilter, RUNNING_STATES } from '../services/jobs.ts';
import type { JobRecord, MetaValue } from '../stores/jobs.ts';
import { jobOutputsJson } from './job-outputs.ts';
import { LOCAL_FILTERS_HEADER, PageQuery, pageFrom } from './pagination.ts';
import {
  Job,
  JobInputs,
  JobLog,
  JobMetadata,
  JobOutputs,
  JobStatus,
  NoBody,
  PageOf,
  SentAs,
  Wallet,
} from './response-schemas.ts';
import { ReleaseParams } from './solvers.ts';

/** `Job` as the API returns it. */
export type JobBody = Job;
/** `JobStatus` as the API returns it. */
export type JobStatusBody = JobStatus;
/** `JobLog`: one line of the NDJSON log stream. */
export type JobLogBody = JobLog;

const LOG_LEVEL_INFO = 20;
/** The most jobs the unpaged job list of a release answers, as upstream. */
export const LEGACY_JOB_LIST_LIMIT = 20;
/** Lines per JobLog object when replaying a log that was already written. */
const REPLAY_BATCH = 200;

/** `solvers/<quoted key>/releases/<version>`: the runner of a job, as upstream names it. */
export function runnerName(solverKey: string, version: string): string {
  return `solvers/${encodeURIComponent(solverKey)}/releases/${version}`;
}

/** A job as upstream answers it, for any runner (`solvers/...`, `studies/<id>`): its name and links. */
export function jobBodyOf(
  request: FastifyRequest,
  runner: string,
  job: { id: string; inputsChecksum: string; createdAt: string },
): JobBody {
  const runnerUrl = `${originOf(request)}/v0/${runner}`;
  const url = `${runnerUrl}/jobs/${job.id}`;
  return {
    id: job.id,
    name: `${runner}/jobs/${job.id}`,
    inputs_checksum: job.inputsChecksum,
    created_at: job.createdAt,
    runner_name: runner,
    url,
    runner_url: runnerUrl,
    outputs_url: `${url}/outputs`,
  };
}

export function toJob(request: FastifyRequest, job: JobRecord): JobBody {
  return jobBodyOf(request, runnerName(job.solverKey, job.version), job);
}

export function toJobStatus(job: JobRecord): JobStatusBody {
  return {
    job_id: job.id,
    state: job.state,
    progress: job.progress,
    submitted_at: job.submittedAt,
    started_at: job.startedAt,
    stopped_at: job.stoppedAt,
    errors: job.errors,
  };
}

export const JobParams = Type.Object({ ...ReleaseParams.properties, job_id: Type.String({ format: 'uuid' }) });

const JobInputsBody = JobInputs;

/** The longest custom metadata key. */
const MAX_METADATA_KEY = 200;

// Keys and values are checked in the handler (metaValuesOf).
export const JobMetadataUpdateBody = Type.Object(
  {
    metadata: Type.Record(Type.String({ minLength: 1, maxLength: MAX_METADATA_KEY }), Type.Unknown(), { default: {} }),
  },
  { additionalProperties: false },
);

/**
 * Custom metadata keys are at most 200 characters and values strings, numbers or booleans
 * (`MetaValueType`); 422 naming the key otherwise. Checked here: a schema on record keys is
 * not enforced, and a schema union would coerce values (42 → "42") before checking.
 */
export function metaValuesOf(metadata: Record<string, unknown>): Record<string, MetaValue> {
  const issues = Object.entries(metadata).flatMap(([key, value]) => {
    if (key.length > MAX_METADATA_KEY) {
      const shown = `${key.slice(0, 40)}…`;
      return [
        {
          loc: ['body', 'metadata', shown],
          msg: `metadata key ${shown} has ${key.length} characters: at most ${MAX_METADATA_KEY} are allowed`,
          type: 'string_too_long',
        },
      ];
    }
    if (['string', 'number', 'boolean'].includes(typeof value)) return [];
    return [
      {
        loc: ['body', 'metadata', key],
        msg: `metadata.${key} must be a string, a number or a boolean`,
        type: 'type_error',
        input: value,
      },
    ];
  });
  if (issues.length) throw apiErrors.validation(issues);
  return metadata as Record<string, MetaValue>;
}

const AllJobsQuery = Type.Object({
  limit: PageQuery.properties.limit,
  offset: PageQuery.properties.offset,
  'metadata.any': Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  'metadata.all': Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  // Local extensions (upstream has neither): the answer's LOCAL_FILTERS_HEADER names those applied.
  solver_id: Type.Optional(
    Type.String({ minLength: 1, maxLength: 255, description: 'Local extension: only jobs of this solver (its key)' }),
  ),
  state: Type.Optional(
    Type.Array(Type.Union(RUNNING_STATES.map((state) => Type.Literal(state))), {
      description: 'Local extension: only jobs in one of these states',
    }),
  ),
});

const BatchMetadataQuery = Type.Object({
  job_ids: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 50 }),
});

export const JOB = '/v0/solvers/:solver_key/releases/:version/jobs/:job_id';
/** The job path for the `:start`-style actions: the id may not hold a colon, so the action stays out of it. */
const JOB_ACTION = '/v0/solvers/:solver_key/releases/:version/jobs/:job_id([^:/]+)';

export function registerJobRoutes(app: Router, context: HostContext): void {
  const { jobs, jobRuns, jobLogs, wallet, jobAssets, logLinks } = context;

  const metadataBody = (request: FastifyRequest, job: JobRecord): JobMetadata => ({
    job_id: job.id,
    metadata: job.metadata,
    url: `${toJob(request, job).url}/metadata`,
  });

  app.get(
    '/v0/solvers/-/releases/-/jobs',
    { schema: { querystring: AllJobsQuery, response: { 200: PageOf(Job) } } },
    async (request, reply) => {
      const { limit, offset } = request.query;
      const filter = { any: request.query['metadata.any'], all: request.query['metadata.all'] };
      for (const name of ['any', 'all'] as const) {
        for (const [index, item] of (filter[name] ?? []).entries())
          checkGlob(parseFilter(item)[1], ['query', `metadata.${name}`, index]);
      }
      const { solver_id, state } = request.query;
      const { jobs: page, total } = jobs.listAll({ ...filter, solverKey: solver_id, states: state }, limit, offset);
      reply.header(LOCAL_FILTERS_HEADER, 'solver_id, state');
      return pageFrom(
        request,
        page.map((job) => toJob(request, job)),
        total,
        limit,
        offset,
      );
    },
  );

  app.get(
    '/v0/solvers/-/releases/-/jobs/metadata::batchGet',
    { schema: { querystring: BatchMetadataQuery, response: { 200: Type.Object({ items: Type.Array(JobMetadata) }) } } },
    async (request) => ({
      items: jobs.getMany(request.query.job_ids).map((job) => metadataBody(request, job)),
    }),
  );

  app.post(
    '/v0/solvers/:solver_key/releases/:version/jobs',
    { schema: { params: ReleaseParams, body: JobInputsBody, response: { 201: Job } } },
    async (request, reply) => {
      const job = jobs.create(request.params.solver_key, request.params.version, request.body.values);
      return reply.status(201).send(toJob(request, job));
    },
  );

  // Deprecated upstream and "limited to 20 jobs" there (api/routes/solvers_jobs_read.py, list_jobs).
  app.get(
    '/v0/solvers/:solver_key/releases/:version/jobs',
    { schema: { params: ReleaseParams, response: { 200: Type.Array(Job) } } },
    async (request) =>
      jobs
        .listOfRelease(request.params.solver_key, request.params.version, LEGACY_JOB_LIST_LIMIT)
        .jobs.map((job) => toJob(request, job)),
  );

  app.get(
    '/v0/solvers/:solver_key/releases/:version/jobs/page',
    { schema: { params: ReleaseParams, querystring: PageQuery, response: { 200: PageOf(Job) } } },
    async (request) => {
      const { limit, offset } = request.query;
      const { jobs: page, total } = jobs.listOfRelease(
        request.params.solver_key,
        request.params.version,
        limit,
        offset,
      );
      return pageFrom(
        request,
        page.map((job) => toJob(request, job)),
        total,
        limit,
        offset,
      );
    },
  );

  app.get(JOB, { schema: { params: JobParams, response: { 200: Job } } }, async (request) => {
    const { solver_key, version, job_id } = request.params;
    return toJob(request, jobs.get(solver_key, version, job_id));
  });

  app.delete(JOB, { schema: { params: JobParams, response: { 204: NoBody } } }, async (request, reply) => {
    const { solver_key, version, job_id } = request.params;
    await jobRuns.delete(solver_key, version, job_id);
    return reply.status(204).send();
  });

  // Local extension: the inputs a job runs with (defaults filled in, files as File objects).
  app.get(`${JOB}/inputs`, { schema: { params: JobParams, response: { 200: JobInputs } } }, async (request) => {
    const { solver_key, version, job_id } = request.params;
    return { values: jobs.get(solver_key, version, job_id).inputs };
  });

  app.post(
    `${JOB_ACTION}::start`,
    { schema: { params: JobParams, response: { 200: JobStatus, 202: JobStatus } } },
    async (request, reply) => {
      const { solver_key, version, job_id } = request.params;
      const { job, alreadyStarted } = jobRuns.start(solver_key, version, job_id);
      return reply.status(alreadyStarted ? 200 : 202).send(toJobStatus(job));
    },
  );

  app.post(`${JOB_ACTION}::stop`, { schema: { params: JobParams, response: { 200: JobStatus } } }, async (request) => {
    const { solver_key, version, job_id } = request.params;
    return toJobStatus(await jobRuns.stop(solver_key, version, job_id));
  });

  app.post(
    `${JOB_ACTION}::inspect`,
    { schema: { params: JobParams, response: { 200: JobStatus } } },
    async (request) => {
      const { solver_key, version, job_id } = request.params;
      return toJobStatus(jobs.get(solver_key, version, job_id));
    },
  );

  app.get(
    `${JOB}/outputs`,
    { schema: { params: JobParams, response: { 200: SentAs('application/json', JobOutputs) } } },
    async (request, reply) => {
      const { solver_key, version, job_id } = request.params;
      jobAssets.requirePresent(job_id);
      // Sent as text: a serializer would write 8.0 as 8 (see job-outputs.ts); the schema documents it.
      const text = jobOutputsJson(job_id, jobs.outputs(solver_key, version, job_id));
      return reply.type('application/json; charset=utf-8').send(text);
    },
  );

  // As upstream (api/routes/solvers_jobs_read.py, get_job_output_logfile): 404 until the job
  // is completed, then 307 to a storage link; the live log is the logstream route.
  app.get(
    `${JOB}/outputs/logfile`,
    { schema: { params: JobParams, response: { 307: NoBody } } },
    async (request, reply) => {
      const { solver_key, version, job_id } = request.params;
      const job = jobs.get(solver_key, version, job_id);
      jobAssets.requirePresent(job_id);
      if (job.stoppedAt === null || jobLogs.logFiles(job).length === 0) {
        throw apiErrors.notFoundBecause(
          `Log for ${runnerName(solver_key, version)}/jobs/${job_id} not found. Note that these logs are only available after the job is completed.`,
        );
      }
      const zipName = logFileName(job.solverKey, job.version).replace(/\.log$/, `_${job.id}_logs.zip`);
      return reply.redirect(logLinks.link(originOf(request), job.id, zipName), 307);
    },
  );

  // A stream of JobLog lines (NDJSON): the schema documents one line.
  // A stream of JobLog lines (NDJSON): the schema documents one line.
  app.get(
    `${JOB}/logstream`,
    { schema: { params: JobParams, response: { 200: SentAs('application/x-ndjson', JobLog) } } },
    async (request, reply) => {
      const { solver_key, version, job_id } = request.params;
      jobs.get(solver_key, version, job_id);
      const stream = new PassThrough();
      const writeLog = (messages: string[]) => {
        for (let i = 0; i < messages.length; i += REPLAY_BATCH) {
          const entry: JobLogBody = {
            job_id,
            node_id: null,
            log_level: LOG_LEVEL_INFO,
            messages: messages.slice(i, i + REPLAY_BATCH),
          };
          stream.write(`${JSON.stringify(entry)}\n`);
        }
      };
      const unfollow = jobLogs.follow(job_id, { lines: writeLog, end: () => stream.end() });
      // A client that goes away stops following.
      reply.raw.once('close', () => unfollow?.());
      return reply
        .status(200)
        .header('content-type', 'application/x-ndjson')
        .header('cache-control', 'no-cache')
        .header('x-accel-buffering', 'no')
        .send(stream);
    },
  );

  app.get(`${JOB}/metadata`, { schema: { params: JobParams, response: { 200: JobMetadata } } }, async (request) => {
    const { solver_key, version, job_id } = request.params;
    return metadataBody(request, jobs.get(solver_key, version, job_id));
  });

  app.patch(
    `${JOB}/metadata`,
    { schema: { params: JobParams, body: JobMetadataUpdateBody, response: { 200: JobMetadata } } },
    async (request) => {
      const { solver_key, version, job_id } = request.params;
      return metadataBody(request, jobs.setMetadata(solver_key, version, job_id, metaValuesOf(request.body.metadata)));
    },
  );

  app.get(`${JOB}/wallet`, { schema: { params: JobParams, response: { 200: Wallet } } }, async (request) => {
    const { solver_key, version, job_id } = request.params;
    jobs.get(solver_key, version, job_id);
    return wallet.defaultWallet();
  });
}
