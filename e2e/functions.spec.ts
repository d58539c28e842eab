import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessible.ts';

/**
 * The sleeper registered as a function from its release page, then mapped over three sleep
 * intervals: the map runs as one collection whose page shows each function job's state, the
 * results table and plot, and exports the CSV.
 */

const RELEASE_PAGE = '/solvers/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper/releases/2.1.6';

test('the sleeper registered as a function and mapped over three sleep intervals', async ({ page }) => {
  // Three solver runs plus two accessibility scans take longer than the default on a shared 2-core machine.
  test.setTimeout(180_000);
  await page.goto(RELEASE_PAGE);
  // The defaults the function gets come from the run form as it is now.
  await page.getByLabel(/Distance to bed/).fill('0');
  await page.getByRole('button', { name: 'Register as function' }).click();
  const dialog = page.getByRole('dialog', { name: 'Register as function' });
  await dialog.getByLabel('Title').fill('Sleeper function');
  await dialog.getByLabel('Description').fill('Sleeps, then draws a number');
  await expect(dialog.getByRole('list', { name: 'Default inputs' })).toContainText('input_4 = 0');
  await dialog.getByRole('button', { name: 'Register' }).click();

  await expect(page).toHaveURL(/\/functions\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sleeper function' })).toBeVisible();
  await expect(page.getByText('SOLVER function')).toBeVisible();

  // The function is listed with its class and what it wraps.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Functions' }).click();
  const listed = page.getByRole('row', { name: /Sleeper function/ });
  await expect(listed).toContainText('SOLVER');
  await expect(listed).toContainText('simcore/services/comp/itis/sleeper 2.1.6');
  await listed.getByRole('link', { name: 'Sleeper function' }).click();

  // Map = the sweep form: the sleep interval over 0, 1, 2.
  await page.getByRole('button', { name: 'Sweep of Sleep interval' }).click();
  const sweep = page.getByRole('group', { name: /Sweep of Sleep interval/ });
  await sweep.getByLabel('Kind of sweep').selectOption('List of values');
  await sweep.getByLabel(/Values/).fill('0, 1, 2');
  await expect(sweep.getByText('3 values: 0, 1, 2')).toBeVisible();
  await page.getByText(/Code for this map of 3 inputs/).click();
  await expect(page.getByText('functions_api.map_function(')).toBeVisible();
  await expectAccessible(page, 'the function page with a map');
  await page.getByRole('button', { name: 'Run sweep of 3 jobs' }).click();

  await expect(page).toHaveURL(/\/function-collections\/[0-9a-f-]{36}$/);
  const collectionId = page.url().split('/').pop() as string;
  const table = page.getByRole('table', { name: /Jobs of the sweep/ });
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(page.getByRole('status').filter({ hasText: 'function jobs ended' })).toContainText(
    '3 of 3 function jobs ended',
    { timeout: 60_000 },
  );
  for (const [index, interval] of ['0', '1', '2'].entries()) {
    const row = table.getByRole('row').nth(index + 1);
    await expect(row.getByRole('cell').first()).toHaveText(interval);
    await expect(row).toContainText('SUCCESS');
    await expect(row.getByRole('cell').nth(3)).toHaveText(/^[1-9]$/);
  }
  // Each row links to the sleeper job the function job wraps.
  await expect(table.getByRole('link', { name: /^Job 1: / })).toHaveAttribute('href', /\/jobs\/[0-9a-f-]{36}$/);

  const plot = page.getByRole('img', { name: 'Random sleep interval along Sleep interval' });
  await expect(plot).toHaveAttribute('data-points', '3');
  await expectAccessible(page, 'the collection page');

  const downloadEvent = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const download = await downloadEvent;
  expect(download.suggestedFilename()).toBe(`collection-${collectionId}.csv`);
  const csv = fs
    .readFileSync(await download.path(), 'utf8')
    .split(/\r?\n/)
    .filter(Boolean)
    .map((line) => line.split(','));
  expect(csv[0]).toEqual(['index', 'input_2', 'job_id', 'state', 'progress', 'output_2']);
  expect(csv.slice(1).map((row) => [row[1], row[3]])).toEqual([
    ['0', 'SUCCESS'],
    ['1', 'SUCCESS'],
    ['2', 'SUCCESS'],
  ]);
});

test('the heat analysis study registered as a function and mapped over two parameters on a grid', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/studies/9b3d0c44-61e8-4f2a-8d5c-3e7a2b9f0c55');
  await page.getByRole('button', { name: 'Register as function' }).click();
  const dialog = page.getByRole('dialog', { name: 'Register as function' });
  await dialog.getByLabel('Title').fill('Heat rod function');
  await dialog.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Heat rod function' })).toBeVisible();
  await expect(page.getByText('PROJECT function')).toBeVisible();

  // rod_length × initial_temperature: two values each, four function jobs.
  for (const [port, values] of [
    ['rod_length', '0.05, 0.1'],
    ['initial_temperature', '10, 20'],
  ] as const) {
    await page.getByRole('button', { name: `Sweep of ${port}` }).click();
    const sweep = page.getByRole('group', { name: new RegExp(`Sweep of ${port}`) });
    await sweep.getByLabel('Kind of sweep').selectOption('List of values');
    await sweep.getByLabel(/Values/).fill(values);
  }
  await page.getByRole('button', { name: 'Run sweep of 4 jobs' }).click();

  await expect(page).toHaveURL(/\/function-collections\/[0-9a-f-]{36}$/);
  const table = page.getByRole('table', { name: /Jobs of the sweep/ });
  await expect(table.getByRole('row')).toHaveCount(5);
  await expect(page.getByRole('status').filter({ hasText: 'function jobs ended' })).toContainText(
    '4 of 4 function jobs ended',
    { timeout: 80_000 },
  );
  await expect(table.getByRole('columnheader', { name: 'max_temperature' })).toBeVisible();
  for (const [index, [length, temperature]] of [
    ['0.05', '10'],
    ['0.05', '20'],
    ['0.1', '10'],
    ['0.1', '20'],
  ].entries()) {
    const row = table.getByRole('row').nth(index + 1);
    await expect(row.getByRole('cell').nth(0)).toHaveText(length!);
    await expect(row.getByRole('cell').nth(1)).toHaveText(temperature!);
    await expect(row).toContainText('SUCCESS');
  }
  // Each row links to the study job the function job wraps.
  await expect(table.getByRole('link', { name: /^Job 1: / })).toHaveAttribute('href', /\/studies\/.+\/jobs\/.+$/);
  await expect(page.getByRole('region', { name: 'Plot' }).getByRole('img').first()).toBeVisible();
});
