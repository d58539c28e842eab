import { expect, test } from '@playwright/test';
import { closedPort, type Started, startDashboard, startHost, stop } from './processes.ts';

test('settings show the API host and its version, edit the name, and show the credits', async ({ page }) => {
  const meta = (await (await page.request.get('/v0/meta')).json()) as { name: string; version: string };
  const wallet = (await (await page.request.get('/v0/wallets/default')).json()) as { availableCredits: number };

  // The proxy holds the credentials: nothing the page sends carries an Authorization header.
  const withAuthorization: string[] = [];
  page.on('request', (request) => {
    if (request.headers().authorization) withAuthorization.push(request.url());
  });

  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  const host = page.getByRole('article', { name: 'API host' });
  await expect(host).toContainText(/http:\/\/127\.0\.0\.1:\d+/);
  await expect(host).toContainText(meta.version);
  await expect(host).toContainText(meta.name);
  await expect(host).toContainText("Set on the dashboard's server");
  // The proxy has credentials: no form asks for a key.
  await expect(page.getByLabel('API secret')).toHaveCount(0);

  const profile = page.getByRole('article', { name: 'Profile' });
  await profile.getByLabel('First name').fill('Ada');
  await profile.getByLabel('Last name').fill('Lovelace');
  await profile.getByRole('button', { name: 'Save name' }).click();
  await expect(profile.getByRole('status')).toHaveText('Saved.');

  await page.reload();
  await expect(page.getByRole('article', { name: 'Profile' }).getByLabel('First name')).toHaveValue('Ada');
  await expect(page.getByRole('article', { name: 'Profile' }).getByLabel('Last name')).toHaveValue('Lovelace');

  const credits = page.getByRole('article', { name: 'Credits' });
  await expect(credits).toContainText('Available credits');
  await expect(credits).toContainText(new Intl.NumberFormat('en-US').format(wallet.availableCredits));
  expect(withAuthorization).toEqual([]);
});

test('without credentials on the server, a key typed into Settings is used for this tab only', async ({ page }) => {
  const credentials = { key: 'session-key', secret: 'session-secret' };
  const apiPort = await closedPort();
  let host: Started | undefined;
  let dashboard: Started | undefined;
  try {
    host = await startHost(apiPort, credentials);
    const started = await startDashboard(`http://127.0.0.1:${apiPort}`);
    dashboard = started.dashboard;

    const dashboardOrigin = new URL(started.url).origin;
    const authorizedOrigins = new Set<string>();
    page.on('request', (request) => {
      if (request.headers().authorization) authorizedOrigins.add(new URL(request.url()).origin);
    });

    await page.goto(new URL('/settings', started.url).href);
    await expect(page.getByRole('article', { name: 'API host' })).toContainText('None on the server');
    const profile = page.getByRole('article', { name: 'Profile' });
    await expect(profile.getByRole('alert')).toContainText('The API key or secret is wrong');

    const keyForm = page.getByRole('article', { name: 'API key' });
    await keyForm.getByLabel('API key').fill(credentials.key);
    await keyForm.getByLabel('API secret').fill(credentials.secret);
    await keyForm.getByRole('button', { name: 'Use this key' }).click();
    await expect(keyForm).toContainText('kept in this browser tab only');
    await expect(profile.getByLabel('First name')).toBeVisible();
    await expect(page.getByRole('article', { name: 'Credits' })).toContainText('Available credits');
    // Kept for this tab only, and sent to the dashboard's own origin only.
    const stored = await page.evaluate(() => ({
      session: sessionStorage.getItem('osparc.credentials'),
      local: localStorage.length,
      cookies: document.cookie,
    }));
    expect(JSON.parse(stored.session ?? 'null')).toEqual(credentials);
    expect(stored.local).toBe(0);
    expect(stored.cookies).toBe('');
    expect([...authorizedOrigins]).toEqual([dashboardOrigin]);

    await keyForm.getByRole('button', { name: 'Forget the key' }).click();
    await expect(keyForm.getByLabel('API secret')).toBeVisible();
    await expect(profile.getByRole('alert')).toContainText('The API key or secret is wrong');
    expect(await page.evaluate(() => sessionStorage.getItem('osparc.credentials'))).toBeNull();
  } finally {
    await stop(dashboard);
    await stop(host);
  }
});
