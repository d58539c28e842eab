import { expect, test } from '@playwright/test';
import { SCRIPT_HEADERS } from './job-setup.ts';

const SLEEPER_216 = '/solvers/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper/releases/2.1.6';

test('a sleep interval out of range is refused on its field before anything is sent', async ({ page }) => {
  const jobRequests: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/jobs')) jobRequests.push(request.url());
  });
  await page.goto(SLEEPER_216);
  const interval = page.getByLabel(/Sleep interval/);
  await interval.fill('99');
  await page.getByRole('button', { name: 'Run' }).click();

  await expect(interval).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field-error', { hasText: 'must be at most 65 s' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Sleep interval: must be at most 65 s');
  await expect(page).toHaveURL(new RegExp(`${SLEEPER_216.replace(/[.]/g, '\\.')}$`));
  expect(jobRequests).toEqual([]);
  // What the user typed is still there to fix.
  await expect(interval).toHaveValue('99');
});

test('the run form keeps its values across a reload', async ({ page }) => {
  await page.goto(SLEEPER_216);
  await page.getByLabel(/Sleep interval/).fill('7');
  await page.getByLabel(/Distance to bed/).fill('3');
  await page.getByRole('checkbox', { name: /Fail after sleep/ }).check();
  await page.reload();
  await expect(page.getByLabel(/Sleep interval/)).toHaveValue('7');
  await expect(page.getByLabel(/Distance to bed/)).toHaveValue('3');
  await expect(page.getByRole('checkbox', { name: /Fail after sleep/ })).toBeChecked();
  await page.getByRole('button', { name: 'Reset to defaults' }).click();
  await expect(page.getByLabel(/Sleep interval/)).toHaveValue('2');
});

test('with the keyboard alone: upload the input file, set the values and run the sleeper', async ({ page }) => {
  await page.goto(SLEEPER_216);
  await expect(page.getByLabel(/Sleep interval/)).toHaveValue('2');

  // Tab to the file input of the first port and pick a file (the chooser itself is the system's).
  const upload = page.getByLabel(/Upload a new file for File with int number/);
  await upload.focus();
  await expect(upload).toBeFocused();
  await upload.setInputFiles({ name: 'file_with_number.txt', mimeType: 'text/plain', buffer: Buffer.from('3') });
  await expect(page.getByText('Chosen file: file_with_number.txt')).toBeVisible();

  // Move on to the sleep interval by keyboard (past the list of files on the host) and type the values.
  const interval = page.getByLabel(/Sleep interval/);
  for (let step = 0; step < 10; step++) {
    await page.keyboard.press('Tab');
    if (await interval.evaluate((element) => element === document.activeElement)) break;
  }
  await expect(interval).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('3');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('checkbox', { name: /Fail after sleep/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel(/Distance to bed/)).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('2');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Run' })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/releases\/2\.1\.6\/jobs\/[0-9a-f-]+$/);
  // "Run" started it: the job page follows it to the end.
  await expect(page.getByRole('region', { name: 'Status' }).getByText('SUCCESS', { exact: true })).toBeVisible({
    timeout: 60_000,
  });
});

test('"Create without starting" creates the job and opens its page', async ({ page }) => {
  await page.goto(SLEEPER_216);
  await page.getByLabel(/Sleep interval/).fill('1');
  await page.getByRole('button', { name: 'Create without starting' }).click();
  await expect(page).toHaveURL(/\/releases\/2\.1\.6\/jobs\/[0-9a-f-]+$/);
  await expect(page.getByRole('region', { name: 'Status' }).getByText('NOT_STARTED', { exact: true })).toBeVisible();
});

test('a value the host refuses (a file deleted meanwhile) is shown on its field, values kept', async ({ page }) => {
  await page.goto(SLEEPER_216);
  await page
    .getByLabel(/Upload a new file for File with int number/)
    .setInputFiles({ name: 'soon_gone.txt', mimeType: 'text/plain', buffer: Buffer.from('4') });
  const chosen = page.locator('[data-file-id]', { hasText: /Chosen file: soon_gone\.txt/ });
  await expect(chosen).toBeVisible();
  const fileId = await chosen.getAttribute('data-file-id');
  expect(fileId).toBeTruthy();
  const removed = await page.request.delete(`/v0/files/${fileId}`, { headers: SCRIPT_HEADERS });
  expect(removed.ok()).toBe(true);

  await page.getByLabel(/Sleep interval/).fill('5');
  await page.getByRole('button', { name: 'Run' }).click();

  await expect(page.getByRole('alert').first()).toContainText('The job could not be run');
  const filePort = page.getByRole('group', { name: /File with int number/ });
  await expect(filePort).toHaveAttribute('aria-invalid', 'true');
  await expect(filePort).toHaveAccessibleDescription(/does not exist/);
  await expect(page).toHaveURL(/\/releases\/2\.1\.6$/);
  await expect(page.getByLabel(/Sleep interval/)).toHaveValue('5');
});

test('a link with ?file=<id> (the Files page\'s "Use as input") preselects that file in the first file port', async ({
  page,
  context,
}) => {
  await page.goto(SLEEPER_216);
  await page
    .getByLabel(/Upload a new file for File with int number/)
    .setInputFiles({ name: 'linked.txt', mimeType: 'text/plain', buffer: Buffer.from('6') });
  const chosen = page.locator('[data-file-id]', { hasText: /Chosen file: linked\.txt/ });
  await expect(chosen).toBeVisible();
  const fileId = await chosen.getAttribute('data-file-id');

  // A new tab has no saved form: the file comes from the link alone.
  const linked = await context.newPage();
  await linked.goto(`${SLEEPER_216}?file=${fileId}`);
  await expect(
    linked.getByRole('group', { name: /File with int number/ }).locator(`[data-file-id="${fileId}"]`),
  ).toContainText(/Chosen file: linked\.txt \(1 B, stored /);
  // The parameter is dropped once used, so a reload keeps what the user chooses afterwards.
  await expect(linked).toHaveURL(/\/releases\/2\.1\.6$/);
});
