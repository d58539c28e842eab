import { Type } from '@sinclair/typebox';
import type { HostContext, Router } from '../context.ts';
import { JOB, JobParams } from './jobs.ts';
import { Nullable, PricingUnit } from './response-schemas.ts';

/** Local extension: what starting the job took from the wallet. */
export const JobChargeSchema = Type.Object({
  job_id: Type.String(),
  credits: Type.Number(),
  charged_at: Nullable(Type.String()),
});

/**
 * A job's pricing unit (upstream: `get_job_pricing_unit` in api/routes/solvers_jobs_read.py, the
 * unit of the job's one node) and what its run was charged.
 */
export function registerJobPricingRoutes(app: Router, { jobs, pricing, wallet }: HostContext): void {
  app.get(`${JOB}/pricing_unit`, { schema: { params: JobParams, response: { 200: PricingUnit } } }, async (request) => {
    const { solver_key, version, job_id } = request.params;
    const job = jobs.get(solver_key, version, job_id);
    return pricing.unitOf(job.solverKey, job.version);
  });

  app.get(`${JOB}/charge`, { schema: { params: JobParams, response: { 200: JobChargeSchema } } }, async (request) => {
    const { solver_key, version, job_id } = request.params;
    jobs.get(solver_key, version, job_id);
    const charge = wallet.chargeOf(job_id);
    return { job_id, credits: charge?.credits ?? 0, charged_at: charge?.chargedAt ?? null };
  });
}
