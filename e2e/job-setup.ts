import { type APIRequestContext, expect } from '@playwright/test';

/**
 * Test setup through the dashboard's own origin (the proxy adds the credentials), for jobs a
 * test needs to exist before it starts clicking.
 */

export const SLEEPER = 'simcore/services/comp/itis/sleeper';
export const HEAT_1D = 'simcore/services/comp/local/heat-1d';

export interface CreatedJob {
  solverKey: string;
  version: string;
  id: string;
  /** Route of the job page. */
  pagePath: string;
}

function jobsPath(solverKey: string, version: string): string {
  return `/v0/solvers/${encodeURIComponent(solverKey)}/releases/${encodeURIComponent(version)}/jobs`;
}

export async function createJob(
  request: APIRequestContext,
  solverKey: string,
  version: string,
  values: Record<string, unknown>,
  { start }: { start: boolean },
): Promise<CreatedJob> {
  const created = await request.post(jobsPath(solverKey, version), { data: { values } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  if (start) {
    const started = await request.post(`${jobsPath(solverKey, version)}/${id}:start`);
    expect(started.ok(), await started.text()).toBe(true);
  }
  const pagePath = `/solvers/${encodeURIComponent(solverKey)}/releases/${encodeURIComponent(version)}/jobs/${id}`;
  return { solverKey, version, id, pagePath };
}

/** Waits (by inspecting, as any client would) until the job has stopped; returns its final state. */
export async function waitUntilStopped(request: APIRequestContext, job: CreatedJob): Promise<string> {
  let state = '';
  await expect
    .poll(
      async () => {
        const inspected = await request.post(`${jobsPath(job.solverKey, job.version)}/${job.id}:inspect`);
        const status = (await inspected.json()) as { state: string; stopped_at?: string | null };
        state = status.state;
        return Boolean(status.stopped_at);
      },
      { timeout: 60_000, intervals: [250, 500, 1000] },
    )
    .toBe(true);
  return state;
}
