import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { seedJobs } from '../server/seed-data.ts';
import { closedPort, type Started, startDashboard, startHost, stop } from './processes.ts';

const JOBS = 3_000;

test('the jobs page pages through thousands of jobs to the oldest and finds it by its label', async ({ page }) => {
  test.setTimeout(150_000);
  // Thousands of jobs written into a data folder before its host starts.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'osparc-e2e-scale-'));
  const ids = seedJobs(dataDir, JOBS, {
    metadataOf: (index) =>
      index === 0 ? { campaign: 'first-light', run: index } : { campaign: 'routine', run: index },
  });
  const oldest = ids[0]!;
  const credentials = { key: 'scale-key', secret: 'scale-secret' };
  let host: Started | undefined;
  let dashboard: Started | undefined;
  try {
    const apiPort = await closedPort();
    host = await startHost(apiPort, credentials, { dataDir });
    const started = await startDashboard(`http://127.0.0.1:${apiPort}`, credentials);
    dashboard = started.dashboard;

    await page.goto(new URL('/jobs?kind=solver', started.url).href);
    const pager = page.getByRole('navigation', { name: 'Pages of jobs' });
    await expect(pager).toContainText(`Page 1 of 150 · ${JOBS.toLocaleString('en-US')} jobs`);
    await expect(page.getByText(/this list shows the newest/)).toHaveCount(0);
    const jobLinks = page.getByRole('table').getByRole('link', { name: /^Job / });
    await expect(jobLinks).toHaveCount(20);
    await expect(jobLinks.first()).toHaveAccessibleName(`Job ${ids.at(-1)}`);

    await pager.getByRole('button', { name: 'Next page' }).click();
    await expect(pager).toContainText('Page 2 of 150');
    await expect(jobLinks.first()).toHaveAccessibleName(`Job ${ids.at(-21)}`);

    await pager.getByRole('button', { name: 'Last page' }).click();
    await expect(pager).toContainText('Page 150 of 150');
    await expect(jobLinks).toHaveCount(20);
    await expect(jobLinks.last()).toHaveAccessibleName(`Job ${oldest}`);
    await expect(page.getByRole('row', { name: new RegExp(oldest.slice(0, 8)) })).toContainText('campaign');

    // Its label finds it alone among thousands.
    await page.getByLabel('Labels').fill('campaign:first-*');
    await page.getByRole('button', { name: 'Filter by labels' }).click();
    await expect(jobLinks).toHaveCount(1);
    await expect(jobLinks.first()).toHaveAccessibleName(`Job ${oldest}`);
    await expect(pager).toHaveCount(0);

    // The state filter is the host's too: every seeded job succeeded, none failed.
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await page.getByLabel('State').selectOption('FAILED');
    await expect(page.getByRole('heading', { name: 'No job matches these filters' })).toBeVisible();
    await page.getByLabel('State').selectOption('SUCCESS');
    await expect(pager).toContainText(`${JOBS.toLocaleString('en-US')} jobs`);
  } finally {
    await stop(dashboard);
    await stop(host);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
