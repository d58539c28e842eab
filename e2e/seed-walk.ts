import fs from 'node:fs';
import { expect, type Page } from '@playwright/test';
import JSZip from 'jszip';

/**
 * The seed tutorial (the osparc Python client's Basic Tutorial), done in the browser as a
 * person would: upload a file with a number, run the sleeper 2.1.6, watch it, read its
 * outputs, download a file output, read the logs and download the log zip. Shared by the
 * specs that walk it on each kind of dashboard server.
 */

/** From the catalog to the sleeper's release 2.1.6, through the search and the version picker. */
export async function openSleeper216(page: Page) {
  await page.goto('/');
  await page.getByRole('searchbox', { name: 'Search solvers' }).fill('sleeper');
  await page.getByRole('link', { name: /sleeper/i }).click();
  await expect(page.getByRole('heading', { level: 1, name: /sleeper/i })).toBeVisible();
  await page.getByLabel('Release').selectOption('2.1.6');
  const open = page.getByRole('button', { name: 'Open release' });
  // The catalog opens the latest release; the button only acts when another one is chosen.
  if (await open.isEnabled()) await open.click();
  await expect(page).toHaveURL(/\/solvers\/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper\/releases\/2\.1\.6$/);
  await expect(page.getByLabel('Release')).toHaveValue('2.1.6');
}

/**
 * Walks the tutorial on the dashboard `page` opens relative links on. Whatever the page's
 * Content-Security-Policy refused along the way fails the walk.
 */
export async function walkTheSeed(page: Page): Promise<void> {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await openSleeper216(page);

  // Inputs as in the tutorial: a file holding 3, sleep 3 s, walk 2 m, do not fail.
  await page
    .getByLabel(/Upload a new file for File with int number/)
    .setInputFiles({ name: 'file_with_number.txt', mimeType: 'text/plain', buffer: Buffer.from('3') });
  await expect(page.getByText('Chosen file: file_with_number.txt')).toBeVisible();
  await page.getByLabel(/Sleep interval/).fill('3');
  await page.getByLabel(/Distance to bed/).fill('2');
  await expect(page.getByRole('checkbox', { name: /Fail after sleep/ })).not.toBeChecked();
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  await expect(page).toHaveURL(/\/releases\/2\.1\.6\/jobs\/[0-9a-f-]+$/);
  const jobId = new URL(page.url()).pathname.split('/').pop() ?? '';
  await expect(page.getByRole('heading', { level: 1 })).toContainText(jobId);
  await expect(page.getByRole('link', { name: /sleeper/i }).first()).toBeVisible();

  // The progress bar passes through an intermediate value on its way to 100.
  const statusRegion = page.getByRole('region', { name: 'Status' });
  const progress = statusRegion.getByRole('progressbar', { name: 'Job progress' });
  const seen: number[] = [];
  await expect
    .poll(
      async () => {
        const value = Number(await progress.getAttribute('value'));
        if (seen.at(-1) !== value) seen.push(value);
        return value > 0 && value < 100;
      },
      { timeout: 60_000, intervals: [100] },
    )
    .toBe(true);
  await expect(progress).toHaveAttribute('value', '100', { timeout: 60_000 });
  await expect(progress).toHaveAttribute('aria-valuetext', 'Finished: 100%');
  await expect(statusRegion.getByText('SUCCESS', { exact: true })).toBeVisible();
  expect(seen.some((value) => value > 0 && value < 100)).toBe(true);

  // The inputs it ran with, the uploaded file among them.
  const inputs = page.getByRole('region', { name: 'Inputs' });
  await expect(inputs.getByRole('row', { name: /input_1/ })).toContainText('file_with_number.txt');
  await expect(inputs.getByRole('row', { name: /input_2/ })).toContainText('3');
  await expect(inputs.getByRole('row', { name: /input_4/ })).toContainText('2');

  // output_2 is a number, output_1 a file.
  const outputs = page.getByRole('region', { name: 'Outputs' });
  const numberRow = outputs.getByRole('table', { name: 'Values' }).getByRole('row', { name: /output_2/ });
  await expect(numberRow).toContainText(/Random sleep interval\s*output_2\s*[1-9]\s*s\s*$/);
  const fileRow = outputs.getByRole('table', { name: 'Files' }).getByRole('row', { name: /output_1/ });
  await expect(fileRow).toContainText('single_number.txt');
  await expect(fileRow).toContainText('text/plain');

  // Download output_1 and read the integer in it; the page previews the same text.
  const downloadStarted = page.waitForEvent('download');
  await fileRow.getByRole('button', { name: 'Download output_1: single_number.txt' }).click();
  const download = await downloadStarted;
  expect(download.suggestedFilename()).toBe('single_number.txt');
  const downloaded = fs.readFileSync(await download.path(), 'utf8').trim();
  expect(downloaded).toMatch(/^\d+$/);
  await expect(outputs.getByRole('figure', { name: 'output_1: single_number.txt' })).toContainText(downloaded);

  // The logs, unzipped in the page, with the sleeper's progress lines.
  const logs = page.getByRole('region', { name: 'Logs' });
  const logView = logs.getByRole('region', { name: /^Log / });
  await expect(logView).toContainText('Will sleep for 3 seconds');
  for (const step of ['1/3', '2/3', '3/3']) await expect(logView).toContainText(`[PROGRESS] ${step}`);
  await logs.getByRole('searchbox').fill('[PROGRESS]');
  await expect(logs.getByText('1 of 3 matches')).toBeVisible();
  await expect(logView.getByRole('img', { name: 'progress' })).toHaveCount(3);

  // And the log zip itself.
  const zipStarted = page.waitForEvent('download');
  await logs.getByRole('button', { name: 'Download the log zip' }).click();
  const zipDownload = await zipStarted;
  expect(zipDownload.suggestedFilename()).toBe(`${jobId}_logs.zip`);
  const zip = await JSZip.loadAsync(fs.readFileSync(await zipDownload.path()));
  const logNames = Object.keys(zip.files).filter((name) => !zip.files[name]?.dir);
  expect(logNames.length).toBeGreaterThan(0);
  const zipped = await zip.files[logNames[0] ?? '']?.async('string');
  expect(zipped).toContain('[PROGRESS] 3/3');

  expect(refused, 'what the Content-Security-Policy refused').toEqual([]);
}
