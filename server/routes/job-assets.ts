import { Type } from '@sinclair/typebox';
import type { HostContext, Router } from '../context.ts';
import { JOB, JobParams } from './jobs.ts';

/** Upstream: `delete_job_assets` in api/routes/solvers_jobs.py; 204, or 409 while the job runs. */
export function registerJobAssetsRoutes(app: Router, { jobAssets }: HostContext): void {
  app.delete(
    `${JOB}/assets`,
    { schema: { params: JobParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const { solver_key, version, job_id } = request.params;
      jobAssets.delete(solver_key, version, job_id);
      return reply.status(204).send(null);
    },
  );
}
