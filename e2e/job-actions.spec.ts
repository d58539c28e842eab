import { expect, test } from '@playwright/test';
import { createJob, SLEEPER, waitUntilStopped } from './job-setup.ts';

test('a running job shows its live log, and Stop (after confirming) ends it as ABORTED', async ({ page }) => {
  const job = await createJob(page.request, SLEEPER, '2.1.6', { input_2: 60 }, { start: true });
  await page.goto(job.pagePath);

  const statusRegion = page.getByRole('region', { name: 'Status' });
  await expect(statusRegion.getByText('STARTED', { exact: true })).toBeVisible();
  await expect(statusRegion).toContainText(/running for \d+ s/);
  // The live log follows the job while it runs.
  const liveLog = page.getByRole('region', { name: 'Logs' }).getByRole('region', { name: 'Live log' });
  await expect(liveLog).toContainText('Will sleep for 60 seconds');
  await expect(liveLog).toContainText('[PROGRESS] 1/60');

  // A reload mid-run picks up where it was: still running, progress kept, the live log replayed.
  await page.reload();
  await expect(statusRegion.getByText('STARTED', { exact: true })).toBeVisible();
  await expect(statusRegion.getByRole('progressbar', { name: 'Job progress' })).not.toHaveAttribute('value', '0');
  await expect(liveLog).toContainText('[PROGRESS] 1/60');

  // Cancelling the question leaves the job running.
  await statusRegion.getByRole('button', { name: 'Stop' }).click();
  const question = page.getByRole('dialog', { name: 'Stop this job?' });
  await expect(question).toBeVisible();
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toBeHidden();
  await expect(statusRegion.getByText('STARTED', { exact: true })).toBeVisible();

  await statusRegion.getByRole('button', { name: 'Stop' }).click();
  await question.getByRole('button', { name: 'Stop the job' }).click();
  await expect(statusRegion.getByText('ABORTED', { exact: true })).toBeVisible();
  await expect(statusRegion).toContainText('The job was stopped before it finished.');
  await expect(statusRegion.getByRole('button', { name: 'Stop' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Outputs' })).toHaveCount(0);
  // Once stopped, the logs come from the log zip.
  await expect(page.getByRole('button', { name: 'Download the log zip' })).toBeVisible();

  // A reload shows the same, final state.
  await page.reload();
  await expect(statusRegion.getByText('ABORTED', { exact: true })).toBeVisible();
});

test('Delete, after confirming, removes the job and returns to the jobs list without it', async ({ page }) => {
  const job = await createJob(page.request, SLEEPER, '2.1.6', { input_2: 0 }, { start: true });
  expect(await waitUntilStopped(page.request, job)).toBe('SUCCESS');

  await page.goto('/jobs');
  await expect(page.getByRole('link', { name: `Job ${job.id}` })).toBeVisible();
  await page.getByRole('link', { name: `Job ${job.id}` }).click();
  await expect(page).toHaveURL(new RegExp(`/jobs/${job.id}$`));
  const statusRegion = page.getByRole('region', { name: 'Status' });
  await expect(statusRegion.getByText('SUCCESS', { exact: true })).toBeVisible();

  await statusRegion.getByRole('button', { name: 'Delete' }).click();
  const question = page.getByRole('dialog', { name: 'Delete this job?' });
  await expect(question).toContainText('cannot be undone');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toBeHidden();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]+$/);

  await statusRegion.getByRole('button', { name: 'Delete' }).click();
  await question.getByRole('button', { name: 'Delete the job' }).click();
  await expect(page).toHaveURL(/\/jobs$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Jobs' })).toBeVisible();
  await expect(page.getByRole('link', { name: `Job ${job.id}` })).toHaveCount(0);

  // The job page of a deleted job says so plainly.
  await page.goto(job.pagePath);
  await expect(page.getByRole('alert')).toContainText('There is no such job on this API host');
});
