import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinSolversDir } from '../config.ts';
import { workFolderOf } from '../runner/work-folder.ts';
import { makeDataDir, startTestHost, type TestHost } from './harness.ts';
import { createJob, type FileBody, RELEASE, runJob, startJob, waitForState } from './jobs-helpers.ts';

/**
 * A job's pricing unit (upstream: `get_job_pricing_unit`, api/routes/solvers_jobs_read.py), what
 * its run is charged, deleting its assets (`delete_job_assets`, api/routes/solvers_jobs.py; outputs
 * afterwards answer 409 "Assets have been deleted" as in _service_jobs.py) and the responses
 * section (api/routes/responses.py: 503 when no chatbot is configured).
 */

interface ErrorBody {
  errors: ({ loc: (string | number)[]; msg: string } | string)[];
}

describe('job pricing, charges and assets', () => {
  let host: TestHost;
  let solvers: string;

  beforeAll(async () => {
    // A copy of the sleeper whose 2.1.6 package sets its own price.
    solvers = makeDataDir();
    fs.cpSync(path.join(builtinSolversDir, 'sleeper'), path.join(solvers, 'sleeper'), { recursive: true });
    const metadata = path.join(solvers, 'sleeper', '2.1.6', 'metadata.yml');
    const text = fs
      .readFileSync(metadata, 'utf8')
      .replace(/^key: .*$/m, 'key: simcore/services/comp/local/priced-sleeper');
    fs.writeFileSync(metadata, `${text}\nx-local-credits-per-job: 12\n`);
    fs.rmSync(path.join(solvers, 'sleeper', '2.0.2'), { recursive: true });
    host = await startTestHost({ solverDirs: [builtinSolversDir, solvers], creditsPerJob: 5, initialCredits: 100 });
  });
  afterAll(async () => {
    await host?.close();
    fs.rmSync(solvers, { recursive: true, force: true });
  });

  const PRICED = `/v0/solvers/${encodeURIComponent('simcore/services/comp/local/priced-sleeper')}/releases/2.1.6`;
  const credits = async () => (await host.json<{ availableCredits: number }>('/v0/wallets/default')).availableCredits;

  it('prices a job by its package or OSPARC_LOCAL_CREDITS_PER_JOB, and records what its start took', async () => {
    const plain = await createJob(host, { input_2: 0 });
    const unit = await host.json<{ currentCostPerUnit: number; pricingUnitId: number }>(
      `${RELEASE}/jobs/${plain.id}/pricing_unit`,
    );
    expect(unit).toMatchObject({ currentCostPerUnit: 5, pricingUnitId: 1 });
    expect(await host.json(`${RELEASE}/jobs/${plain.id}/charge`)).toEqual({
      job_id: plain.id,
      credits: 0,
      charged_at: null,
    });

    const priced = await createJob(host, { input_2: 0 }, PRICED);
    const pricedUnit = await host.json<{ currentCostPerUnit: number }>(`${PRICED}/jobs/${priced.id}/pricing_unit`);
    expect(pricedUnit.currentCostPerUnit).toBe(12);
    const plan = await host.json<{ pricingUnits: { currentCostPerUnit: number }[] }>(`${PRICED}/pricing_plan`);
    expect(plan.pricingUnits[0]?.currentCostPerUnit).toBe(12);

    expect(await credits()).toBe(100);
    await startJob(host, priced.id, PRICED);
    expect(await credits()).toBe(88);
    const charge = await host.json<{ credits: number; charged_at: string | null }>(
      `${PRICED}/jobs/${priced.id}/charge`,
    );
    expect(charge.credits).toBe(12);
    expect(charge.charged_at).not.toBeNull();

    // A job of another release is not found under this one.
    await host.json(`${PRICED}/jobs/${plain.id}/pricing_unit`, { expect: 404 });
  });

  it('frees a finished job of its work folder and output files, keeping its record', async () => {
    const { job, status } = await runJob(host, { input_2: 0, input_4: 1 });
    expect(status.state).toBe('SUCCESS');
    const outputs = await host.json<{ results: { output_1: FileBody } }>(`${RELEASE}/jobs/${job.id}/outputs`);
    const folder = workFolderOf(host.dataDir, job.id).root;
    expect(fs.existsSync(folder)).toBe(true);

    await host.json(`${RELEASE}/jobs/${job.id}/assets`, { method: 'DELETE', expect: 204 });
    expect(fs.existsSync(folder)).toBe(false);
    await host.json(`/v0/files/${outputs.results.output_1.id}`, { expect: 404 });
    await host.json(`${RELEASE}/jobs/${job.id}`, { expect: 200 });
    const inspect = await host.json<{ state: string }>(`${RELEASE}/jobs/${job.id}:inspect`, { method: 'POST' });
    expect(inspect.state).toBe('SUCCESS');
    const gone = await host.json<ErrorBody>(`${RELEASE}/jobs/${job.id}/outputs`, { expect: 409 });
    expect(JSON.stringify(gone.errors)).toContain('Assets have been deleted');
    await host.json(`${RELEASE}/jobs/${job.id}/outputs/logfile`, { expect: 409 });
  });

  it('refuses to free a job that has not stopped', async () => {
    const job = await createJob(host, { input_2: 30 });
    const early = await host.json<ErrorBody>(`${RELEASE}/jobs/${job.id}/assets`, { method: 'DELETE', expect: 409 });
    expect(JSON.stringify(early.errors)).toContain(
      `Solver job '${job.id}' has not stopped yet. Current status: NOT_STARTED.`,
    );
    await startJob(host, job.id);
    await waitForState(host, job.id, 'STARTED');
    await host.json(`${RELEASE}/jobs/${job.id}/assets`, { method: 'DELETE', expect: 409 });
    await host.json(`${RELEASE}/jobs/${job.id}:stop`, { method: 'POST' });
  });

  it('says that no model runs here when asked for a response', async () => {
    const body = { background: true, input: [{ role: 'user', content: 'hello' }], model: 'any', temperature: 0.5 };
    const refused = await host.json<ErrorBody>('/v0/responses', { method: 'POST', body, expect: 503 });
    expect(JSON.stringify(refused.errors)).toContain('The chatbot service is not enabled.');
    await host.json('/v0/responses', { method: 'POST', body: { ...body, temperature: 5 }, expect: 422 });
    await host.json(`/v0/responses/${crypto.randomUUID()}`, { expect: 404 });
  });
});
