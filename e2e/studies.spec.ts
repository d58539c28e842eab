import { expect, type Page, test } from '@playwright/test';

/** The phase a node of the job's graph shows (pending, running, done, failed, stopped). */
const graphNode = (page: Page, name: string) => page.locator(`.pipeline-graph [data-node-name="${name}"]`);

async function openStudy(page: Page, search: string, title: string) {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Studies' }).click();
  await page.getByLabel('Search studies').fill(search);
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  // The pipeline is drawn: every node of the study is on the graph.
  await expect(page.getByRole('figure', { name: `Pipeline of ${title}` })).toBeVisible();
}

test('runs the sleeper pipeline with an uploaded file, watches its nodes, reads its outputs and each node’s log', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openStudy(page, 'sleeper', 'Sleeper pipeline');
  await expect(graphNode(page, 'first_sleeper')).toContainText('sleeper 2.1.6');
  await expect(page.locator('.pipeline-graph')).toContainText('output_1 → input_1');

  await page
    .getByLabel(/Upload a new file for input_file/)
    .setInputFiles({ name: 'file_with_number.txt', mimeType: 'text/plain', buffer: Buffer.from('3') });
  await expect(page.getByText('Chosen file: file_with_number.txt')).toBeVisible();
  await page.getByLabel(/sleep_interval/).fill('4');
  // Created first, so that every node is seen before anything runs; then started from its page.
  await page.getByRole('button', { name: 'Create without starting' }).click();
  await expect(page).toHaveURL(/\/studies\/[0-9a-f-]+\/jobs\/[0-9a-f-]+$/);
  await expect(graphNode(page, 'first_sleeper')).toHaveAttribute('data-phase', 'pending');
  await expect(graphNode(page, 'second_sleeper')).toHaveAttribute('data-phase', 'pending');
  await page.getByRole('region', { name: 'Status' }).getByRole('button', { name: 'Start' }).click();
  // Watch both nodes until the second is done: each goes from pending to running to done, the second after the first.
  const seen: Record<string, string[]> = { first_sleeper: ['pending'], second_sleeper: ['pending'] };
  await expect
    .poll(
      async () => {
        for (const name of Object.keys(seen)) {
          const phase = await graphNode(page, name).getAttribute('data-phase');
          if (phase && seen[name]!.at(-1) !== phase) seen[name]!.push(phase);
        }
        return seen.second_sleeper!.at(-1);
      },
      { timeout: 120_000, intervals: [100] },
    )
    .toBe('done');
  expect(seen.second_sleeper).toEqual(['pending', 'running', 'done']);
  expect(seen.first_sleeper).toEqual(['pending', 'running', 'done']);
  const status = page.getByRole('region', { name: 'Status' });
  await expect(status.getByText('SUCCESS', { exact: true })).toBeVisible();
  await expect(status.getByRole('progressbar', { name: 'Job progress' })).toHaveAttribute(
    'aria-valuetext',
    'Finished: 100%',
  );

  const outputs = page.getByRole('region', { name: 'Outputs' });
  await expect(outputs.getByText('final_number')).toBeVisible();
  await expect(outputs.getByLabel(/Download final_file: single_number\.txt/)).toBeVisible();

  // Each node's log, chosen from the list and from the graph.
  await page.getByRole('button', { name: 'Log of First sleeper' }).click();
  const firstLog = page.getByRole('region', { name: 'Log of First sleeper' });
  await expect(firstLog).toContainText('Finished successfully', { timeout: 20_000 });
  await graphNode(page, 'second_sleeper').getByRole('button').click();
  const secondLog = page.getByRole('region', { name: 'Log of Second sleeper' });
  await expect(secondLog).toContainText('Finished successfully', { timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Log of Second sleeper' })).toHaveAttribute('aria-pressed', 'true');
});

test('runs the heat analysis and shows its plot', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudy(page, 'heat', 'Heat rod analysis');
  await page.getByLabel(/initial_temperature/).fill('15');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const status = page.getByRole('region', { name: 'Status' });
  await expect(status.getByText('SUCCESS', { exact: true })).toBeVisible({ timeout: 60_000 });
  const outputs = page.getByRole('region', { name: 'Outputs' });
  await expect(outputs.getByRole('img', { name: /Output profile_plot: profile\.svg/ })).toBeVisible();
  await expect(outputs.getByRole('img', { name: /Output histogram: histogram\.svg/ })).toBeVisible();
  await expect(outputs.getByText('max_temperature')).toBeVisible();

  // The Jobs page lists the study job beside the solver jobs, and filters by kind.
  const jobId = page.url().split('/').at(-1)!;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
  await page.getByLabel('Kind').selectOption('study');
  await expect(page).toHaveURL(/kind=study/);
  const studyJobs = page.getByRole('region', { name: 'Study jobs' });
  const row = studyJobs.locator(`tr[data-job-id="${jobId}"]`);
  await expect(row).toContainText('Heat rod analysis');
  await expect(row.getByText('SUCCESS', { exact: true })).toBeVisible();
  await page.getByLabel('Kind').selectOption('solver');
  await expect(page.getByRole('region', { name: 'Study jobs' })).toHaveCount(0);
  await page.getByLabel('Kind').selectOption('study');
  await row.getByRole('link', { name: `Study job ${jobId}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Study job/ })).toBeVisible();

  // A second job of the study, created without starting, compared with the first.
  await page.getByRole('button', { name: 'Run again' }).click();
  await expect(page.getByLabel(/initial_temperature/)).toHaveValue('15');
  await page.getByLabel(/initial_temperature/).fill('30');
  await page.getByRole('button', { name: 'Create without starting' }).click();
  await expect(page.getByRole('region', { name: 'Status' }).getByText('NOT_STARTED', { exact: true })).toBeVisible();
  const secondId = page.url().split('/').at(-1)!;
  await page.getByRole('link', { name: 'Heat rod analysis' }).first().click();
  // Other tests may have run this study too: pick this test's two jobs by their ids.
  for (const id of [jobId, secondId]) {
    await page.getByRole('checkbox', { name: `Select job ${id.slice(0, 8)} for comparison` }).check();
  }
  await page.getByRole('button', { name: 'Compare 2 jobs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Compare 2 jobs of Heat rod analysis' })).toBeVisible();
  const inputs = page.getByRole('region', { name: 'Inputs' });
  await expect(inputs.locator('tr.differs', { hasText: 'initial_temperature' })).toContainText('15');
  await expect(inputs.locator('tr.differs', { hasText: 'initial_temperature' })).toContainText('30');
});

test('stops a pipeline midway: the running node is stopped, the next one never runs', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudy(page, 'sleeper', 'Sleeper pipeline');
  await page.getByLabel(/sleep_interval/).fill('40');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(graphNode(page, 'first_sleeper')).toHaveAttribute('data-phase', 'running');

  await page.getByRole('region', { name: 'Status' }).getByRole('button', { name: 'Stop' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Stop the study job' }).click();
  const status = page.getByRole('region', { name: 'Status' });
  await expect(status.getByText('ABORTED', { exact: true })).toBeVisible();
  await expect(graphNode(page, 'first_sleeper')).toHaveAttribute('data-phase', 'stopped');
  await expect(graphNode(page, 'second_sleeper')).toHaveAttribute('data-phase', 'pending');
  await expect(
    page.locator('tr[data-node-name="second_sleeper"]').getByRole('button', { name: 'Not run' }),
  ).toBeDisabled();
});
