import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { openSleeper216, walkTheSeed } from './seed-walk.ts';

/**
 * The seed tutorial (the osparc Python client's Basic Tutorial), done in the browser as a
 * person would: upload a file with a number, run the sleeper 2.1.6, watch it, read its
 * outputs, download a file output, read the logs and download the log zip.
 */

const SCREENSHOT = path.join(process.cwd(), 'docs', 'dashboard.png');

test('the seed tutorial by clicking: run the sleeper on an uploaded number, watch it, read outputs and logs', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await walkTheSeed(page);

  // The finished job, outputs and logs on screen: the README's picture.
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
});

test('the failing path: with "fail" on, the job ends FAILED and says why', async ({ page }) => {
  test.setTimeout(120_000);
  await openSleeper216(page);
  await page.getByLabel(/Sleep interval/).fill('1');
  await page.getByRole('checkbox', { name: /Fail after sleep/ }).check();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page).toHaveURL(/\/releases\/2\.1\.6\/jobs\/[0-9a-f-]+$/);

  const statusRegion = page.getByRole('region', { name: 'Status' });
  await expect(statusRegion.getByText('FAILED', { exact: true })).toBeVisible({ timeout: 60_000 });
  const reason = statusRegion.getByRole('alert');
  await expect(reason).toContainText('The job failed');
  await expect(reason).toContainText('Failing after sleep');
  // No outputs for a failed job, but its logs tell the same story.
  await expect(page.getByRole('region', { name: 'Outputs' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Logs' }).getByRole('region', { name: /^Log / })).toContainText(
    'Failing after sleep',
  );
});
