import { expect, type Page, test } from '@playwright/test';
import { seriousViolations } from './accessible.ts';
import { createJob, SLEEPER, waitUntilStopped } from './job-setup.ts';

const encodedSleeper = encodeURIComponent(SLEEPER);

/** A finished sleeper job, made through the dashboard's own proxy, for the job page. */
async function finishedJobPath(page: Page): Promise<string> {
  const job = await createJob(page.request, SLEEPER, '2.1.6', { input_2: 0 }, { start: true });
  await waitUntilStopped(page.request, job);
  return job.pagePath;
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`every page has no serious accessibility violation in ${colorScheme} mode`, async ({ page }) => {
    // Eight pages, each loaded and analysed: more than the default budget on a busy machine.
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    const jobPath = await finishedJobPath(page);
    const pages: [string, string, RegExp][] = [
      ['catalog', '/', /solvers/i],
      ['solver release', `/solvers/${encodedSleeper}/releases/2.1.6`, /sleeper/i],
      [
        'program',
        `/programs/${encodeURIComponent('simcore/services/dynamic/local/workspace-summary')}/releases/1.0.0`,
        /workspace summary/i,
      ],
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
