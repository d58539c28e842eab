import { type APIRequestContext, expect } from '@playwright/test';
import { DASHBOARD_REQUEST_HEADER, DASHBOARD_REQUEST_VALUE } from '../src/api/request-marker.ts';

/**
 * Test setup through the dashboard's own origin (the proxy adds the credentials), for jobs a
 * test needs to exist before it starts clicking.
 */

/**
 * What a script sends with a request that changes something through the dashboard's proxy and
 * has no JSON body (the proxy refuses such requests otherwise, as a page on another site could
 * send them). The tests' dashboards let scripts through (DASHBOARD_PROXY_HEADERLESS=allow).
 */
export const SCRIPT_HEADERS = { [DASHBOARD_REQUEST_HEADER]: DASHBOARD_REQUEST_VALUE };

export const SLEEPER = 'simcore/services/comp/itis/sleeper';
export const HEAT_1D = 'simcore/services/comp/local/heat-1d';

export interface CreatedJob {
  solverKey: string;
  version: string;
  id: string;
  /** Route of the job page. */
  pagePath: string;
  /** The dashboard the job was made through, when not the tests' default one. */
  origin?: string;
}

/** The release's jobs collection: a path on the default dashboard, or a URL on the one at `origin`. */
function jobsPath(solverKey: string, version: string, origin?: string): string {
  const pathname = `/v0/solvers/${encodeURIComponent(solverKey)}/releases/${encodeURIComponent(version)}/jobs`;
  return origin ? new URL(pathname, origin).href : pathname;
}

/**
 * Creates (and starts, if told) a job through the tests' dashboard, or through the one at `origin`
 * (a dashboard a test started itself).
 */
export async function createJob(
  request: APIRequestContext,
  solverKey: string,
  version: string,
  values: Record<string, unknown>,
  { start, origin }: { start: boolean; origin?: string },
): Promise<CreatedJob> {
  const jobs = jobsPath(solverKey, version, origin);
  const created = await request.post(jobs, { data: { values } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  if (start) {
    const started = await request.post(`${jobs}/${id}:start`, { headers: SCRIPT_HEADERS });
    expect(started.ok(), await started.text()).toBe(true);
  }
  const pagePath = `/solvers/${encodeURIComponent(solverKey)}/releases/${encodeURIComponent(version)}/jobs/${id}`;
  return { solverKey, version, id, pagePath, origin };
}

/** Waits (by inspecting, as any client would) until the job has stopped; returns its final state. */
export async function waitUntilStopped(request: APIRequestContext, job: CreatedJob): Promise<string> {
  let state = '';
  await expect
    .poll(
      async () => {
        const inspected = await request.post(`${jobsPath(job.solverKey, job.version, job.origin)}/${job.id}:inspect`, {
          headers: SCRIPT_HEADERS,
        });
        const status = (await inspected.json()) as { state: string; stopped_at?: string | null };
        state = status.state;
        return Boolean(status.stopped_at);
      },
      { timeout: 60_000, intervals: [250, 500, 1000] },
    )
    .toBe(true);
  return state;
}
