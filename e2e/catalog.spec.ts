import { expect, test } from '@playwright/test';

test('the dashboard opens on the solver catalog served by the embedded host', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Solvers', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: /sleeper/i }).first()).toBeVisible();
});
