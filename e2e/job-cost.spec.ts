import { expect, test } from '@playwright/test';
import { closedPort, type Started, startDashboard, startHost, stop } from './processes.ts';

test("a job's cost shows before Run, its charge after, and its space can be freed", async ({ page }) => {
  // A host and a dashboard of its own (with a price per job) start first.
  test.setTimeout(150_000);
  const credentials = { key: 'cost-key', secret: 'cost-secret' };
  let host: Started | undefined;
  let dashboard: Started | undefined;
  try {
    const apiPort = await closedPort();
    host = await startHost(apiPort, credentials, {
      env: { OSPARC_LOCAL_CREDITS: '50', OSPARC_LOCAL_CREDITS_PER_JOB: '7' },
    });
    const started = await startDashboard(`http://127.0.0.1:${apiPort}`, credentials);
    dashboard = started.dashboard;

    await page.goto(new URL('/solvers/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper/releases/2.1.6', started.url).href);
    await expect(page.getByTestId('run-cost')).toHaveText(
      'A run costs 7 credits, taken when it starts. The wallet has 50 credits.',
    );
    await page.getByLabel(/Sleep interval/).fill('0');
    await page.getByRole('button', { name: 'Run' }).click();

    await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('region', { name: 'Status' }).getByText('SUCCESS', { exact: true })).toBeVisible({
      timeout: 60_000,
    });
    const cost = page.getByRole('region', { name: 'Cost' });
    await expect(cost).toContainText('Price of a run');
    await expect(cost).toContainText('7 credits');
    await expect(page.getByTestId('job-charged')).toContainText(/^7 credits at /);

    // Freeing the space asks first, then the outputs are gone and the job stays.
    await expect(page.getByRole('region', { name: 'Outputs' })).toContainText('output_1');
    await page.getByRole('button', { name: 'Free the space' }).click();
    const dialog = page.getByRole('dialog', { name: "Free this job's space?" });
    await dialog.getByRole('button', { name: 'Free the space' }).click();
    await expect(page.getByRole('region', { name: 'Space' }).getByRole('status')).toContainText(
      "The job's work folder, output files and logs were removed.",
    );
    await expect(page.getByRole('region', { name: 'Outputs' })).toContainText('Assets have been deleted');

    const wallet = await page.request.get(new URL('/v0/wallets/default', started.url).href);
    expect(((await wallet.json()) as { availableCredits: number }).availableCredits).toBe(43);
  } finally {
    await stop(dashboard);
    await stop(host);
  }
});
