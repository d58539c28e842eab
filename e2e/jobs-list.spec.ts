import { expect, test } from '@playwright/test';
import { type CreatedJob, createJob, HEAT_1D, SLEEPER, waitUntilStopped } from './job-setup.ts';

test('the jobs list filters by solver and by state, and keeps the filters in the URL', async ({ page }) => {
  test.setTimeout(120_000);
  // Jobs of two solvers in three states.
  const sleeperDone = await createJob(page.request, SLEEPER, '2.1.6', { input_2: 0 }, { start: true });
  const sleeperFailed = await createJob(page.request, SLEEPER, '2.1.6', { input_2: 0, input_3: true }, { start: true });
  const heatDone = await createJob(page.request, HEAT_1D, '1.0.0', {}, { start: true });
  const heatWaiting = await createJob(page.request, HEAT_1D, '1.0.0', {}, { start: false });
  expect(await waitUntilStopped(page.request, sleeperDone)).toBe('SUCCESS');
  expect(await waitUntilStopped(page.request, sleeperFailed)).toBe('FAILED');
  expect(await waitUntilStopped(page.request, heatDone)).toBe('SUCCESS');

  const row = (job: CreatedJob) =>
    page.getByRole('row').filter({ has: page.getByRole('link', { name: `Job ${job.id}` }) });
  const expectListed = async (listed: CreatedJob[], absent: CreatedJob[]) => {
    for (const job of listed) await expect(row(job)).toBeVisible();
    for (const job of absent) await expect(row(job)).toHaveCount(0);
  };

  await page.goto('/jobs');
  await expectListed([sleeperDone, sleeperFailed, heatDone, heatWaiting], []);
  await expect(row(heatWaiting)).toContainText('NOT_STARTED');
  await expect(row(sleeperFailed)).toContainText('FAILED');
  await expect(row(heatDone)).toContainText('heat-1d');
  await expect(row(heatDone)).toContainText('1.0.0');
  // Newest first.
  const order = await page
    .getByRole('link', { name: /^Job / })
    .evaluateAll((links) => links.map((link) => link.getAttribute('aria-label')));
  expect(order.indexOf(`Job ${heatWaiting.id}`)).toBeLessThan(order.indexOf(`Job ${sleeperDone.id}`));

  await page.getByLabel('Solver').selectOption(HEAT_1D);
  await expect(page).toHaveURL(/solver=simcore%2Fservices%2Fcomp%2Flocal%2Fheat-1d/);
  await expectListed([heatDone, heatWaiting], [sleeperDone, sleeperFailed]);

  await page.getByLabel('State').selectOption('SUCCESS');
  await expect(page).toHaveURL(/state=SUCCESS/);
  await expectListed([heatDone], [heatWaiting, sleeperDone, sleeperFailed]);

  // A bookmarked view opens with the same filters.
  await page.reload();
  await expect(page.getByLabel('Solver')).toHaveValue(HEAT_1D);
  await expect(page.getByLabel('State')).toHaveValue('SUCCESS');
  await expectListed([heatDone], [heatWaiting, sleeperDone, sleeperFailed]);

  await page.getByLabel('Solver').selectOption('');
  await page.getByLabel('State').selectOption('FAILED');
  await expectListed([sleeperFailed], [heatDone, heatWaiting, sleeperDone]);

  await page.getByLabel('State').selectOption('ABORTED');
  await page.getByLabel('Solver').selectOption(HEAT_1D);
  await expect(page.getByRole('heading', { name: 'No job matches these filters' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(page).toHaveURL(/\/jobs$/);
  await expectListed([sleeperDone, sleeperFailed, heatDone, heatWaiting], []);

  // Each row opens its job.
  await row(heatDone).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/jobs/${heatDone.id}$`));
  await expect(page.getByRole('region', { name: 'Status' }).getByText('SUCCESS', { exact: true })).toBeVisible();
  // Its outputs: numbers with their units, the CSV previewed as text and the SVG plot as an image.
  const outputs = page.getByRole('region', { name: 'Outputs' });
  await expect(outputs.getByRole('row', { name: /max_temperature/ })).toContainText('°C');
  await expect(outputs.getByRole('figure', { name: /^profile: / })).toContainText('x_m');
  const plot = outputs.getByRole('img', { name: /^Output plot: / });
  await expect(plot).toBeVisible();
  expect(await plot.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
});

test('the jobs list shows twenty jobs a page, newest first, with the page in the URL', async ({ page }) => {
  test.setTimeout(120_000);
  const created: CreatedJob[] = [];
  for (let i = 0; i < 22; i++) created.push(await createJob(page.request, HEAT_1D, '1.0.0', {}, { start: false }));
  const newest = created.at(-1) as CreatedJob;
  const oldest = created[0] as CreatedJob;

  await page.goto(`/jobs?solver=${encodeURIComponent(HEAT_1D)}&state=NOT_STARTED`);
  const jobLinks = page.getByRole('table').getByRole('link', { name: /^Job / });
  await expect(page.getByRole('link', { name: `Job ${newest.id}` })).toBeVisible();
  await expect(jobLinks).toHaveCount(20);
  await expect(page.getByRole('link', { name: `Job ${oldest.id}` })).toHaveCount(0);
  const pager = page.getByRole('navigation', { name: 'Pages of jobs' });
  await expect(pager).toContainText(/Page 1 of \d+/);
  await expect(pager.getByRole('button', { name: 'Previous page' })).toBeDisabled();

  await pager.getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByRole('link', { name: `Job ${oldest.id}` })).toBeVisible();
  await expect(page.getByRole('link', { name: `Job ${newest.id}` })).toHaveCount(0);

  // Changing a filter starts again from the first page.
  await page.getByLabel('State').selectOption('');
  await expect(page).not.toHaveURL(/page=/);
  await expect(page.getByRole('link', { name: `Job ${newest.id}` })).toBeVisible();
});
