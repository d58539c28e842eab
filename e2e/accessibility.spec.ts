import { expect, type Page, test } from '@playwright/test';
import { seriousViolations } from './accessible.ts';

const SLEEPER = 'simcore/services/comp/itis/sleeper';
const encodedSleeper = encodeURIComponent(SLEEPER);

/** A finished sleeper job, made through the dashboard's own proxy, for the job page. */
async function finishedJobPath(page: Page): Promise<string> {
  const jobs = `/v0/solvers/${encodedSleeper}/releases/2.1.6/jobs`;
  const created = await page.request.post(jobs, { data: { values: { input_2: 0 } } });
  expect(created.status()).toBe(201);
  const job = (await created.json()) as { id: string };
  expect((await page.request.post(`${jobs}/${job.id}:start`)).ok()).toBe(true);
  await expect
    .poll(async () => {
      const status = await page.request.post(`${jobs}/${job.id}:inspect`);
      return ((await status.json()) as { stopped_at?: string | null }).stopped_at ?? null;
    })
    .not.toBeNull();
  return `/solvers/${encodedSleeper}/releases/2.1.6/jobs/${job.id}`;
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`every page has no serious accessibility violation in ${colorScheme} mode`, async ({ page }) => {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    const jobPath = await finishedJobPath(page);
    const pages: [string, string, RegExp][] = [
      ['catalog', '/', /solvers/i],
      ['solver release', `/solvers/${encodedSleeper}/releases/2.1.6`, /sleeper/i],
      ['job', jobPath, /job/i],
      ['jobs', '/jobs', /jobs/i],
      ['files', '/files', /files/i],
      ['settings', '/settings', /settings/i],
    ];
    for (const [name, path, heading] of pages) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      // Let the page's data arrive before judging it.
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      expect(await seriousViolations(page), `accessibility violations on ${name} (${colorScheme})`).toEqual([]);
    }
  });
}
