import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import type { Document } from 'openapi-backend';
import { type Started, startDashboard, stop } from './processes.ts';
import { type SpecMock, startSpecMock } from './spec-mock.ts';

/**
 * The dashboard against a strict mock of the upstream specification (read from ../shared at
 * test time, never copied into the project): every answer valid for the spec, nothing more.
 * Each page must load without a page error, an error boundary, an unrenderable form field or
 * a spinner that never ends.
 */

const specPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/osparc-openapi.json');
const SLEEPER = 'simcore/services/comp/itis/sleeper';
const RELEASE = `/solvers/${encodeURIComponent(SLEEPER)}/releases/1.0.0`;
const JOB_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const OTHER_JOB_ID = '6c1b3f64-5717-4562-b3fc-2c963f66afa7';

/** Fails on what a person would call broken, then waits (bounded) until nothing is loading any more. */
async function expectSettled(page: Page, errors: string[], where: string): Promise<void> {
  await expect(page.locator('main, body').first()).toBeVisible();
  await expect
    .poll(async () => page.locator('[aria-busy="true"]').count(), {
      message: `${where}: something is still loading after 30 s (an endless spinner)`,
      timeout: 30_000,
    })
    .toBe(0);
  await expect(page.getByText('Unexpected Application Error'), `${where}: an error boundary`).toHaveCount(0);
  await expect(page.getByText(/Unsupported field schema/), `${where}: a form field RJSF cannot render`).toHaveCount(0);
  await expect(page.getByText(/HTTP \d+\. \./), `${where}: an error message with nothing in it`).toHaveCount(0);
  expect(errors, `${where}: page errors`).toEqual([]);
}

test.describe('the dashboard against any host the spec allows', () => {
  test.skip(
    !fs.existsSync(specPath),
    `The upstream specification is not at ${specPath}, so there is no mock to run against.`,
  );

  let mock: SpecMock | undefined;
  let dashboard: Started | undefined;
  let origin = '';

  test.beforeAll(async () => {
    mock = await startSpecMock(JSON.parse(fs.readFileSync(specPath, 'utf8')) as Document);
    const started = await startDashboard(mock.url, { key: 'mock-key', secret: 'mock-secret' });
    dashboard = started.dashboard;
    origin = started.url;
  });
  test.afterAll(async () => {
    await stop(dashboard);
    await mock?.close();
  });

  test('walks every page without a page error, an error boundary or an endless spinner', async ({ page }) => {
    test.setTimeout(240_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const visit = async (pathname: string, name: string) => {
      await page.goto(new URL(pathname, origin).href);
      await expectSettled(page, errors, name);
    };

    await visit('/', 'catalog');
    await expect(page.getByRole('heading', { level: 1, name: 'Solvers' })).toBeVisible();
    await expect(page.getByText('No solvers on this host')).toHaveCount(0);

    await visit(RELEASE, 'release page');
    await expect(page.getByRole('combobox', { name: 'Release' }).locator('option')).not.toHaveCount(0);

    await visit('/jobs', 'jobs');
    await visit(`/solvers/${encodeURIComponent(SLEEPER)}/releases/1.0.0/jobs/${JOB_ID}`, 'job page');
    await visit(
      `/compare?jobs=${encodeURIComponent(`${SLEEPER}:1.0.0:${JOB_ID},${SLEEPER}:1.0.0:${OTHER_JOB_ID}`)}`,
      'compare',
    );
    await visit(`${RELEASE}?from=${JOB_ID}`, 'run again');
    await visit('/files', 'files');
    await page.getByLabel('Search files by name or checksum').fill('a');
    await expectSettled(page, errors, 'file search');
    await visit('/sweeps', 'sweeps');
    await visit(`/sweeps/${JOB_ID}`, 'sweep page');
    await visit('/studies', 'studies');
    await visit(`/studies/${JOB_ID}`, 'study page');
    await expect(page.getByText(/does not describe a study's pipeline/)).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    // Upstream answers a study job's GET with 501: the page finds the job in the study's listing.
    const listed = (await (await fetch(`${mock?.url}/v0/studies/${JOB_ID}/jobs`)).json()) as {
      items: { id: string }[];
    };
    await visit(`/studies/${JOB_ID}/jobs/${listed.items[0]?.id}`, 'study job page');
    // The spec's status says STARTED: the nodes' logs come from the spec's log links once it stops.
    await expect(page.getByText(/reports the pipeline's progress as a whole/)).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await visit('/functions', 'functions');
    await visit(`/functions/${JOB_ID}`, 'function page');
    await visit(`/function-collections/${OTHER_JOB_ID}`, 'function collection page');
    await visit('/settings', 'settings');

    // Outside the spec the dashboard only asks for the embedded host's extras (a job's inputs and
    // charge, the files page, the checked-out licensed items, a study's pipeline and its job's
    // nodes), and does without them.
    const outside = (mock?.seen ?? [])
      .filter((request) => !request.inSpec)
      .map((request) => request.path.split('?')[0]);
    for (const pathname of outside)
      expect(pathname).toMatch(
        /\/jobs\/[^/]+\/(inputs|charge|nodes)$|^\/v0\/files\/page$|^\/v0\/licensed-items\/checked-out-items$|^\/v0\/studies\/[^/]+\/pipeline$/,
      );
    expect((mock?.seen ?? []).length).toBeGreaterThan(20);
  });
});
