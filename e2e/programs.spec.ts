import { expect, test } from '@playwright/test';

test('the example program runs over workspace files picked in the catalog and gives its summary', async ({ page }) => {
  await page.goto('/');
  // A click, then a wait for the checked state: the address (which holds the choice) changes in a
  // transition, so the radio reads checked a moment after the click, not within it as check() needs.
  const programs = page.getByRole('radio', { name: 'Programs' });
  await programs.click();
  await expect(programs).toBeChecked();
  await expect(page).toHaveURL(/kind=programs/);
  // Only programs now: the solvers' table is gone.
  await expect(page.getByRole('link', { name: 'Sleeper' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Workspace summary' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Workspace summary/ })).toBeVisible();

  await page.getByLabel('Files to upload').setInputFiles([
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('first line\nsecond line here\n') },
    { name: 'values.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') },
  ]);
  const chosen = page.getByRole('list', { name: 'Files for the workspace' });
  await expect(chosen).toContainText('workspace/notes.txt');
  await expect(chosen).toContainText('workspace/values.csv');
  await page.getByRole('button', { name: 'Run' }).click();

  // The job page follows the program job to its end.
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Program', { exact: true })).toBeVisible();
  const status = page.getByRole('region', { name: 'Status' });
  await expect(status.getByText('SUCCESS', { exact: true })).toBeVisible({ timeout: 60_000 });

  const outputs = page.getByRole('region', { name: 'Outputs' });
  await expect(outputs.getByRole('row', { name: /file_count/ })).toContainText('2');
  await expect(outputs.getByRole('row', { name: /total_bytes/ })).toContainText('36');
  await expect(outputs.getByRole('row', { name: /summary/ })).toContainText('summary.csv');

  const logs = page.getByRole('region', { name: 'Logs' });
  await expect(logs.getByRole('region', { name: /^Log / })).toContainText('Found 2 file(s) in the workspace');
});
