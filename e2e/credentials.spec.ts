import { expect, type Response, test } from '@playwright/test';
import { createJob, SLEEPER } from './job-setup.ts';
import { closedPort, type Started, startDashboard, startHost, stop } from './processes.ts';

/**
 * With the API key and secret on the dashboard's server, the page never sees them: no request
 * it sends carries an Authorization header, no answer it gets holds the key, the secret or
 * their Basic form, and nothing of them lands in its storage or cookies.
 */

const credentials = { key: 'proxy-key-4c1e7a', secret: 'proxy-secret-9b0d35' };
const basic = Buffer.from(`${credentials.key}:${credentials.secret}`).toString('base64');
const secrets = [credentials.key, credentials.secret, basic];

test('no page of the dashboard sends, receives or keeps the credentials of its server', async ({ page, context }) => {
  test.setTimeout(150_000);
  const apiPort = await closedPort();
  let host: Started | undefined;
  let dashboard: Started | undefined;
  try {
    host = await startHost(apiPort, credentials);
    const started = await startDashboard(`http://127.0.0.1:${apiPort}`, credentials);
    dashboard = started.dashboard;
    const at = (route: string) => new URL(route, started.url).href;

    const withAuthorization: string[] = [];
    page.on('request', (request) => {
      if (request.headers().authorization) withAuthorization.push(request.url());
    });
    const bodies: Promise<{ url: string; text: string }>[] = [];
    page.on('response', (response: Response) => {
      bodies.push(
        response
          .body()
          .then((body) => ({ url: response.url(), text: body.toString('latin1') }))
          .catch(() => ({ url: response.url(), text: '' })),
      );
    });

    // A finished job and a file, so the job, files and compare pages have something to show.
    const sleeper = `/solvers/${encodeURIComponent(SLEEPER)}/releases/2.1.6`;
    const origin = started.url;
    const firstJob = (await createJob(page.request, SLEEPER, '2.1.6', { input_2: 0 }, { start: true, origin })).id;
    const secondJob = (await createJob(page.request, SLEEPER, '2.1.6', { input_2: 0 }, { start: false, origin })).id;
    const jobIds = [firstJob, secondJob];

    const pages: [string, RegExp | string][] = [
      ['/', 'Solvers'],
      [sleeper, /sleeper/i],
      [`${sleeper}/jobs/${firstJob}`, 'Job'],
      ['/jobs', 'Jobs'],
      ['/sweeps', 'Sweeps'],
      ['/files', 'Files'],
      ['/settings', 'Settings'],
      [`/compare?jobs=${jobIds.map((id) => `simcore/services/comp/itis/sleeper:2.1.6:${id}`).join(',')}`, /Compare/i],
      ['/no-such-page', /not found/i],
    ];
    for (const [route, heading] of pages) {
      await page.goto(at(route));
      await expect(page.getByRole('heading', { level: 1 }).first(), route).toContainText(heading);
      // Let the page's own requests run (lists, ports, status polls) before moving on.
      await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
    }
    // The job page once more, after the job has ended: outputs and the log zip are fetched too.
    await page.goto(at(`${sleeper}/jobs/${firstJob}`));
    await expect(page.getByRole('region', { name: 'Status' })).toContainText('SUCCESS', { timeout: 30_000 });
    await expect(page.getByRole('region', { name: 'Outputs' })).toBeVisible();
    await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);

    expect(withAuthorization).toEqual([]);
    const received = await Promise.all(bodies);
    expect(received.length).toBeGreaterThan(pages.length);
    for (const { url, text } of received) {
      for (const secret of secrets) expect(text.includes(secret), `${url} holds ${secret}`).toBe(false);
    }
    const kept = await page.evaluate(() => ({
      local: Object.entries(localStorage),
      session: Object.entries(sessionStorage),
      cookie: document.cookie,
    }));
    const keptText = JSON.stringify(kept) + JSON.stringify(await context.cookies());
    for (const secret of secrets) expect(keptText.includes(secret), `storage holds ${secret}`).toBe(false);
  } finally {
    await stop(dashboard);
    await stop(host);
  }
});
