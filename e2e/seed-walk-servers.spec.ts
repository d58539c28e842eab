import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SLEEPER } from './job-setup.ts';
import { closedPort, type Started, startDashboard, startHost, startScript, stop } from './processes.ts';
import { walkTheSeed } from './seed-walk.ts';

/**
 * The seed walk on the other ways to run the dashboard (seed-walk.spec.ts walks the production
 * build with its embedded host): `npm start`'s dev server, whose page runs with React refresh
 * and Vite's HMR under the same Content-Security-Policy, and a dashboard in front of an API host
 * of its own, set by OSPARC_API_HOST, as with a real oSPARC deployment.
 */

test('the seed walk on `npm start` (the dev server and its embedded host)', async ({ browser }) => {
  test.setTimeout(360_000);
  let started: Started | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'osparc-e2e-dev-'));
  try {
    started = startScript('scripts/start.ts', [], {
      OSPARC_API_HOST: '',
      OSPARC_API_KEY: '',
      OSPARC_API_SECRET: '',
      OSPARC_LOCAL_PORT: String(await closedPort()),
      OSPARC_LOCAL_DATA: dataDir,
      DASHBOARD_PORT: String(await closedPort()),
    });
    const [, url = ''] = await started.output(/Dashboard: (http:\/\/\S+)/);
    const context = await browser.newContext({ baseURL: url });
    const page = await context.newPage();
    // On its first visits the dev server finds the dependencies to bundle and has the page
    // reload, which can leave a route's chunk half loaded: open the pages once until they show.
    await expect(async () => {
      await page.goto(`/solvers/${encodeURIComponent(SLEEPER)}/releases/2.1.6`);
      await expect(page.getByLabel(/Sleep interval/)).toBeVisible({ timeout: 10_000 });
    }).toPass({ timeout: 180_000 });
    // The job page compiles on its first visit too: done now, it shows the run from its start.
    await page.goto(`/solvers/${encodeURIComponent(SLEEPER)}/releases/2.1.6/jobs/00000000-0000-4000-8000-000000000000`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 60_000 });
    await walkTheSeed(page);
    await context.close();
  } finally {
    await stop(started);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the seed walk against an API host set by OSPARC_API_HOST', async ({ browser }) => {
  test.setTimeout(180_000);
  const credentials = { key: 'external-key-71d2', secret: 'external-secret-e04b' };
  const apiPort = await closedPort();
  let host: Started | undefined;
  let dashboard: Started | undefined;
  try {
    host = await startHost(apiPort, credentials);
    const started = await startDashboard(`http://127.0.0.1:${apiPort}`, credentials);
    dashboard = started.dashboard;
    const context = await browser.newContext({ baseURL: started.url });
    await walkTheSeed(await context.newPage());
    await context.close();
  } finally {
    await stop(dashboard);
    await stop(host);
  }
});
