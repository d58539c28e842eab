import { expect, test } from '@playwright/test';
import { closedPort, type Started, startDashboard, startHost, stop } from './processes.ts';

const credentials = { key: 'host-down-key', secret: 'host-down-secret' };

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
