import { expect, type Page, test } from '@playwright/test';

test('the dashboard opens on the solver catalog served by the embedded host', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Solvers', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: /sleeper/i }).first()).toBeVisible();
});

test('searching the catalog filters the solvers and the search is kept in the URL', async ({ page }) => {
  await page.goto('/');
  const search = page.getByRole('searchbox', { name: 'Search solvers' });
  const sleeper = page.getByRole('link', { name: /sleeper/i });
  await expect(sleeper).toBeVisible();

  // The description and maintainer are searched too, not only the title.
  await search.fill('awaits for time');
  await expect(sleeper).toBeVisible();
  await expect(page.getByText(/^1 of \d+ solvers match “awaits for time”/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Solvers' }).getByRole('link')).toHaveCount(1);

  await search.fill('no such solver anywhere');
  await expect(sleeper).toHaveCount(0);
  await expect(page.getByText('No solver matches “no such solver anywhere”.')).toBeVisible();
  await expect(page).toHaveURL(/\?q=no\+such\+solver\+anywhere/);

  // A bookmarked search opens the same view.
  await page.reload();
  await expect(search).toHaveValue('no such solver anywhere');
  await page.getByRole('button', { name: 'Clear the search' }).click();
  await expect(sleeper).toBeVisible();
  await expect(search).toHaveValue('');
});

/** The text of one column of the catalog table, top to bottom. */
async function columnTexts(page: Page, index: number): Promise<string[]> {
  const rows = page.getByRole('table', { name: 'Solvers' }).getByRole('row');
  await expect(rows.nth(1)).toBeVisible();
  return page
    .getByRole('table', { name: 'Solvers' })
    .locator(`tbody tr td:nth-child(${index + 1})`)
    .evaluateAll((cells) => cells.map((cell) => cell.firstChild?.textContent?.trim() ?? ''));
}

const byText = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });

test('the catalog sorts by a column, both ways, and the order is kept in the URL', async ({ page }) => {
  await page.goto('/');
  const solvers = page.getByRole('table', { name: 'Solvers' });
  const titleHeader = solvers.getByRole('columnheader', { name: /Title/ });
  const keyHeader = solvers.getByRole('columnheader', { name: /Key/ });
  await expect(titleHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(keyHeader).not.toHaveAttribute('aria-sort');
  const titles = await columnTexts(page, 0);
  expect(titles.length).toBeGreaterThan(1);
  expect(titles).toEqual([...titles].sort(byText));

  await keyHeader.getByRole('button').click();
  await expect(keyHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(page).toHaveURL(/sort=key/);
  const keys = await columnTexts(page, 1);
  expect(keys).toEqual([...keys].sort(byText));

  await keyHeader.getByRole('button').click();
  await expect(keyHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(page).toHaveURL(/sort=key&dir=desc/);
  expect(await columnTexts(page, 1)).toEqual([...keys].sort(byText).reverse());

  // A bookmarked order opens the same view.
  await page.reload();
  await expect(keyHeader).toHaveAttribute('aria-sort', 'descending');
  expect(await columnTexts(page, 1)).toEqual([...keys].sort(byText).reverse());
});

test('opening the sleeper shows its latest release, its ports and its run form', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: /sleeper/i }).click();
  await expect(page).toHaveURL(/\/solvers\/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper\/releases\/2\.1\.6$/);
  await expect(page.getByRole('heading', { level: 1, name: /sleeper/i })).toBeVisible();
  await expect(page.getByText('simcore/services/comp/itis/sleeper', { exact: true })).toBeVisible();

  const inputs = page.getByRole('table', { name: 'Inputs' });
  await expect(inputs.getByRole('row', { name: /input_2/ })).toContainText('Sleep interval');
  await expect(inputs.getByRole('row', { name: /input_2/ })).toContainText('0 – 65');
  await expect(inputs.getByRole('row', { name: /input_1/ })).toContainText('file (text/plain)');
  await expect(page.getByRole('table', { name: 'Outputs' }).getByRole('row', { name: /output_2/ })).toBeVisible();
  await expect(page.getByLabel(/Sleep interval/)).toHaveValue('2');

  // The release picker opens another release of the same solver.
  await page.getByLabel('Release').selectOption('2.0.2');
  await page.getByRole('button', { name: 'Open release' }).click();
  await expect(page).toHaveURL(/\/releases\/2\.0\.2$/);
  await expect(page.getByRole('heading', { level: 1, name: /sleeper/i })).toBeVisible();
  await expect(page.getByLabel('Release')).toHaveValue('2.0.2');
});
