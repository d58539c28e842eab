import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { type CreatedJob, createJob, SCRIPT_HEADERS, SLEEPER } from './job-setup.ts';

/**
 * The dashboard's proxy adds the API key to what it forwards. Pages of other origins open in the
 * same browser try to use it, as an attacker's would: one on another site (127.0.0.2) and one on
 * another port of the dashboard's own host (the same site). Each attack is refused, and nothing
 * changes: the job stays unstarted, the file stays.
 */

/** A second origin on this machine serving the pages a test gives it. */
interface Attacker {
  origin: string;
  serve(path: string, html: string): string;
  close(): Promise<void>;
}

async function startAttacker(address: string): Promise<Attacker> {
  const pages = new Map<string, string>();
  const server = http.createServer((request, response) => {
    const html = pages.get(request.url ?? '');
    if (html === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const origin = `http://${address}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    serve(path, html) {
      pages.set(path, html);
      return `${origin}${path}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let otherSite: Attacker;
let samePlaceOtherPort: Attacker;
let dashboard: string;

test.beforeAll(async ({ baseURL }) => {
  dashboard = new URL(baseURL ?? '').origin;
  otherSite = await startAttacker('127.0.0.2');
  samePlaceOtherPort = await startAttacker('127.0.0.1');
});

test.afterAll(async () => {
  await otherSite.close();
  await samePlaceOtherPort.close();
});

const jobsOf = (version = '2.1.6') => `/v0/solvers/${encodeURIComponent(SLEEPER)}/releases/${version}/jobs`;

async function jobState(request: APIRequestContext, job: CreatedJob): Promise<{ state: string; started_at: unknown }> {
  const answer = await request.post(`${jobsOf()}/${job.id}:inspect`, { headers: SCRIPT_HEADERS });
  expect(answer.ok(), await answer.text()).toBe(true);
  return (await answer.json()) as { state: string; started_at: unknown };
}

async function jobTotal(request: APIRequestContext): Promise<number> {
  const answer = await request.get('/v0/solvers/-/releases/-/jobs?limit=1&offset=0');
  return ((await answer.json()) as { total: number }).total;
}

async function uploadFile(request: APIRequestContext, name: string): Promise<{ id: string }> {
  const answer = await request.put('/v0/files/content', {
    headers: SCRIPT_HEADERS,
    multipart: { file: { name, mimeType: 'text/plain', buffer: Buffer.from('keep me') } },
  });
  expect(answer.ok(), await answer.text()).toBe(true);
  return (await answer.json()) as { id: string };
}

/**
 * The statuses of the dashboard's answers to the page's requests, by URL, as the browser got them:
 * read through the DevTools protocol, since the browser hides from the page (and from
 * Playwright's response events) an answer its Cross-Origin-Resource-Policy forbids.
 */
async function dashboardAnswers(page: Page): Promise<(urlPart: string) => Promise<number>> {
  const session = await page.context().newCDPSession(page);
  // Joined by request id when asked: Chromium may report a response's extra info before the request itself.
  const urls = new Map<string, string>();
  const statuses = new Map<string, number>();
  session.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url));
  session.on('Network.responseReceivedExtraInfo', (event) => statuses.set(event.requestId, event.statusCode));
  await session.send('Network.enable');
  return async (urlPart) => {
    let status = 0;
    await expect
      .poll(
        () => {
          const id = [...urls].find(
            ([requestId, url]) => url.startsWith(dashboard) && url.includes(urlPart) && statuses.has(requestId),
          )?.[0];
          status = id === undefined ? 0 : statuses.get(id)!;
          return status;
        },
        { message: `an answer of the dashboard to ${urlPart}` },
      )
      .not.toBe(0);
    return status;
  };
}

for (const [where, attacker] of [
  ['another site', () => otherSite],
  ['another port of the same host', () => samePlaceOtherPort],
] as const) {
  test(`a page on ${where} cannot start a job with a text/plain form post or a no-cors fetch`, async ({
    page,
    request,
  }) => {
    const job = await createJob(request, SLEEPER, '2.1.6', { input_2: 0 }, { start: false });
    const before = await jobState(request, job);
    expect(before.started_at).toBeNull();
    const start = `${dashboard}${jobsOf()}/${job.id}:start`;

    // The classic: a form whose text/plain body looks like JSON, posted into a hidden frame.
    const formPage = attacker().serve(
      `/form-${job.id}.html`,
      `<form method="POST" enctype="text/plain" action="${start}" target="sink">
         <input name='{"values": {}, "x": "' value='"}'></form>
       <iframe name="sink" title="sink"></iframe>
       <script>document.forms[0].submit()</script>`,
    );
    const answers = await dashboardAnswers(page);
    await page.goto(formPage);
    expect(await answers(`${job.id}:start`)).toBe(403);

    // A no-cors fetch: the browser sends it, the page just cannot read the answer.
    const fetchPage = attacker().serve(
      `/fetch-${job.id}.html`,
      `<script>fetch(${JSON.stringify(start)}, { method: 'POST', mode: 'no-cors', body: '{}' })</script>`,
    );
    const fetched = await dashboardAnswers(page);
    await page.goto(fetchPage);
    expect(await fetched(`${job.id}:start`)).toBe(403);

    const after = await jobState(request, job);
    expect(after).toMatchObject({ state: before.state, started_at: null });
  });
}

test('a page on another port of localhost cannot read the profile or change anything through CORS', async ({
  page,
  request,
}) => {
  const job = await createJob(request, SLEEPER, '2.1.6', { input_2: 0 }, { start: false });
  const file = await uploadFile(request, 'cors-target.txt');
  const jobsBefore = await jobTotal(request);

  await page.goto(samePlaceOtherPort.serve('/cors.html', '<title>a local tool</title>'));
  const outcomes = await page.evaluate(
    async ({ dashboard, jobs, jobId, fileId }) => {
      const attempt = async (url: string, init?: RequestInit) => {
        try {
          const answer = await fetch(`${dashboard}${url}`, init);
          return `read ${answer.status}: ${await answer.text()}`;
        } catch {
          return 'refused';
        }
      };
      return {
        profile: await attempt('/v0/me'),
        jobs: await attempt('/v0/solvers/-/releases/-/jobs'),
        create: await attempt(jobs, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ values: { input_2: 1 } }),
        }),
        start: await attempt(`${jobs}/${jobId}:start`, { method: 'POST', headers: { 'X-Osparc-Dashboard': '1' } }),
        remove: await attempt(`/v0/files/${fileId}`, { method: 'DELETE' }),
      };
    },
    { dashboard, jobs: jobsOf(), jobId: job.id, fileId: file.id },
  );

  expect(outcomes).toEqual({
    profile: 'refused',
    jobs: 'refused',
    create: 'refused',
    start: 'refused',
    remove: 'refused',
  });
  expect(await jobTotal(request)).toBe(jobsBefore);
  expect((await jobState(request, job)).started_at).toBeNull();
  expect((await request.get(`/v0/files/${file.id}`)).status()).toBe(200);
});

test('no other site can frame the Files page with its Delete buttons', async ({ page }) => {
  const file = await uploadFile(page.request, 'framed-target.txt');
  const framing = otherSite.serve(
    '/frame.html',
    `<h1>Win a prize</h1><iframe src="${dashboard}/files" title="prize" width="800" height="600"></iframe>`,
  );
  const framed = page.waitForResponse(`${dashboard}/files`);
  await page.goto(framing);
  const answer = await framed;
  expect(answer.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(answer.headers()['x-frame-options']).toBe('DENY');
  expect(answer.headers()['x-content-type-options']).toBe('nosniff');

  // The browser shows its error page in the frame instead of the dashboard.
  await expect.poll(() => page.frames().map((frame) => frame.url())).toContain('chrome-error://chromewebdata/');
  await expect(page.frameLocator('iframe').getByRole('button', { name: /Delete/ })).toHaveCount(0);

  // Opened as itself, the Files page works and the file is still there.
  await page.goto('/files');
  const table = page.getByRole('table', { name: 'Files on the API host' });
  await expect(table.getByRole('rowheader', { name: 'framed-target.txt' }).first()).toBeVisible();
  expect((await page.request.get(`/v0/files/${file.id}`)).status()).toBe(200);
});

test('a foreign image with a catastrophic filter is refused, and the dashboard keeps answering', async ({ page }) => {
  const stars = '*'.repeat(40);
  const solverFilter = `${dashboard}/v0/solvers/page?solver_id=${stars}x`;
  const metadataFilter = `${dashboard}/v0/solvers/-/releases/-/jobs?metadata.any=${encodeURIComponent(`k:${'*a'.repeat(40)}*b`)}`;
  const imagePage = otherSite.serve(
    '/images.html',
    `<img alt="" src="${solverFilter}"><img alt="" src="${metadataFilter}">`,
  );
  const answers = await dashboardAnswers(page);
  await page.goto(imagePage);
  expect(await answers('solver_id=')).toBe(403);
  expect(await answers('metadata.any=')).toBe(403);

  // The dashboard itself still lists the solvers.
  await page.goto('/');
  await expect(page.getByRole('link', { name: /sleeper/i }).first()).toBeVisible();
});
