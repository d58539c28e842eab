import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createJob, SLEEPER } from './job-setup.ts';
import { closedPort, type Started, startDashboard, startHost, stop } from './processes.ts';

const credentials = { key: 'host-down-key', secret: 'host-down-secret' };

/** How far the test moves the held clock at a time. */
const CLOCK_STEP_MS = 250;

/** What `recordApiRequests` keeps on the page's window. */
interface ApiRequestLog {
  apiRequests: { sentAt: number[]; pending: number };
}

/** Runs in the page before its scripts: notes the page-clock time of each `/v0/` request and how many are under way. */
function recordApiRequests() {
  const log: ApiRequestLog['apiRequests'] = { sentAt: [], pending: 0 };
  (window as unknown as ApiRequestLog).apiRequests = log;
  const send = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), window.location.href);
    if (!url.pathname.startsWith('/v0/')) return send(input, init);
    log.sentAt.push(Date.now());
    log.pending += 1;
    return send(input, init).finally(() => {
      log.pending -= 1;
    });
  };
}

test('a banner on every page says the API host does not answer, and goes once it answers again', async ({ page }) => {
  const apiPort = await closedPort();
  const apiHost = `http://127.0.0.1:${apiPort}`;
  let dashboard: Started | undefined;
  let host: Started | undefined;
  try {
    // A second dashboard (the build of this run) whose API host is not running.
    const started = await startDashboard(apiHost, credentials);
    dashboard = started.dashboard;

    await page.goto(new URL('/files', started.url).href);
    const banner = page.getByRole('alert').filter({ hasText: `The API host at ${apiHost} does not answer.` });
    await expect(banner).toBeVisible();
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(banner).toBeVisible();

    // The host comes up on that address: the banner goes by itself and the page loads.
    host = await startHost(apiPort, credentials);
    await expect(banner).toBeHidden({ timeout: 60_000 });
    await expect(page.getByRole('article', { name: 'API host' })).toContainText('Version');
    await expect(page.getByRole('article', { name: 'Profile' }).getByLabel('First name')).toBeVisible();
  } finally {
    await stop(host);
    await stop(dashboard);
  }
});

test('while the host is down a running job stops being polled, shows its real state once it is back, and a run form loses nothing', async ({
  page,
  context,
}) => {
  test.setTimeout(240_000);
  const apiPort = await closedPort();
  const apiHost = `http://127.0.0.1:${apiPort}`;
  // One data folder for both lives of the host: the restart finds the job it was running.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'osparc-e2e-host-restart-'));
  let dashboard: Started | undefined;
  let host: Started | undefined;
  try {
    host = await startHost(apiPort, credentials, { dataDir });
    const started = await startDashboard(apiHost, credentials);
    dashboard = started.dashboard;
    const at = (route: string) => new URL(route, started.url).href;
    // The pages' clock runs as usual until the test holds it, so the windows below are measured
    // in the page's own time; the job page notes when (by that clock) it sends each API request.
    await page.clock.install();
    await page.addInitScript(recordApiRequests);
    const sleeper = `/solvers/${encodeURIComponent(SLEEPER)}/releases/2.1.6`;

    // A sleeper that sleeps a minute, started; its page open.
    const { id } = await createJob(
      page.request,
      SLEEPER,
      '2.1.6',
      { input_2: 65 },
      { start: true, origin: started.url },
    );
    await page.goto(at(`${sleeper}/jobs/${id}`));
    const status = page.getByRole('region', { name: 'Status' });
    await expect(status).toContainText('STARTED');

    // Another tab with a run form being filled in.
    const formPage = await context.newPage();
    await formPage.goto(at(sleeper));
    const interval = formPage.getByLabel(/Sleep interval/);
    const distance = formPage.getByLabel(/Distance to bed/);
    await interval.fill('7');
    await distance.fill('3');

    // The host goes away.
    await stop(host);
    const banner = page.getByRole('alert').filter({ hasText: `The API host at ${apiHost} does not answer.` });
    await expect(banner).toBeVisible({ timeout: 30_000 });

    // From now on the page asks less and less often: over two windows of ten seconds, the
    // later one holds fewer requests (a page polling at a steady pace would send about ten in each).
    // The clock stands still and the test moves it a quarter second at a time, letting the
    // requests of each moment end before the next, so the windows are exactly twenty seconds.
    const downAt = (await page.evaluate(() => Date.now())) + 1000;
    await page.clock.pauseAt(downAt);
    for (let elapsed = 0; elapsed < 20_000; elapsed += CLOCK_STEP_MS) {
      await page.clock.runFor(CLOCK_STEP_MS);
      await expect
        .poll(() => page.evaluate(() => (window as unknown as ApiRequestLog).apiRequests.pending), {
          message: `the API requests sent ${elapsed} ms after the host went down end`,
          timeout: 10_000,
        })
        .toBe(0);
    }
    const apiRequests = await page.evaluate(() => (window as unknown as ApiRequestLog).apiRequests.sentAt);
    await page.clock.resume();
    const within = (from: number, to: number) =>
      apiRequests.filter((time) => time >= downAt + from && time < downAt + to).length;
    const earlier = within(0, 10_000);
    const later = within(10_000, 20_000);
    expect(later, `requests: ${earlier} in the first 10 s, ${later} in the next 10 s`).toBeLessThan(earlier);
    expect(later).toBeLessThanOrEqual(2);
    // The last state it knew stays on the page.
    await expect(status).toContainText('STARTED');

    // The form keeps its values; a submit says the host does not answer and keeps them too.
    await expect(interval).toHaveValue('7');
    await expect(distance).toHaveValue('3');
    await formPage.getByRole('button', { name: 'Run', exact: true }).click();
    const refusal = formPage.getByRole('alert').filter({ hasText: 'The job could not be run' });
    await expect(refusal).toContainText(`The API host at ${apiHost} does not answer`);
    await expect(
      formPage.getByRole('alert').filter({ hasText: `The API host at ${apiHost} does not answer.` }),
    ).toBeVisible();
    await expect(interval).toHaveValue('7');
    await expect(distance).toHaveValue('3');

    // The job page, reloaded while the host is down, says so.
    await page.reload();
    await expect(banner).toBeVisible({ timeout: 30_000 });

    // The host comes back on the same data: it ended the interrupted job as FAILED, and the
    // page shows that by itself, with the reason.
    host = await startHost(apiPort, credentials, { dataDir });
    await expect(banner).toBeHidden({ timeout: 60_000 });
    await expect(status).toContainText('FAILED', { timeout: 30_000 });
    await expect(status).toContainText('The local oSPARC host restarted while this job was running');

    // The form still holds its values and now runs them.
    await expect(
      formPage.getByRole('alert').filter({ hasText: `The API host at ${apiHost} does not answer.` }),
    ).toBeHidden({
      timeout: 60_000,
    });
    await expect(interval).toHaveValue('7');
    await expect(distance).toHaveValue('3');
    await formPage.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(formPage).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
    const inputs = formPage.getByRole('region', { name: 'Inputs' });
    await expect(inputs).toContainText('7');
    await expect(inputs).toContainText('3');
  } finally {
    await stop(host);
    await stop(dashboard);
  }
});
