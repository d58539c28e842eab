import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from './harness.ts';
import { type FileBody, runJob, uploadText } from './jobs-helpers.ts';

const HEAT = `/v0/solvers/${encodeURIComponent('simcore/services/comp/local/heat-1d')}/releases/1.0.0`;
const STATS = `/v0/solvers/${encodeURIComponent('simcore/services/comp/local/csv-statistics')}/releases/1.0.0`;

interface Outputs {
  results: Record<string, unknown>;
}

async function download(host: TestHost, file: FileBody): Promise<string> {
  const response = await host.fetch(`/v0/files/${file.id}/content`);
  expect(response.status).toBe(200);
  return response.text();
}

/** Creates, starts and waits for a job; answers its final state and outputs (when it succeeded). */
async function run(host: TestHost, release: string, values: Record<string, unknown>) {
  const { job, status } = await runJob(host, values, release);
  const outputs = status.state === 'SUCCESS' ? await host.json<Outputs>(`${release}/jobs/${job.id}/outputs`) : null;
  return { status, outputs };
}

describe('the built-in solvers through the API', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host.close();
  });

  it('runs heat-1d on its defaults with a nested settings object and gives numbers, a CSV and a plot', async () => {
    const { status, outputs } = await run(host, HEAT, {
      cells: 20,
      solver: { time_step: 1, end_time: 30, scheme: 'implicit' },
    });
    expect(status.state, JSON.stringify(status.errors)).toBe('SUCCESS');
    expect(status.progress).toBe(100);
    const results = outputs!.results;
    expect(typeof results.max_temperature).toBe('number');
    expect(results.max_temperature as number).toBeLessThan(100);
    expect(results.mean_temperature as number).toBeGreaterThan(20);
    const profile = results.profile as FileBody;
    expect(profile.filename).toBe('profile.csv');
    expect((await download(host, profile)).split('\n')[0]).toBe('x_m,initial_C,final_C');
    const plot = results.plot as FileBody;
    expect(plot.filename).toBe('profile.svg');
    expect(await download(host, plot)).toContain('<svg');
  });

  it('refuses heat-1d inputs outside their schema with 422 naming the port', async () => {
    for (const values of [{ cells: 1 }, { boundary_condition: 'open' }, { solver: { time_step: 1 } }, { length: 0 }]) {
      const refused = await host.json<{ errors: { loc: unknown[] }[] }>(`${HEAT}/jobs`, {
        method: 'POST',
        body: { values },
        expect: 422,
      });
      const port = Object.keys(values)[0]!;
      expect(
        refused.errors.some((e) => e.loc.includes(port)),
        JSON.stringify(refused),
      ).toBe(true);
    }
  });

  it('runs csv-statistics on an uploaded CSV and gives the statistics, a JSON summary and a histogram', async () => {
    const data = await uploadText(host, 'heights.csv', 'name,height\na,1.5\nb,1.7\nc,1.9\n', 'text/csv');
    const { status, outputs } = await run(host, STATS, { data, column: 'height', bins: 2 });
    expect(status.state, JSON.stringify(status.errors)).toBe('SUCCESS');
    const results = outputs!.results;
    expect(results).toMatchObject({ count: 3, min: 1.5, max: 1.9 });
    expect(results.mean as number).toBeCloseTo(1.7, 12);
    const summary = JSON.parse(await download(host, results.summary as FileBody));
    expect(summary.histogram.counts).toEqual([1, 2]);
    expect(await download(host, results.histogram as FileBody)).toContain('<svg');
  });

  it('fails a csv-statistics job on a CSV without numbers and says why', async () => {
    const data = await uploadText(host, 'names.csv', 'name,city\nann,Bern\n', 'text/csv');
    const { status } = await run(host, STATS, { data });
    expect(status.state).toBe('FAILED');
    expect(JSON.stringify(status.errors)).toContain('no numeric column');
  });
});
