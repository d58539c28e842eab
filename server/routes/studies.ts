import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyRequest } from 'fastify';
import { type HostContext, originOf, type Router } from '../context.ts';
import { apiErrors } from '../errors.ts';
import type { Study } from '../services/studies.ts';
import type { StudyJobService } from '../services/study-jobs.ts';
import type { StudyJobRecord } from '../stores/studies.ts';
import { JobMetadataUpdateBody, jobBodyOf, metaValuesOf } from './jobs.ts';
import { PageQuery, pageFrom } from './pagination.ts';
import {
  Job,
  JobInputs,
  JobMetadata,
  JobOutputs,
  JobStatus,
  NoBody,
  Nullable,
  PageOf,
  Uuid,
} from './response-schemas.ts';

/*
 * The 15 study operations of the API, as upstream's api-server implements them
 * (api/routes/studies.py, studies_jobs.py), plus local extensions the dashboard uses:
 * a job's inputs, its nodes and the pipeline's own log.
 */

// Responses
const StudyBody = Type.Object({ uid: Uuid, title: Nullable(Type.String()), description: Nullable(Type.String()) });
const StudyPortBody = Type.Object({
  key: Uuid,
  kind: Type.Union([Type.Literal('input'), Type.Literal('output')]),
  content_schema: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
const JobLogsMapBody = Type.Object({
  log_links: Type.Array(Type.Object({ node_name: Type.String(), download_link: Type.String() })),
});
const StudyJobNodeBody = Type.Object({
  node_id: Uuid,
  name: Type.String(),
  kind: Type.String(),
  label: Type.String(),
  state: Nullable(Type.String()),
  progress: Type.Integer(),
  solver_key: Nullable(Type.String()),
  version: Nullable(Type.String()),
  job_id: Nullable(Type.String()),
});
/** Local extension: what the dashboard draws on the pipeline graph. */
const StudyDetailBody = Type.Object({
  ...StudyBody.properties,
  nodes: Type.Array(
    Type.Object({
      node_id: Uuid,
      name: Type.String(),
      kind: Type.String(),
      label: Type.String(),
      solver_key: Nullable(Type.String()),
      version: Nullable(Type.String()),
      /** Input port (or `value` for a probe) → the node output it is connected to. */
      sources: Type.Record(Type.String(), Type.Object({ node_id: Uuid, port: Nullable(Type.String()) })),
      values: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
});

export type StudyBody = Static<typeof StudyBody>;
export type StudyJobBody = Job;
export type StudyJobStatusBody = JobStatus;

// Requests
const StudyParams = Type.Object({ study_id: Uuid });
const StudyJobParams = Type.Object({ study_id: Uuid, job_id: Uuid });
const CloneQuery = Type.Object({ hidden: Type.Boolean({ default: false }) });
const CloneBody = Type.Object(
  {
    title: Type.Optional(Nullable(Type.String({ maxLength: 600 }))),
    description: Type.Optional(Nullable(Type.String({ maxLength: 65536 }))),
  },
  { additionalProperties: false },
);
const CreateJobQuery = Type.Object({ hidden: Type.Boolean({ default: true }) });
const StartQuery = Type.Object({ cluster_id: Type.Optional(Type.Integer({ minimum: 0 })) });

const STUDY = '/v0/studies/:study_id';
/** Paths of the `:start`-style actions: the job id may not hold a colon, so the action stays out of it. */
const JOB = `${STUDY}/jobs/:job_id`;
const JOB_ACTION = `${STUDY}/jobs/:job_id([^:/]+)`;
const STUDY_ACTION = '/v0/studies/:study_id([^:/]+)';

const toStudy = (study: Study): StudyBody => ({ uid: study.id, title: study.title, description: study.description });

/** `studies/<study id>/jobs/<job id>`, with the links upstream gives a study job. */
function toStudyJob(request: FastifyRequest, job: StudyJobRecord): StudyJobBody {
  return jobBodyOf(request, `studies/${job.studyId}`, job);
}

function toStatus(studyJobs: StudyJobService, job: StudyJobRecord): StudyJobStatusBody {
  const current = studyJobs.status(job);
  return {
    job_id: current.id,
    state: current.state,
    progress: current.progress,
    submitted_at: current.submittedAt,
    started_at: current.startedAt,
    stopped_at: current.stoppedAt,
    errors: current.errors,
  };
}

export function registerStudyRoutes(app: Router, context: HostContext & { studyJobs: StudyJobService }): void {
  const { studies, studyJobs } = context;
  const metadataOf = (request: FastifyRequest, job: StudyJobRecord): JobMetadata => ({
    job_id: job.id,
    metadata: job.metadata,
    url: `${toStudyJob(request, job).url}/metadata`,
  });

  app.get(
    '/v0/studies',
    { schema: { querystring: PageQuery, response: { 200: PageOf(StudyBody) } } },
    async (request) => {
      const { limit, offset } = request.query;
      const all = studies.list();
      return pageFrom(request, all.slice(offset, offset + limit).map(toStudy), all.length, limit, offset);
    },
  );

  app.get(`${STUDY}`, { schema: { params: StudyParams, response: { 200: StudyBody } } }, async (request) =>
    toStudy(studies.get(request.params.study_id)),
  );

  // The body is optional (upstream's `Body(empty=True)`): checked here, since an absent body is not an object.
  app.post(
    `${STUDY_ACTION}::clone`,
    { schema: { params: StudyParams, querystring: CloneQuery, response: { 201: StudyBody } } },
    async (request, reply) => {
      const body = request.body ?? {};
      if (!Value.Check(CloneBody, body)) {
        const issues = [...Value.Errors(CloneBody, body)].map((error) => ({
          loc: ['body', ...error.path.split('/').filter(Boolean)],
          msg: `${error.path.slice(1) || 'body'} ${error.message}`,
          type: 'value_error',
        }));
        throw apiErrors.validation(issues);
      }
      const clone = studies.clone(request.params.study_id, { ...body, hidden: request.query.hidden });
      return reply.status(201).send(toStudy(clone));
    },
  );

  app.get(
    `${STUDY}/ports`,
    {
      schema: {
        params: StudyParams,
        response: { 200: Type.Object({ items: Type.Array(StudyPortBody), total: Type.Integer() }) },
      },
    },
    async (request) => {
      const items = studies.ports(request.params.study_id);
      return { items, total: items.length };
    },
  );

  // Local extension: the pipeline (nodes and connections) for the dashboard's graph.
  app.get(
    `${STUDY}/pipeline`,
    { schema: { params: StudyParams, response: { 200: StudyDetailBody } } },
    async (request) => {
      const study = studies.get(request.params.study_id);
      return { ...toStudy(study), nodes: studies.pipeline(study) };
    },
  );

  app.get(
    `${STUDY}/jobs`,
    { schema: { params: StudyParams, querystring: PageQuery, response: { 200: PageOf(Job) } } },
    async (request) => {
      const { limit, offset } = request.query;
      const { jobs, total } = studyJobs.list(request.params.study_id, limit, offset);
      return pageFrom(
        request,
        jobs.map((job) => toStudyJob(request, job)),
        total,
        limit,
        offset,
      );
    },
  );

  // Upstream answers 200 (not 201) here; `hidden` and the parent headers are accepted as it accepts them.
  app.post(
    `${STUDY}/jobs`,
    { schema: { params: StudyParams, querystring: CreateJobQuery, body: JobInputs, response: { 200: Job } } },
    async (request) => toStudyJob(request, studyJobs.create(request.params.study_id, request.body.values)),
  );

  // Upstream answers 501 Not Implemented; the local host answers with the job.
  app.get(JOB, { schema: { params: StudyJobParams, response: { 200: Job } } }, async (request) =>
    toStudyJob(request, studyJobs.get(request.params.study_id, request.params.job_id)),
  );

  app.delete(JOB, { schema: { params: StudyJobParams, response: { 204: NoBody } } }, async (request, reply) => {
    await studyJobs.delete(request.params.study_id, request.params.job_id);
    return reply.status(204).send();
  });

  app.post(
    `${JOB_ACTION}::start`,
    {
      schema: { params: StudyJobParams, querystring: StartQuery, response: { 200: JobStatus, 202: JobStatus } },
    },
    async (request, reply) => {
      const { job, alreadyStarted } = studyJobs.start(request.params.study_id, request.params.job_id);
      return reply.status(alreadyStarted ? 200 : 202).send(toStatus(studyJobs, job));
    },
  );

  app.post(
    `${JOB_ACTION}::stop`,
    { schema: { params: StudyJobParams, response: { 200: JobStatus } } },
    async (request) => toStatus(studyJobs, await studyJobs.stop(request.params.study_id, request.params.job_id)),
  );

  app.post(
    `${JOB_ACTION}::inspect`,
    { schema: { params: StudyJobParams, response: { 200: JobStatus } } },
    async (request) => toStatus(studyJobs, studyJobs.get(request.params.study_id, request.params.job_id)),
  );

  app.post(
    `${JOB}/outputs`,
    { schema: { params: StudyJobParams, response: { 200: JobOutputs } } },
    async (request) => ({
      job_id: request.params.job_id.toLowerCase(),
      results: studyJobs.outputs(request.params.study_id, request.params.job_id),
    }),
  );

  app.get(
    `${JOB}/outputs/log-links`,
    { schema: { params: StudyJobParams, response: { 200: JobLogsMapBody } } },
    async (request) => ({
      log_links: studyJobs
        .logLinks(request.params.study_id, request.params.job_id)
        .map((link) => ({ node_name: link.node_name, download_link: `${originOf(request)}${link.path}` })),
    }),
  );

  app.get(`${JOB}/metadata`, { schema: { params: StudyJobParams, response: { 200: JobMetadata } } }, async (request) =>
    metadataOf(request, studyJobs.get(request.params.study_id, request.params.job_id)),
  );

  app.put(
    `${JOB}/metadata`,
    { schema: { params: StudyJobParams, body: JobMetadataUpdateBody, response: { 200: JobMetadata } } },
    async (request) => {
      const { study_id, job_id } = request.params;
      return metadataOf(request, studyJobs.setMetadata(study_id, job_id, metaValuesOf(request.body.metadata)));
    },
  );

  // Local extensions for the dashboard: the values a job runs with, each node's run, the pipeline's log.
  app.get(`${JOB}/inputs`, { schema: { params: StudyJobParams, response: { 200: JobInputs } } }, async (request) => ({
    values: studyJobs.get(request.params.study_id, request.params.job_id).inputs,
  }));

  app.get(
    `${JOB}/nodes`,
    { schema: { params: StudyJobParams, response: { 200: Type.Object({ items: Type.Array(StudyJobNodeBody) }) } } },
    async (request) => ({ items: studyJobs.nodes(request.params.study_id, request.params.job_id) }),
  );

  app.get(
    `${JOB}/log`,
    { schema: { params: StudyJobParams, response: { 200: Type.Object({ lines: Type.Array(Type.String()) }) } } },
    async (request) => ({ lines: studyJobs.logLines(request.params.study_id, request.params.job_id) }),
  );
}
