import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';

/** Files on disk for the file chooser: a small text file and one large enough for two upload parts. */
function makeFiles(): { small: string; large: string; smallText: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'osparc-e2e-files-'));
  const tag = path.basename(dir).slice(-6);
  const small = path.join(dir, `notes-${tag}.txt`);
  const large = path.join(dir, `mesh-${tag}.bin`);
  const smallText = `input values for the sleeper, ${tag}\n`;
  fs.writeFileSync(small, smallText);
  // Just over the embedded host's 16 MiB part size: two parts, sent in parallel.
  const bytes = Buffer.alloc(17 * 1024 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) & 0xff;
  fs.writeFileSync(large, bytes);
  return { small, large, smallText };
}

async function chooseFiles(page: Page, files: string[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose files…' }).click();
  await (await chooser).setFiles(files);
}

test('upload two files at once, reuse one, download it and delete the other', async ({ page }) => {
  const { small, large, smallText } = makeFiles();
  const smallName = path.basename(small);
  const largeName = path.basename(large);
  // The proxy holds the credentials: nothing the page sends carries an Authorization header.
  const withAuthorization: string[] = [];
  page.on('request', (request) => {
    if (request.headers().authorization) withAuthorization.push(request.url());
  });

  await page.goto('/files');
  await expect(page.getByRole('heading', { level: 1, name: 'Files' })).toBeVisible();

  await chooseFiles(page, [small, large]);
  const uploads = page.getByRole('region', { name: 'Uploads' });
  for (const name of [smallName, largeName]) {
    const item = uploads.getByRole('listitem', { name: `Upload of ${name}` });
    await expect(item.getByRole('status')).toHaveText('Uploaded.');
    await expect(item.getByRole('progressbar', { name: `Upload of ${name}` })).toHaveAttribute('value', '100');
  }
  const table = page.getByRole('table', { name: 'Files on the API host' });
  await expect(table.getByRole('row', { name: new RegExp(smallName) })).toBeVisible();
  await expect(table.getByRole('row', { name: new RegExp(largeName) })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Files 1–\d+ of \d+$/ })).toBeVisible();

  // The same file again: the host already has it (same name and checksum), nothing is sent.
  await chooseFiles(page, [small]);
  await expect(uploads.getByRole('listitem', { name: `Upload of ${smallName}` }).first()).toContainText(
    'Already on the host, reused',
  );
  await expect(table.getByRole('row', { name: new RegExp(smallName) })).toHaveCount(1);

  const download = page.waitForEvent('download');
  await table.getByRole('link', { name: `Download ${smallName}` }).click();
  const saved = await (await download).path();
  expect(fs.readFileSync(saved, 'utf8')).toBe(smallText);
  expect((await download).suggestedFilename()).toBe(smallName);

  // "Use as input": pick a solver, and its run form opens with the file chosen.
  await table.getByRole('button', { name: `Use as input (${smallName})` }).click();
  const chooser = page.getByRole('dialog', { name: `Use “${smallName}” as input` });
  await chooser.getByRole('link', { name: /sleeper 2\.1\.6/i }).click();
  await expect(page).toHaveURL(/\/solvers\/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper\/releases\/2\.1\.6/);
  await expect(page.getByRole('main')).toContainText(smallName);
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Files' })).toBeVisible();

  await table.getByRole('button', { name: `Delete ${largeName}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this file?' });
  await expect(dialog).toContainText(largeName);
  await dialog.getByRole('button', { name: 'Delete file' }).click();
  await expect(dialog).toBeHidden();
  await expect(table.getByRole('row', { name: new RegExp(largeName) })).toHaveCount(0);
  await expect(table.getByRole('row', { name: new RegExp(smallName) })).toBeVisible();

  expect(withAuthorization).toEqual([]);
});

test('search files by name and by checksum', async ({ page }) => {
  const { small } = makeFiles();
  const name = path.basename(small);
  await page.goto('/files');
  await chooseFiles(page, [small]);
  await expect(page.getByRole('listitem', { name: `Upload of ${name}` }).getByRole('status')).toHaveText('Uploaded.');

  const search = page.getByRole('searchbox', { name: 'Search files by name or checksum' });
  await search.fill(name.slice(0, 12));
  const results = page.getByRole('table', { name: `Files matching ${name.slice(0, 12)}` });
  await expect(results.getByRole('row', { name: new RegExp(name) })).toBeVisible();

  const checksum = await results
    .getByRole('row', { name: new RegExp(name) })
    .locator('code')
    .getAttribute('title');
  expect(checksum).toMatch(/^[0-9a-f]{64}$/);
  await search.fill(checksum ?? '');
  await expect(
    page.getByRole('table', { name: `Files matching ${checksum}` }).getByRole('row', { name: new RegExp(name) }),
  ).toBeVisible();

  await search.fill('no-such-file-anywhere');
  await expect(page.getByText('No file matches “no-such-file-anywhere”.')).toBeVisible();
});

test('drop a file onto the page to upload it', async ({ page }) => {
  const name = `dropped-${Date.now()}.txt`;
  await page.goto('/files');
  const dataTransfer = await page.evaluateHandle((fileName) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['dropped bytes\n'], fileName, { type: 'text/plain' }));
    return transfer;
  }, name);
  const zone = page.getByRole('group', { name: 'Upload files' });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });

  await expect(page.getByRole('listitem', { name: `Upload of ${name}` }).getByRole('status')).toHaveText('Uploaded.');
  await expect(
    page.getByRole('table', { name: 'Files on the API host' }).getByRole('row', { name: new RegExp(name) }),
  ).toBeVisible();
});
