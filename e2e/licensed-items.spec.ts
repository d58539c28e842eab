import { expect, test } from '@playwright/test';

test('a licensed item is checked out and released in Settings, with the credits before and after', async ({ page }) => {
  const format = (n: number) => new Intl.NumberFormat('en-US').format(n);
  const credits = async () =>
    ((await (await page.request.get('/v0/wallets/default')).json()) as { availableCredits: number }).availableCredits;
  const before = await credits();

  await page.goto('/settings');
  const section = page.getByRole('article', { name: 'Licensed items' });
  const rat = section.getByRole('row', { name: /Male Sprague-Dawley rat model/ });
  await expect(rat).toContainText('15 credits');
  await expect(rat).toContainText('5 of 5');

  await section.getByRole('button', { name: 'Check out Male Sprague-Dawley rat model' }).click();
  await expect(section.getByRole('status')).toHaveText(
    `Checked out Male Sprague-Dawley rat model: credits ${format(before)} → ${format(before - 15)}`,
  );
  await expect(rat).toContainText('4 of 5');
  await expect(page.getByRole('article', { name: 'Credits' })).toContainText(format(before - 15));

  await section.getByRole('button', { name: 'Release Male Sprague-Dawley rat model' }).click();
  await expect(section.getByRole('status')).toHaveText(
    `Released Male Sprague-Dawley rat model: credits ${format(before - 15)} → ${format(before - 15)}`,
  );
  await expect(rat).toContainText('5 of 5');
  await expect(section).toContainText('Nothing is checked out.');
  expect(await credits()).toBe(before - 15);
});
