import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../server/test/harness.ts';
import { DASHBOARD_REQUEST_HEADER } from '../src/api/request-marker.ts';
import { createApiProxy } from './api-proxy.ts';
import type { HeaderlessPolicy } from './request-origin.ts';
import { MAX_LINKS_PER_ANNOUNCE, UploadLinkRegistry } from './upload-links.ts';

/**
 * The proxy adds the API key to what it forwards, so it forwards only what the dashboard's own
 * page sends. Browsers name the sender (Sec-Fetch-Site, Origin, Referer); these requests name it
 * as a browser would, against the embedded host behind the proxy.
 */
let host: TestHost;
const dashboards: http.Server[] = [];

async function startDashboard(headerless: HeaderlessPolicy = 'refuse'): Promise<string> {
  const proxy = createApiProxy({ settings: () => ({ target: host.url, authorization: host.auth }), headerless });
  const server = http.createServer((request, response) =>
    proxy(request, response, () => response.writeHead(404).end()),
  );
  dashboards.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let dashboard: string;

beforeAll(async () => {
  host = await startTestHost({ bodyLimitBytes: 4096 });
  dashboard = await startDashboard();
});

afterAll(async () => {
  for (const server of dashboards) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  await host.close();
});

const SLEEPER_JOBS = `/v0/solvers/${encodeURIComponent('simcore/services/comp/itis/sleeper')}/releases/2.1.6/jobs`;

async function errorOf(answer: Response): Promise<string> {
  return ((await answer.json()) as { errors: string[] }).errors[0] ?? '';
}

async function jobCount(): Promise<number> {
  return (await host.json<{ total: number }>('/v0/solvers/-/releases/-/jobs?limit=1')).total;
}

describe('the proxy serves only the dashboard’s own page', () => {
  it('forwards what the page itself sends', async () => {
    const own = { 'sec-fetch-site': 'same-origin', origin: dashboard };
    const meta = await fetch(`${dashboard}/v0/meta`, { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(meta.status).toBe(200);
    const created = await fetch(`${dashboard}${SLEEPER_JOBS}`, {
      method: 'POST',
      headers: { ...own, 'content-type': 'application/json' },
      body: JSON.stringify({ values: { input_2: 1 } }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // A start has no body: the page's own header vouches for it.
    const started = await fetch(`${dashboard}${SLEEPER_JOBS}/${id}:inspect`, {
      method: 'POST',
      headers: { ...own, [DASHBOARD_REQUEST_HEADER]: '1' },
    });
    expect(started.status).toBe(200);
    // An address typed into the browser may read.
    expect((await fetch(`${dashboard}/v0/meta`, { headers: { 'sec-fetch-site': 'none' } })).status).toBe(200);
  });

  it('refuses requests of other sites and origins with a 403 saying why, and forwards nothing', async () => {
    const before = await jobCount();
    const create = (headers: Record<string, string>) =>
      fetch(`${dashboard}${SLEEPER_JOBS}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', ...headers },
        body: JSON.stringify({ values: { input_2: 1 } }),
      });

    const crossSite = await create({ 'sec-fetch-site': 'cross-site', origin: 'http://127.0.0.2:8000' });
    expect(crossSite.status).toBe(403);
    expect(await errorOf(crossSite)).toContain('Sec-Fetch-Site: cross-site');

    // Another port of localhost is the same site, but not the dashboard's origin.
    const sameSite = await create({ 'sec-fetch-site': 'same-site', origin: 'http://localhost:3000' });
    expect(sameSite.status).toBe(403);

    const otherOrigin = await create({ origin: 'http://localhost:3000' });
    expect(otherOrigin.status).toBe(403);
    expect(await errorOf(otherOrigin)).toContain('this request came from http://localhost:3000');

    const nullOrigin = await create({ origin: 'null' });
    expect(nullOrigin.status).toBe(403);

    const otherReferer = await create({ referer: 'http://127.0.0.2:8000/attack.html' });
    expect(otherReferer.status).toBe(403);
    expect(await errorOf(otherReferer)).toContain('came from http://127.0.0.2:8000');

    const image = await fetch(`${dashboard}/v0/solvers/page?solver_id=${'*'.repeat(20)}x`, {
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-dest': 'image' },
    });
    expect(image.status).toBe(403);

    expect(await jobCount()).toBe(before);
  });

  it('refuses a state change sent as a simple request, even from the page’s own origin', async () => {
    const before = await jobCount();
    const form = await fetch(`${dashboard}${SLEEPER_JOBS}`, {
      method: 'POST',
      headers: { 'sec-fetch-site': 'same-origin', origin: dashboard, 'content-type': 'text/plain' },
      body: JSON.stringify({ values: { input_2: 1 } }),
    });
    expect(form.status).toBe(403);
    expect(await errorOf(form)).toContain(`Content-Type: application/json or the ${DASHBOARD_REQUEST_HEADER} header`);
    expect(await jobCount()).toBe(before);
  });

  it('decides requests that name no origin by its setting: refused by default, allowed when told', async () => {
    const refused = await fetch(`${dashboard}/v0/meta`);
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toContain('DASHBOARD_PROXY_HEADERLESS=allow');

    const scripted = await startDashboard('allow');
    expect((await fetch(`${scripted}/v0/meta`)).status).toBe(200);
    // Allowed scripts still cannot change anything with a plain form body.
    const form = await fetch(`${scripted}${SLEEPER_JOBS}`, { method: 'POST', body: 'values=1' });
    expect(form.status).toBe(403);
  });
});

describe('the proxy under heavy requests', () => {
  const page = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };

  it('passes on the host’s 413 for a body too large for it', async () => {
    const answer = await fetch(`${dashboard}${SLEEPER_JOBS}`, {
      method: 'POST',
      headers: { ...page, origin: dashboard },
      body: JSON.stringify({ values: { input_2: 1, padding: 'x'.repeat(8 * 1024 * 1024) } }),
    });
    const message = await errorOf(answer);
    expect(answer.status, message).toBe(413);
    expect(message).toContain('larger than the 4096 bytes');
  });

  it('serves many announces of 5 TiB files at once and keeps answering /v0/meta', async () => {
    const announce = (index: number) =>
      fetch(`${dashboard}/v0/files/content`, {
        method: 'POST',
        headers: { ...page, origin: dashboard },
        body: JSON.stringify({
          filename: `huge-${index}.bin`,
          filesize: 5 * 1024 ** 4,
          sha256_checksum: index.toString(16).padStart(64, '0'),
        }),
      });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => announce(index)));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      const { upload_schema: schema } = (await answer.json()) as { upload_schema: { urls: string[] } };
      expect(schema.urls).toHaveLength(10_000);
    }
    const meta = await fetch(`${dashboard}/v0/meta`, { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(meta.status).toBe(200);
  }, 30_000);
});

describe('the upload link registry', () => {
  const answerWith = (count: number) => ({
    upload_schema: {
      urls: Array.from({ length: count }, (_, n) => `http://storage.example/up/${n}?sig=x`),
      links: { complete_upload: 'http://api.example/v0/files/f:complete' },
    },
  });

  it('forgets expired announces and holds a bounded number of links', () => {
    let now = 0;
    const registry = new UploadLinkRegistry(1000, () => now, 25);
    const first = registry.rewriteUploadAnswer(answerWith(10), 'http://api.example') as ReturnType<typeof answerWith>;
    const firstLink = first.upload_schema.urls[3] ?? '';
    expect(registry.resolve(firstLink)?.url).toBe('http://storage.example/up/3?sig=x');
    registry.rewriteUploadAnswer(answerWith(10), 'http://api.example');
    // Over the bound of 25 links: the oldest announce goes.
    registry.rewriteUploadAnswer(answerWith(10), 'http://api.example');
    expect(registry.resolve(firstLink)).toBeUndefined();
    now = 2000;
    const late = registry.rewriteUploadAnswer(answerWith(1), 'http://api.example') as ReturnType<typeof answerWith>;
    expect(registry.resolve(late.upload_schema.urls[0] ?? '')?.url).toBe('http://storage.example/up/0?sig=x');
  });

  it('refuses an answer with more links than any upload has', () => {
    const registry = new UploadLinkRegistry();
    expect(() => registry.rewriteUploadAnswer(answerWith(MAX_LINKS_PER_ANNOUNCE), 'http://api.example')).toThrow(
      /relays at most/,
    );
  });
});
