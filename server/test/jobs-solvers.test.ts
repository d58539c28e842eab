import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from './harness.ts';
import { type FileBody, runJob, SLEEPER, uploadText } from './jobs-helpers.ts';

// heat-1d and csv-statistics run through the API in solver-api.test.ts; the sleeper 2.1.6 in seed-walk.test.ts.
describe('the sleeper 2.0.2 through the API', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host.close();
  });

  it('runs with the tutorial inputs and gives a file with an integer and a number', async () => {
    const release = `/v0/solvers/${SLEEPER}/releases/2.0.2`;
    const input = await uploadText(host, 'file_with_number.txt', '3');
    const { job, status } = await runJob(host, { input_4: 2, input_3: 'false', input_2: 1, input_1: input }, release);
    expect(status.state, JSON.stringify(status.errors)).toBe('SUCCESS');
    const { results } = await host.json<{ results: { output_1: FileBody; output_2: number } }>(
      `${release}/jobs/${job.id}/outputs`,
    );
    expect(results.output_2).toBeGreaterThanOrEqual(1);
    expect(results.output_2).toBeLessThanOrEqual(9);
    const text = await (await host.fetch(`/v0/files/${results.output_1.id}/content`)).text();
    expect(Number.isInteger(Number(text.trim()))).toBe(true);
  });
});
