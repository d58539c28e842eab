import fs from 'node:fs';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import type { OsparcFile } from '../src/api/types.ts';
import { paths } from '../src/paths.ts';
import { createJob, HEAT_1D, SCRIPT_HEADERS, SLEEPER, waitUntilStopped } from './job-setup.ts';
import { horizontalOverflow, inEveryVariant } from './variants.ts';

/**
 * The rough edges a new user met in the first hour, each as the user meets it, with the fixed
 * behaviour checked at desktop and phone width, in light and dark, with the accessibility checks.
 */

test.describe.configure({ timeout: 180_000 });

/** Uploads a small text file through the dashboard's proxy, as a script would. */
async function uploadText(request: APIRequestContext, filename: string, text: string): Promise<OsparcFile> {
  const answer = await request.put('/v0/files/content', {
    headers: SCRIPT_HEADERS,
    multipart: { file: { name: filename, mimeType: 'text/plain', buffer: Buffer.from(text) } },
  });
  expect(answer.ok(), await answer.text()).toBe(true);
  const body = (await answer.json()) as OsparcFile | OsparcFile[];
  return Array.isArray(body) ? (body[0] as OsparcFile) : body;
}

function statusRegion(page: Page) {
  return page.getByRole('region', { name: 'Status' });
}

test('1. a 227-character file name wraps everywhere it shows, and the page never scrolls sideways', async ({
  page,
}) => {
  // Four pages, each checked in four variants with an accessibility scan: slow on a busy machine.
  test.setTimeout(360_000);
  const longName = `${'measurement_of_the_left_ventricle_'.repeat(7)}${Date.now()}`.slice(0, 223) + '.txt';
  expect(longName).toHaveLength(227);
  const file = await uploadText(page.request, longName, '3\n');
  const job = await createJob(page.request, SLEEPER, '2.1.6', { input_1: file, input_2: 0 }, { start: true });
  expect(await waitUntilStopped(page.request, job)).toBe('SUCCESS');

  // The run form with the file chosen for "File with int number".
  await page.goto(paths.solverRelease.getHref(SLEEPER, '2.1.6', { file: file.id }));
  const chosen = page.getByText('Chosen file:');
  await expect(chosen).toContainText(longName);
  await inEveryVariant(page, 'the run form with a long file name', async () => {
    await expect(chosen).toBeVisible();
  });

  // The job's inputs.
  await page.goto(job.pagePath);
  const inputs = page.getByRole('region', { name: 'Inputs' });
  await expect(inputs).toContainText(longName);
  await inEveryVariant(page, 'the job page with a long input file name', async () => {
    await expect(inputs).toBeVisible();
  });

  // The Files page, found by its name among the files other tests left on the host.
  await page.goto('/files');
  await page.getByLabel('Search files by name or checksum').fill(longName);
  const row = page.getByRole('table', { name: /^Files matching / }).getByRole('row', { name: new RegExp(longName) });
  await expect(row).toBeVisible();
  await inEveryVariant(page, 'the Files page with a long file name', async () => {
    await expect(row).toBeVisible();
  });

  // Two jobs compared side by side.
  const other = await createJob(page.request, SLEEPER, '2.1.6', { input_1: file, input_2: 0 }, { start: true });
  expect(await waitUntilStopped(page.request, other)).toBe('SUCCESS');
  await page.goto(paths.compare.getHref([job, other].map((j) => ({ ...j, jobId: j.id }))));
  await expect(page.getByRole('table').first()).toContainText(longName);
  await inEveryVariant(page, 'the comparison with a long file name', async () => {
    await expect(page.getByRole('table').first()).toBeVisible();
  });
});

test('2. a Stop question whose job has finished meanwhile says so, instead of offering a Stop that does nothing', async ({
  page,
}) => {
  const job = await createJob(page.request, SLEEPER, '2.1.6', { input_2: 6 }, { start: true });
  await page.goto(job.pagePath);
  await statusRegion(page).getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('dialog', { name: 'Stop this job?' })).toBeVisible();

  // The user leaves the question open; the job ends by itself.
  const finished = page.getByRole('dialog', { name: 'The job has already finished' });
  await expect(finished).toBeVisible({ timeout: 30_000 });
  await expect(finished).toContainText('It ended as SUCCESS before it could be stopped');
  await expect(finished.getByRole('button', { name: 'Stop the job' })).toHaveCount(0);
  await inEveryVariant(page, 'the Stop question of a finished job', async () => {
    await expect(finished).toBeVisible();
  });
  await finished.getByRole('button', { name: 'Close' }).click();
  await expect(finished).toBeHidden();
  await expect(statusRegion(page).getByText('SUCCESS', { exact: true })).toBeVisible();
});

test('3. a stopped job’s bar says it was stopped, and how far it got, in words and colour', async ({ page }) => {
  const job = await createJob(page.request, SLEEPER, '2.1.6', { input_2: 20 }, { start: true });
  await page.goto(job.pagePath);
  const bar = statusRegion(page).getByRole('progressbar', { name: 'Job progress' });
  await expect(bar).toHaveAttribute('aria-valuetext', /^([1-9]|[1-4]\d)%$/, { timeout: 30_000 });
  await statusRegion(page).getByRole('button', { name: 'Stop' }).click();
  await page.getByRole('dialog', { name: 'Stop this job?' }).getByRole('button', { name: 'Stop the job' }).click();
  await expect(statusRegion(page).getByText('ABORTED', { exact: true })).toBeVisible();

  const words = statusRegion(page).getByText(/^Stopped at \d+%$/);
  await expect(words).toBeVisible();
  const reached = Number((await words.textContent())?.match(/\d+/)?.[0]);
  expect(reached).toBeGreaterThan(0);
  expect(reached).toBeLessThan(100);
  await expect(bar).toHaveAttribute('value', String(reached));
  // A reload in the same tab still knows how far it got.
  await page.reload();
  await expect(words).toBeVisible();
  await inEveryVariant(page, 'the status of a stopped job', async () => {
    await expect(words).toBeVisible();
    // The words and the bar in the colour of failure, not the blue of a running bar.
    const colours = await words.evaluate((element) => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--pico-del-color)';
      element.append(probe);
      const failure = getComputedStyle(probe).color;
      probe.remove();
      const bar = element.parentElement?.querySelector('progress');
      const barColour = bar ? getComputedStyle(bar).getPropertyValue('--pico-progress-color').trim() : '';
      probe.style.color = barColour;
      element.append(probe);
      const barAsColour = getComputedStyle(probe).color;
      probe.remove();
      return { words: getComputedStyle(element).color, bar: barAsColour, failure };
    });
    expect(colours.words).toBe(colours.failure);
    expect(colours.bar).toBe(colours.failure);
  });

  // A failed job seen only after it ended: the bar says it failed, never "100%".
  const failing = await createJob(page.request, SLEEPER, '2.1.6', { input_2: 0, input_3: true }, { start: true });
  expect(await waitUntilStopped(page.request, failing)).toBe('FAILED');
  await page.goto(failing.pagePath);
  await expect(statusRegion(page).getByText('Failed before it finished')).toBeVisible();
  await expect(statusRegion(page).getByText('100%')).toHaveCount(0);
});

test('9. at phone width the navigation folds into a menu, and every page fits 390 px', async ({ page }) => {
  const job = await createJob(page.request, SLEEPER, '2.1.6', { input_2: 0 }, { start: true });
  expect(await waitUntilStopped(page.request, job)).toBe('SUCCESS');
  const nav = page.getByRole('navigation', { name: 'Main' });
  const menu = nav.getByRole('button', { name: 'Menu' });

  // 420 px, where the links used to run off the edge ("Settin"): a Menu button instead.
  await page.setViewportSize({ width: 420, height: 800 });
  await page.goto('/');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(nav.getByRole('link', { name: 'Settings' })).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await inEveryVariant(page, 'the open menu', async (variant) => {
    if (variant.startsWith('desktop')) {
      await expect(menu).toBeHidden();
    } else {
      await expect(menu).toHaveAttribute('aria-expanded', 'true');
    }
    await expect(nav.getByRole('link', { name: 'Settings' })).toBeVisible();
  });
  await page.setViewportSize({ width: 390, height: 844 });
  await nav.getByRole('link', { name: 'Files' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Files' })).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(nav.getByRole('link', { name: 'Files' })).toBeHidden();

  // Every page at 390 px: nothing runs off to the side.
  const pages = [
    paths.catalog.getHref(),
    paths.solverRelease.getHref(SLEEPER, '2.1.6'),
    paths.solverRelease.getHref(HEAT_1D, '1.0.0'),
    job.pagePath,
    paths.jobs.getHref(),
    paths.studies.getHref(),
    paths.sweeps.getHref(),
    paths.functions.getHref(),
    paths.files.getHref(),
    paths.settings.getHref(),
  ];
  for (const href of pages) {
    await page.goto(href);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await expect
      .poll(() => horizontalOverflow(page), { message: `${href} scrolls sideways at 390 px`, timeout: 5_000 })
      .toBeLessThanOrEqual(0);
  }
});

test('5. the heat-1d release page shows every column of its ports, and names its release once', async ({ page }) => {
  await page.goto(paths.solverRelease.getHref(HEAT_1D, '1.0.0'));
  await expect(page.getByRole('combobox', { name: 'Release' })).toContainText('1.0.0 (finite differences), latest');
  await expect(page.getByRole('option', { name: /1\.0\.0 \(1\.0\.0/ })).toHaveCount(0);
  const inputs = page.getByRole('table', { name: 'Inputs' });
  await expect(inputs.getByRole('columnheader', { name: 'Default' })).toBeVisible();
  await inEveryVariant(page, 'the heat-1d release page', async (variant) => {
    const fits = await inputs.evaluate((table) => table.scrollWidth <= (table.parentElement?.clientWidth ?? 0) + 1);
    // On a desktop the whole table fits; on a phone it scrolls inside its own box, by keyboard too.
    if (variant.startsWith('desktop')) expect(fits, `the ports table fits (${variant})`).toBe(true);
    await expect(page.getByRole('region', { name: 'Inputs ports' })).toHaveAttribute('tabindex', '0');
  });
});

test('4. units read as a scientist writes them, on the release page, the run form and the outputs', async ({
  page,
}) => {
  await page.goto(paths.solverRelease.getHref(HEAT_1D, '1.0.0'));
  const inputs = page.getByRole('table', { name: 'Inputs' });
  await expect(inputs.getByRole('row', { name: /diffusivity/ })).toContainText('m²/s');
  await expect(inputs.getByRole('row', { name: /initial_temperature/ })).toContainText('°C');
  await expect(page.getByLabel('Thermal diffusivity')).toHaveAccessibleDescription(/m²\/s/);
  await expect(page.getByText(/meter\*\*2|degree_Celsius/)).toHaveCount(0);
  await inEveryVariant(page, 'the heat-1d run form with its units', async () => {
    await expect(page.locator('.port-unit', { hasText: '°C' }).first()).toBeVisible();
  });
});

test('8. a cleared optional field is sent as unset, and the form says what the solver will use', async ({ page }) => {
  await page.goto(paths.solverRelease.getHref(SLEEPER, '2.1.6'));
  const distance = page.getByLabel('Distance to bed', { exact: true });
  await expect(distance).toHaveValue('0');
  await distance.fill('');
  const note = page.getByText('Left empty: not sent, so the solver uses its default, 0 m.');
  await expect(note).toBeVisible();
  await inEveryVariant(page, 'the run form with a cleared optional field', async () => {
    await expect(note).toBeVisible();
  });
  const sent = page.waitForRequest((request) => request.method() === 'POST' && /\/jobs$/.test(request.url()));
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const values = ((await sent).postDataJSON() as { values: Record<string, unknown> }).values;
  expect(values).not.toHaveProperty('input_4');
  expect(values).toHaveProperty('input_2', 2);
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]+$/);
});

test('10. a sweep of one job says "1 job", an invalid submit keeps the console quiet, and last inputs are offered, not imposed', async ({
  page,
}) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.text().includes('Form validation failed'))
      consoleErrors.push(message.text());
  });
  await page.goto(paths.solverRelease.getHref(SLEEPER, '2.1.6'));
  const interval = page.getByLabel('Sleep interval', { exact: true });
  await interval.fill('7');
  // One value to sweep: one job, said in the singular.
  await page.getByRole('button', { name: 'Sweep of Sleep interval' }).click();
  await expect(page.getByRole('group', { name: /Sweep of Sleep interval/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run sweep of 1 job', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Sweep of Sleep interval' }).click();
  await expect(page.getByRole('group', { name: /Sweep of Sleep interval/ })).toHaveCount(0);

  // An invalid submit is explained on the form, and nothing is printed to the console.
  await interval.fill('99');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Sleep interval: must be at most 65 s');
  expect(consoleErrors).toEqual([]);
  await interval.fill('7');

  // Coming back to the release later: the form starts from its defaults and offers the last inputs.
  await page.goto(paths.catalog.getHref());
  await page.goto(paths.solverRelease.getHref(SLEEPER, '2.1.6'));
  await expect(interval).toHaveValue('2');
  const restore = page.getByRole('button', { name: 'Restore your last inputs' });
  await expect(restore).toBeVisible();
  await inEveryVariant(page, 'the run form offering the last inputs', async () => {
    await expect(restore).toBeVisible();
  });
  await restore.click();
  await expect(interval).toHaveValue('7');
  await expect(restore).toHaveCount(0);
  // A reload keeps the form as it is, without asking.
  await page.reload();
  await expect(interval).toHaveValue('7');
  await expect(restore).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('12. the Code dialog also gives the run as a notebook, one cell a step as the seed is laid out', async ({
  page,
}) => {
  const job = await createJob(page.request, SLEEPER, '2.1.6', { input_2: 0, input_4: 0 }, { start: true });
  expect(await waitUntilStopped(page.request, job)).toBe('SUCCESS');
  await page.goto(job.pagePath);
  await page.getByRole('button', { name: 'Code', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Code for this job/ });
  await dialog.getByRole('tab', { name: 'Notebook' }).click();
  await expect(dialog.getByRole('tabpanel')).toContainText('"nbformat": 4');
  await inEveryVariant(page, 'the Code dialog on its notebook tab', async () => {
    await expect(dialog.getByRole('tab', { name: 'Notebook', selected: true })).toBeVisible();
  });

  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: /^Download .*\.ipynb$/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('sleeper-2.1.6.ipynb');
  const notebook = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as {
    nbformat: number;
    cells: { cell_type: string; source: string[] }[];
  };
  expect(notebook.nbformat).toBe(4);
  const sources = notebook.cells.map((cell) => cell.source.join(''));
  expect(notebook.cells[0]?.cell_type).toBe('markdown');
  const stepOf = (text: string) => sources.findIndex((source) => source.includes(text));
  const steps = ['import osparc', 'osparc.ApiClient()', 'create_job(', 'start_job(', 'get_job_output_logfile('].map(
    stepOf,
  );
  expect(steps.every((index) => index > 0)).toBe(true);
  expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  expect(sources.join('\n')).toContain('"input_2": 0');
});

test('11. a CSV output previews as a table of its rows, scrolling within its box', async ({ page }) => {
  const job = await createJob(page.request, HEAT_1D, '1.0.0', { cells: 400 }, { start: true });
  expect(await waitUntilStopped(page.request, job)).toBe('SUCCESS');
  await page.goto(job.pagePath);
  const preview = page.getByRole('figure', { name: /^profile: .*\.csv \(\d+ rows\)$/ });
  const table = preview.getByRole('table');
  await expect(table.getByRole('columnheader').first()).toBeVisible();
  // Row count as the table announces it: the header plus one row a cell of the grid and more.
  expect(Number(await table.getAttribute('aria-rowcount'))).toBeGreaterThan(400);
  // Only the rows in view are in the page; scrolling the box brings the last ones.
  const drawn = await table.locator('tbody tr:not(.csv-preview-spacer)').count();
  expect(drawn).toBeLessThan(100);
  await preview.locator('.csv-preview').evaluate((box) => {
    box.scrollTop = box.scrollHeight;
  });
  await expect(table.locator('tbody tr[aria-rowindex]').last()).toHaveAttribute(
    'aria-rowindex',
    String(Number(await table.getAttribute('aria-rowcount'))),
  );
  await inEveryVariant(page, 'the job page with a CSV output', async () => {
    await expect(table.getByRole('columnheader').first()).toBeVisible();
  });
});

test('6. compared file outputs say their checksums, and small text files show their line differences', async ({
  page,
}) => {
  const jobs = [];
  for (const diffusivity of [0.0001, 0.0002]) {
    const job = await createJob(page.request, HEAT_1D, '1.0.0', { cells: 12, diffusivity }, { start: true });
    expect(await waitUntilStopped(page.request, job)).toBe('SUCCESS');
    jobs.push(job);
  }
  await page.goto(
    paths.compare.getHref(jobs.map((job) => ({ solverKey: job.solverKey, version: job.version, jobId: job.id }))),
  );
  const outputs = page.getByRole('region', { name: 'Outputs' });
  const profile = outputs.getByRole('row', { name: /profile/ }).first();
  await expect(profile.getByText(/^ ?checksum [0-9a-f]{8}$/)).toHaveCount(2);
  await outputs
    .getByText(/^Differences in /)
    .first()
    .click();
  const diff = outputs.getByRole('figure', { name: new RegExp(`job ${jobs[1]!.id.slice(0, 8)} .* against job`) });
  await expect(diff.locator('del').first()).toContainText('−');
  await expect(diff.locator('ins').first()).toContainText('+');
  await inEveryVariant(page, 'the comparison with a file diff', async () => {
    await expect(diff).toBeVisible();
  });
});

test('7. the Files page tells twenty look-alike files apart: size, time, checksum, the job that made each, order and filters', async ({
  page,
}) => {
  // Two runs of the sleeper: each leaves a single_number.txt, the look-alikes of the report.
  const jobs = [];
  for (const interval of [0, 1]) {
    const job = await createJob(page.request, SLEEPER, '2.1.6', { input_2: interval }, { start: true });
    expect(await waitUntilStopped(page.request, job)).toBe('SUCCESS');
    jobs.push(job);
  }
  const latest = jobs.at(-1)!;
  // And two uploads, told apart by their sizes.
  const prefix = `edge7-${Date.now()}`;
  await uploadText(page.request, `${prefix}-small.txt`, '1');
  await uploadText(page.request, `${prefix}-large.txt`, 'x'.repeat(5000));

  await page.goto('/files');
  const search = page.getByRole('searchbox', { name: 'Search files by name or checksum' });
  const show = page.getByRole('combobox', { name: 'Show' });
  const order = page.getByRole('combobox', { name: 'Order' });

  // The outputs of jobs, newest first: the latest run's file on top, linked to its job.
  await search.fill('single_number.txt');
  await show.selectOption({ label: 'Outputs of jobs' });
  const table = page.getByRole('table', { name: 'Files matching single_number.txt' });
  const top = table.getByRole('row').nth(1);
  await expect(top.getByRole('rowheader')).toContainText('single_number.txt');
  const madeBy = top.getByRole('link', { name: `sleeper 2.1.6 job ${latest.id.slice(0, 8)}` });
  await expect(madeBy).toBeVisible();
  await expect(top).toContainText(/output_1 of sleeper 2\.1\.6 job/);
  await expect(top.getByRole('cell').nth(0)).toHaveText(/^\d+ B$/);
  await expect(top.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
  await expect(top.getByRole('cell').nth(2).locator('code')).toHaveText(/^[0-9a-f]{12}…$/);
  await expect(table.getByRole('columnheader', { name: 'Stored' })).toHaveAttribute('aria-sort', 'descending');
  await expect(page).toHaveURL(/show=job/);
  await inEveryVariant(page, 'the Files page listing outputs of jobs', async () => {
    await expect(madeBy).toBeVisible();
  });

  // Uploads only: no job output among them.
  await show.selectOption({ label: 'Uploaded files' });
  await expect(page.getByRole('status').filter({ hasText: /single_number\.txt/ })).toHaveText(
    /uploaded files|No file matches/,
  );
  await expect(table.getByRole('link', { name: /sleeper 2\.1\.6 job/ })).toHaveCount(0);

  // Ordered by size, either way; the sorted column says so.
  await show.selectOption({ label: 'All files' });
  await search.fill(prefix);
  const uploads = page.getByRole('table', { name: `Files matching ${prefix}` });
  await order.selectOption({ label: 'Largest first' });
  await expect(uploads.getByRole('rowheader')).toContainText([`${prefix}-large.txt`, `${prefix}-small.txt`]);
  await expect(uploads.getByRole('row').nth(1)).toContainText(/4\.9 KiB/);
  await expect(uploads.getByRole('row').nth(1)).toContainText('Uploaded');
  await expect(uploads.getByRole('columnheader', { name: 'Size' })).toHaveAttribute('aria-sort', 'descending');
  await order.selectOption({ label: 'Smallest first' });
  await expect(uploads.getByRole('rowheader')).toContainText([`${prefix}-small.txt`, `${prefix}-large.txt`]);
  await order.selectOption({ label: 'Name, Z to A' });
  await expect(uploads.getByRole('rowheader')).toContainText([`${prefix}-small.txt`, `${prefix}-large.txt`]);
  await expect(uploads.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
  await inEveryVariant(page, 'the Files page ordered by name', async () => {
    await expect(uploads).toBeVisible();
  });

  // The view is in the address: a reload keeps it, and the producing job's link leads to the job.
  await page.reload();
  await expect(order).toHaveValue('name-desc');
  await expect(search).toHaveValue(prefix);

  // The short checksum the table shows is enough to find the file again.
  const checksum = await uploads
    .getByRole('row', { name: new RegExp(`${prefix}-large`) })
    .locator('code[title]')
    .getAttribute('title');
  const short = checksum!.slice(0, 12);
  await search.fill(short);
  await expect(page.getByRole('table', { name: `Files matching ${short}` }).getByRole('rowheader')).toContainText([
    `${prefix}-large.txt`,
  ]);

  await search.fill('single_number.txt');
  await show.selectOption({ label: 'Outputs of jobs' });
  await order.selectOption({ label: 'Newest first' });
  await table.getByRole('link', { name: `sleeper 2.1.6 job ${latest.id.slice(0, 8)}` }).click();
  await expect(page).toHaveURL(new RegExp(`/jobs/${latest.id}$`));
});

test('10. a chosen file shows its name, size and when it was stored, not its id', async ({ page }) => {
  const stored = await uploadText(page.request, `edge10-${Date.now()}.txt`, 'x'.repeat(2048));
  await page.goto(paths.solverRelease.getHref(SLEEPER, '2.1.6'));
  const port = page.getByRole('group', { name: /File with int number/ });

  // Uploaded from the form.
  await port
    .getByLabel(/Upload a new file for File with int number/)
    .setInputFiles({ name: 'file_with_number.txt', mimeType: 'text/plain', buffer: Buffer.from('3\n') });
  const chosen = port.locator('[data-file-id]');
  await expect(chosen).toContainText(/^Chosen file: file_with_number\.txt \(2 B, stored .+\)$/);
  const uploadedId = await chosen.getAttribute('data-file-id');
  await expect(chosen).not.toContainText(uploadedId!);

  // Chosen from the files on the host, each listed with its size and time.
  await port.getByText(/Choose a file already on the host/).click();
  await port.getByLabel('Search files by name or checksum').fill(stored.filename);
  const choice = port.getByRole('listitem').filter({ hasText: stored.filename });
  await expect(choice).toContainText(/2 KiB, stored /);
  await choice.getByRole('button', { name: stored.filename }).click();
  await expect(chosen).toContainText(new RegExp(`^Chosen file: ${stored.filename} \\(2 KiB, stored .+\\)$`));
  await expect(chosen).toHaveAttribute('data-file-id', stored.id);
  await inEveryVariant(page, 'the run form with a chosen file', async () => {
    await expect(chosen).toBeVisible();
  });
});
