import { expect, test } from '@playwright/test';

test('settings show the API host and its version, edit the name, and show the credits', async ({ page }) => {
  const meta = (await (await page.request.get('/v0/meta')).json()) as { name: string; version: string };
  const wallet = (await (await page.request.get('/v0/wallets/default')).json()) as { availableCredits: number };

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
});
