import fs from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { expectAccessible } from './accessible.ts';

/**
 * A parameter sweep of the sleeper's sleep interval over 0, 1, 2: three jobs run to the end,
 * the sweep page shows them with their outputs, plots them, exports them as CSV, and the
 * sweep is found again from the sweeps list after a reload (it lives in the jobs' metadata).
 */

const RELEASE_PAGE = '/solvers/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper/releases/2.1.6';

/** The functions listing as an older deployment answers it (the embedded host has functions). */
const FUNCTIONS_LISTING = /\/v0\/functions(\?.*)?$/;

/** From here on the page talks to a host without the functions API: sweeps run as labelled jobs. */
async function asOlderHost(page: Page): Promise<void> {
  await page.route(FUNCTIONS_LISTING, (route) =>
    route.fulfill({
      status: 404,
      contentType: 'application/json',
      body: JSON.stringify({ errors: ['Not Found'], support_id: null }),
    }),
  );
}

/** On the release page: sweeps the sleep interval over the given list of values, with no time in bed. */
async function sweepSleepInterval(page: Page, values: string, jobs: number): Promise<void> {
  await page.goto(RELEASE_PAGE);
  await page.getByLabel(/Distance to bed/).fill('0');
  const sweep = page.getByRole('group', { name: /Sweep of Sleep interval/ });
  const sweepButton = page.getByRole('button', { name: 'Sweep of Sleep interval' });
  await expect(sweepButton).toBeVisible();
  // The form remembers a sweep left on this release: switch it on only when it is off.
  if ((await sweep.count()) === 0) await sweepButton.click();
  await sweep.getByLabel('Values', { exact: true }).fill(values);
  await page.getByRole('button', { name: `Run sweep of ${jobs} jobs` }).click();
}

/** CSV lines split into cells (the sweep's cells hold no commas or quotes). */
function parseCsv(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .map((line) => line.split(','));
}

test('a sweep of the sleep interval over 0, 1, 2 runs three jobs, tabulates, plots and exports them', async ({
  page,
}) => {
  await asOlderHost(page);
  await page.goto(RELEASE_PAGE);
  await page.getByLabel(/Distance to bed/).fill('0');

  await page.getByRole('button', { name: 'Sweep of Sleep interval' }).click();
  const sweep = page.getByRole('group', { name: /Sweep of Sleep interval/ });
  await sweep.getByLabel('Kind of sweep').selectOption('Range with a step');
  await sweep.getByLabel('Start', { exact: true }).fill('0');
  await sweep.getByLabel('Stop', { exact: true }).fill('2');
  // A step of zero is explained on the sweep field and starts nothing.
  await sweep.getByLabel('Step', { exact: true }).fill('0');
  await expect(sweep.getByText('The step must not be zero.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Code' })).toBeDisabled();
  await sweep.getByLabel('Step', { exact: true }).fill('1');
  await expect(sweep.getByText('3 values: 0, 1, 2')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'This sweep runs 3 jobs' })).toBeVisible();

  // The form's script runs the whole sweep, not one job.
  await page.getByRole('button', { name: 'Code' }).click();
  const code = page.getByRole('dialog', { name: 'Code for this sweep of 3 jobs' });
  await expect(code.getByRole('tabpanel')).toContainText('as a sweep of 3 jobs over input_2');
  await expect(code.getByRole('tabpanel')).toContainText('"input_2": [0, 1, 2],');
  await code.getByRole('button', { name: 'Close' }).click();
  await expectAccessible(page, 'the run form with a sweep');
  if (process.env.SWEEP_SHOTS) await page.screenshot({ path: `${process.env.SWEEP_SHOTS}/form.png`, fullPage: true });

  await page.getByRole('button', { name: 'Run sweep of 3 jobs' }).click();
  await expect(page).toHaveURL(/\/sweeps\/[0-9a-f-]{36}$/);
  const sweepId = page.url().split('/').pop() as string;

  const table = page.getByRole('table', { name: /Jobs of the sweep/ });
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(page.getByRole('status').filter({ hasText: 'jobs ended' })).toContainText('3 of 3 jobs ended', {
    timeout: 60_000,
  });
  await expect(table.getByRole('columnheader', { name: 'Random sleep interval' })).toBeVisible();
  for (const [index, interval] of ['0', '1', '2'].entries()) {
    const row = table.getByRole('row').nth(index + 1);
    await expect(row.getByRole('cell').first()).toHaveText(interval);
    await expect(row).toContainText('SUCCESS');
    // output_2 is a random whole number in 1–9.
    await expect(row.getByRole('cell').nth(3)).toHaveText(/^[1-9]$/);
  }

  // The plot: output_2 along the sleep interval, three points drawn on a canvas.
  const plot = page.getByRole('img', { name: 'Random sleep interval along Sleep interval' });
  await expect(plot).toHaveAttribute('data-points', '3');
  await expect(plot.locator('canvas').first()).toBeVisible();

  await expectAccessible(page, 'the sweep page');
  if (process.env.SWEEP_SHOTS) await page.screenshot({ path: `${process.env.SWEEP_SHOTS}/sweep.png`, fullPage: true });

  const downloadEvent = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const download = await downloadEvent;
  expect(download.suggestedFilename()).toBe(`sweep-${sweepId}.csv`);
  const csv = parseCsv(fs.readFileSync(await download.path(), 'utf8'));
  expect(csv[0]).toEqual(['index', 'input_2', 'job_id', 'state', 'progress', 'output_2']);
  expect(csv).toHaveLength(4);
  expect(csv.slice(1).map((row) => [row[1], row[3]])).toEqual([
    ['0', 'SUCCESS'],
    ['1', 'SUCCESS'],
    ['2', 'SUCCESS'],
  ]);
  for (const row of csv.slice(1)) expect(row[5]).toMatch(/^[1-9]$/);

  // Found again later, from the jobs page, after a reload: the sweep lives on the API host.
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
  // Each of its jobs says in the list which sweep job it is.
  for (const position of [1, 2, 3]) {
    await expect(page.getByRole('link', { name: `sweep job ${position} of 3` })).toHaveAttribute(
      'href',
      `/sweeps/${sweepId}`,
    );
  }
  await page.getByRole('main').getByRole('link', { name: 'Sweeps', exact: true }).click();
  const listed = page.getByRole('link', { name: `Sweep ${sweepId.slice(0, 8)}` });
  await expect(listed).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(sweepId.slice(0, 8)) })).toContainText('input_2');
  await listed.click();
  await expect(page).toHaveURL(new RegExp(`/sweeps/${sweepId}$`));
  await expect(page.getByRole('table', { name: /Jobs of the sweep/ }).getByRole('row')).toHaveCount(4);
});

test('a failed sweep job is retried as a new attempt that takes its row', async ({ page }) => {
  await asOlderHost(page);
  await page.goto(RELEASE_PAGE);
  // The sleeper fails after sleeping when asked to: both jobs of this sweep fail.
  await page.getByRole('checkbox', { name: /Fail after sleep/ }).check();
  await page.getByRole('button', { name: 'Sweep of Sleep interval' }).click();
  const sweep = page.getByRole('group', { name: /Sweep of Sleep interval/ });
  await sweep.getByLabel('Values', { exact: true }).fill('0, 1');
  await page.getByRole('button', { name: 'Run sweep of 2 jobs' }).click();
  await expect(page).toHaveURL(/\/sweeps\/[0-9a-f-]{36}$/);

  await expect(page.getByRole('status').filter({ hasText: 'jobs ended' })).toContainText(
    '2 of 2 jobs ended, 2 failed',
    {
      timeout: 60_000,
    },
  );
  const table = page.getByRole('table', { name: /Jobs of the sweep/ });
  const firstRow = table.getByRole('row').nth(1);
  const failedJob = await firstRow.getByRole('link', { name: /^Job 1:/ }).getAttribute('href');

  await firstRow.getByRole('button', { name: 'Retry job 1' }).click();
  // The retry replaces the failed job in its row: a new job, attempt 2, with the same sleep interval.
  await expect(firstRow).toContainText('attempt 2');
  await expect(firstRow.getByRole('cell').first()).toHaveText('0');
  expect(await firstRow.getByRole('link', { name: /^Job 1:/ }).getAttribute('href')).not.toBe(failedJob);
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('status').filter({ hasText: 'jobs ended' })).toContainText(
    '2 of 2 jobs ended, 2 failed',
    {
      timeout: 60_000,
    },
  );
});

test('on a host with functions a sweep runs through the release’s function as one collection, listed beside labelled sweeps', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // First a sweep as an older host runs it: labelled jobs.
  await asOlderHost(page);
  await sweepSleepInterval(page, '0, 1', 2);
  await expect(page).toHaveURL(/\/sweeps\/[0-9a-f-]{36}$/);
  const labelledId = page.url().split('/').pop() as string;
  await page.unroute(FUNCTIONS_LISTING);

  // Then the same sweep on this host, which has functions: one `:map`, one collection.
  await sweepSleepInterval(page, '0, 1, 2', 3);
  await expect(page).toHaveURL(/\/function-collections\/[0-9a-f-]{36}$/);
  const collectionId = page.url().split('/').pop() as string;
  await expect(page.getByRole('heading', { level: 1 })).toContainText('over input_2 (3 runs)');
  const table = page.getByRole('table', { name: /Jobs of the sweep/ });
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(page.getByRole('status').filter({ hasText: 'function jobs ended' })).toContainText(
    '3 of 3 function jobs ended',
    { timeout: 90_000 },
  );
  for (const [index, interval] of ['0', '1', '2'].entries()) {
    const row = table.getByRole('row').nth(index + 1);
    await expect(row.getByRole('cell').first()).toHaveText(interval);
    await expect(row).toContainText('SUCCESS');
  }

  // The release's function is registered once, and used again by the next sweep.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Functions' }).click();
  await expect(page.getByRole('row', { name: /Sleeper 2\.1\.6|sleeper 2\.1\.6/i }).first()).toContainText('SOLVER');

  // The sweeps list shows both kinds.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sweeps' }).click();
  const mapped = page.getByRole('row').filter({ has: page.locator(`a[href="/function-collections/${collectionId}"]`) });
  await expect(mapped).toContainText('Function map');
  await expect(mapped).toContainText('input_2');
  await expect(mapped.getByRole('cell').nth(3)).toHaveText('3');
  const labelled = page.getByRole('row').filter({ has: page.locator(`a[href="/sweeps/${labelledId}"]`) });
  await expect(labelled).toContainText('Labelled jobs');
  await expect(labelled.getByRole('cell').nth(3)).toHaveText('2');
  await expectAccessible(page, 'the sweeps list with both kinds');
  await mapped.getByRole('link', { name: /^Sweep of / }).click();
  await expect(page).toHaveURL(new RegExp(`/function-collections/${collectionId}$`));
});
