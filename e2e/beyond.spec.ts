import { type APIRequestContext, expect, test } from '@playwright/test';
import { expectAccessible } from './accessible.ts';
import { type CreatedJob, createJob, SCRIPT_HEADERS, SLEEPER, waitUntilStopped } from './job-setup.ts';

/**
 * Beyond the tutorial: run a job again from its inputs, export it as a script, compare jobs,
 * label jobs and filter by labels, and be told when a watched job ends.
 */

interface UploadedFile {
  id: string;
  filename: string;
}

/** Uploads a file as the tutorial's `files_api.upload_file` does (one multipart PUT). */
async function uploadFile(request: APIRequestContext, name: string, text: string): Promise<UploadedFile> {
  const response = await request.put('/v0/files/content', {
    headers: SCRIPT_HEADERS,
    multipart: { file: { name, mimeType: 'text/plain', buffer: Buffer.from(text) } },
  });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as UploadedFile;
}

/** The seed tutorial's job: a file holding 3, `input_3` sent as the string "false", as the tutorial does. */
async function createSeedJob(request: APIRequestContext, sleep: number): Promise<CreatedJob> {
  const file = await uploadFile(request, 'file_with_number.txt', '3');
  return createJob(
    request,
    SLEEPER,
    '2.1.6',
    { input_4: 2, input_3: 'false', input_2: sleep, input_1: file },
    { start: true },
  );
}

async function jobCount(request: APIRequestContext): Promise<number> {
  const response = await request.get('/v0/solvers/-/releases/-/jobs?limit=1&offset=0');
  return ((await response.json()) as { total: number }).total;
}

test('Run again on a finished job opens its release form prefilled with its inputs, file included, and runs nothing', async ({
  page,
}) => {
  const job = await createSeedJob(page.request, 1);
  expect(await waitUntilStopped(page.request, job)).toBe('SUCCESS');
  const jobsBefore = await jobCount(page.request);

  await page.goto(job.pagePath);
  await page.getByRole('button', { name: 'Run again' }).click();

  await expect(page).toHaveURL(/\/solvers\/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper\/releases\/2\.1\.6$/);
  await expect(page.getByRole('status').filter({ hasText: 'Prefilled from job' })).toContainText(job.id);
  await expect(page.getByLabel(/Sleep interval/)).toHaveValue('1');
  await expect(page.getByLabel(/Distance to bed/)).toHaveValue('2');
  await expect(page.getByRole('checkbox', { name: /Fail after sleep/ })).not.toBeChecked();
  await expect(page.getByText('Chosen file: file_with_number.txt')).toBeVisible();
  expect(await jobCount(page.request)).toBe(jobsBefore);

  // Edited and run, it is a new job with the changed value.
  await page.getByLabel(/Sleep interval/).fill('0');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page).toHaveURL(/\/releases\/2\.1\.6\/jobs\/[0-9a-f-]+$/);
  expect(page.url()).not.toContain(job.id);
  const inputs = page.getByRole('region', { name: 'Inputs' });
  await expect(inputs.getByRole('row', { name: /input_2/ })).toContainText('0');
  await expect(inputs.getByRole('row', { name: /input_1/ })).toContainText('file_with_number.txt');
});

test('the Code dialog of the seed job holds a Python script naming the same solver, release and inputs, and a curl script without keys', async ({
  page,
}) => {
  const job = await createSeedJob(page.request, 0);
  await page.goto(job.pagePath);
  await page.getByRole('button', { name: 'Code' }).click();

  const dialog = page.getByRole('dialog', { name: 'Code for this job' });
  await expect(dialog.getByRole('tab', { name: 'Python' })).toHaveAttribute('aria-selected', 'true');
  const script = dialog.getByRole('tabpanel');
  await expect(script).toContainText('solver_key: str = "simcore/services/comp/itis/sleeper"');
  const python = (await script.textContent()) ?? '';
  expect(python).toContain('solver_version: str = "2.1.6"');
  expect(python).toContain('"input_2": 0,');
  expect(python).toContain('"input_3": False,');
  expect(python).toContain('"input_4": 2,');
  expect(python).toContain('"input_1": input_1_file,');
  expect(python).toContain('files_api.upload_file(file="file_with_number.txt")');
  expect(python).toContain('solvers_api.start_job(');

  // The download offers the script as a file.
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: /^Download / }).click();
  expect((await download).suggestedFilename()).toBe('sleeper-2.1.6.py');

  // Arrow keys move to the curl tab.
  await dialog.getByRole('tab', { name: 'Python' }).press('ArrowRight');
  await expect(dialog.getByRole('tab', { name: 'curl' })).toHaveAttribute('aria-selected', 'true');
  await expect(script).toContainText('-u "$OSPARC_API_KEY:$OSPARC_API_SECRET"');
  const curl = (await script.textContent()) ?? '';
  expect(curl).toContain('/solvers/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper/releases/2.1.6');
  // The dashboard's proxy holds a key pair for this host; neither half may appear in a script.
  expect(curl).not.toMatch(/-u "[^$]/);
  expect(curl).toMatch(/"input_3": false/);

  await expectAccessible(page, 'the Code dialog');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('two sleeper jobs compared side by side: the different sleep intervals are marked', async ({ page }) => {
  const quick = await createJob(page.request, SLEEPER, '2.1.6', { input_2: 0 }, { start: true });
  const slower = await createJob(page.request, SLEEPER, '2.1.6', { input_2: 1 }, { start: true });
  await waitUntilStopped(page.request, quick);
  await waitUntilStopped(page.request, slower);

  await page.goto('/jobs');
  const compare = page.getByRole('button', { name: 'Compare' });
  await page.getByRole('checkbox', { name: `Select job ${quick.id.slice(0, 8)} for comparison` }).check();
  await expect(compare).toBeDisabled();
  await expect(page.getByText('1 job selected: select at least one more of the same solver.')).toBeVisible();
  await page.getByRole('checkbox', { name: `Select job ${slower.id.slice(0, 8)} for comparison` }).check();
  await expect(compare).toBeEnabled();
  await compare.click();

  await expect(page).toHaveURL(/\/compare\?jobs=/);
  expect(decodeURIComponent(page.url())).toContain(`${SLEEPER}:2.1.6:${quick.id}`);
  const inputs = page.getByRole('region', { name: 'Inputs' });
  const sleepRow = inputs.getByRole('row', { name: /Sleep interval/ });
  await expect(sleepRow).toContainText('≠');
  await expect(sleepRow).toContainText('(values differ)');
  await expect(sleepRow.getByRole('cell')).toHaveText(['0', '1']);
  await expect(inputs.getByRole('row', { name: /Fail after sleep/ })).not.toContainText('values differ');
  // Both succeeded, so their numeric outputs are shown.
  const outputs = page.getByRole('region', { name: 'Outputs' });
  await expect(outputs.getByRole('row', { name: /output_2/ }).getByRole('cell')).toHaveText([/^\d+$/, /^\d+$/]);

  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expectAccessible(page, 'the comparison');

  // The comparison is bookmarkable: the same URL shows the same again.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Inputs' }).getByRole('row', { name: /Sleep interval/ })).toContainText(
    '(values differ)',
  );
});

test('a label added on the job page finds that job in the jobs list, and not another one', async ({ page }) => {
  const labelled = await createJob(page.request, SLEEPER, '2.1.6', { input_2: 0 }, { start: false });
  const other = await createJob(page.request, SLEEPER, '2.1.6', { input_2: 0 }, { start: false });
  const project = `apollo-${Date.now()}`;

  await page.goto(labelled.pagePath);
  const labels = page.getByRole('region', { name: 'Labels' });
  await expect(labels.getByText('No labels yet.')).toBeVisible();
  await labels.getByRole('button', { name: 'Add label' }).click();
  await labels.getByRole('button', { name: 'Save labels' }).click();
  await expect(labels.getByText('Enter a key.')).toBeVisible();
  await labels.getByLabel('Key of label 1').fill('project');
  await labels.getByLabel('Value of label 1').fill(project);
  await labels.getByRole('button', { name: 'Add label' }).click();
  await labels.getByLabel('Key of label 2').fill('project');
  await labels.getByRole('button', { name: 'Save labels' }).click();
  await expect(labels.getByText('The key “project” is used twice.').first()).toBeVisible();
  await labels.getByLabel('Key of label 2').fill('owner');
  await labels.getByLabel('Value of label 2').fill('me');
  await labels.getByRole('button', { name: 'Save labels' }).click();
  await expect(labels.getByText('Labels saved.')).toBeVisible();
  await expectAccessible(page, 'the job page with labels');

  // The host holds the whole map.
  const stored = await page.request.get(
    `/v0/solvers/${encodeURIComponent(SLEEPER)}/releases/2.1.6/jobs/${labelled.id}/metadata`,
  );
  expect(((await stored.json()) as { metadata: unknown }).metadata).toEqual({ project, owner: 'me' });

  // Removing a label sends the map without it.
  await labels.getByRole('button', { name: 'Remove label 2' }).click();
  await labels.getByRole('button', { name: 'Save labels' }).click();
  await expect(labels.getByText('Labels saved.')).toBeVisible();
  await page.reload();
  await expect(labels.getByLabel('Key of label 1')).toHaveValue('project');
  await expect(labels.getByLabel('Key of label 2')).toHaveCount(0);

  await page.goto('/jobs');
  await expect(page.getByRole('link', { name: `Job ${other.id}` })).toBeVisible();
  // The list shows each job's labels in its row.
  const rowOf = (id: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: `Job ${id}` }) });
  await expect(rowOf(labelled.id).getByRole('cell').last()).toHaveText(`project: ${project}`);
  await expect(rowOf(other.id).getByRole('cell').last()).toHaveText('');
  await page.getByLabel('Labels', { exact: true }).fill(`project:${project.slice(0, 7)}*`);
  await page.getByRole('button', { name: 'Filter by labels' }).click();
  await expect(page).toHaveURL(/metadata=project%3Aapollo-/);
  await expect(page.getByRole('link', { name: `Job ${labelled.id}` })).toBeVisible();
  await expect(page.getByRole('link', { name: `Job ${other.id}` })).toHaveCount(0);

  // "all" with a pattern the job does not match finds nothing.
  await page.getByLabel('Labels', { exact: true }).fill(`project:${project} owner:someone`);
  await page.getByLabel('all patterns match').check();
  await page.getByRole('button', { name: 'Filter by labels' }).click();
  await expect(page).toHaveURL(/match=all/);
  await expect(page.getByRole('heading', { name: 'No job matches these filters' })).toBeVisible();
});

test('the tab title says so when the watched job ends, and a notification was offered', async ({ page, context }) => {
  await context.grantPermissions(['notifications']);
  const job = await createJob(page.request, SLEEPER, '2.1.6', { input_2: 4 }, { start: true });
  await page.goto(job.pagePath);
  const statusRegion = page.getByRole('region', { name: 'Status' });
  await expect(statusRegion.getByText('STARTED', { exact: true })).toBeVisible();
  await expect(page).toHaveTitle('oSPARC solvers');

  await statusRegion.getByRole('button', { name: 'Notify me when it ends' }).click();
  await expect(statusRegion.getByText('You will get a browser notification when it ends.')).toBeVisible();

  await expect(page).toHaveTitle('✓ SUCCESS — sleeper job', { timeout: 60_000 });
  await expect(statusRegion.getByText('SUCCESS', { exact: true })).toBeVisible();

  // Leaving the page gives the tab its own title back.
  await page.getByRole('link', { name: 'Jobs', exact: true }).first().click();
  await expect(page).toHaveTitle('oSPARC solvers');
});
