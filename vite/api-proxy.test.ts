import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DASHBOARD_REQUEST_HEADER, DASHBOARD_REQUEST_VALUE } from '../src/api/request-marker.ts';
import { createApiProxy } from './api-proxy.ts';
import type { ProxySettings } from './proxy-settings.ts';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Handler = (request: http.IncomingMessage, response: http.ServerResponse, body: string) => void;

const servers: http.Server[] = [];

/** A real HTTP server on a free port that records every request it gets. */
async function startServer(handler: Handler): Promise<{ origin: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
    handler(request, response, body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** The dashboard's side: the proxy middleware, anything else 404. */
async function startDashboard(settings: ProxySettings): Promise<string> {
  // These requests come from Node's fetch, as a script on the machine would send them.
  const proxy = createApiProxy({ settings: () => settings, headerless: 'allow' });
  const { origin } = await startServer(() => undefined);
  // Replace the recording handler: the proxy must see the unread request stream.
  const server = servers.at(-1) as http.Server;
  server.removeAllListeners('request');
  server.on('request', (request, response) =>
    proxy(request, response, () => {
      response.writeHead(404).end('not proxied');
    }),
  );
  return origin;
}

/** The header the dashboard's page sends with every request. */
const FROM_PAGE = { [DASHBOARD_REQUEST_HEADER]: DASHBOARD_REQUEST_VALUE };

const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

describe('dashboard proxy', () => {
  it('adds the Basic credentials of the environment and replaces the page’s own', async () => {
    const api = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"osparc"}');
    });
    const dashboard = await startDashboard({ target: api.origin, authorization: basic('key', 'secret') });

    const answer = await fetch(`${dashboard}/v0/meta`, { headers: { Authorization: basic('page', 'guess') } });

    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ name: 'osparc' });
    expect(api.seen[0]?.headers.authorization).toBe(basic('key', 'secret'));
    expect(api.seen[0]?.url).toBe('/v0/meta');
  });

  it('passes the page’s session credentials through when it has none of its own', async () => {
    const api = await startServer((_request, response) => response.writeHead(200).end('{}'));
    const dashboard = await startDashboard({ target: api.origin });

    await fetch(`${dashboard}/v0/me`, { headers: { Authorization: basic('typed', 'in') } });

    expect(api.seen[0]?.headers.authorization).toBe(basic('typed', 'in'));
  });

  it('answers a refused key with the 401 but without the challenge that opens the browser’s login prompt', async () => {
    const api = await startServer((_request, response) => {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="osparc"', 'content-type': 'application/json' });
      response.end('{"errors":["Invalid API key or secret"]}');
    });
    const dashboard = await startDashboard({ target: api.origin });

    const answer = await fetch(`${dashboard}/v0/me`);

    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBeNull();
    expect(await answer.json()).toEqual({ errors: ['Invalid API key or secret'] });
  });

  it('streams request bodies to the API host and keeps the query string', async () => {
    const api = await startServer((_request, response, body) => response.writeHead(201).end(body.toUpperCase()));
    const dashboard = await startDashboard({ target: api.origin, authorization: basic('k', 's') });

    const answer = await fetch(`${dashboard}/v0/solvers/x/releases/1.0.0/jobs?limit=5`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"values":{}}',
    });

    expect(answer.status).toBe(201);
    expect(await answer.text()).toBe('{"VALUES":{}}');
    expect(api.seen[0]).toMatchObject({ method: 'POST', url: '/v0/solvers/x/releases/1.0.0/jobs?limit=5' });
  });

  it('follows a download redirect to storage without sending the credentials there', async () => {
    const storage = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-disposition': 'attachment; filename="a.txt"' });
      response.end('the bytes');
    });
    const api = await startServer((_request, response) => {
      response.writeHead(307, { location: `${storage.origin}/bucket/a.txt?X-Amz-Signature=abc` }).end();
    });
    const dashboard = await startDashboard({ target: api.origin, authorization: basic('key', 'secret') });

    const answer = await fetch(`${dashboard}/v0/files/f1/content`, { redirect: 'manual' });

    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('the bytes');
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="a.txt"');
    expect(api.seen[0]?.headers.authorization).toBe(basic('key', 'secret'));
    expect(storage.seen[0]?.url).toBe('/bucket/a.txt?X-Amz-Signature=abc');
    expect(storage.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('rewrites upload links to its own origin and relays chunk PUTs to the presigned URLs', async () => {
    const storage = await startServer((_request, response) => {
      response.writeHead(200, { etag: '"9b2cf535f27731c974343645a3985328"' }).end();
    });
    const api = await startServer((request, response) => {
      if (request.url === '/v0/files/content') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            file_id: 'f1',
            upload_schema: {
              chunk_size: 4,
              urls: [`${storage.origin}/up/f1/1?signature=s1`, `${storage.origin}/up/f1/2?signature=s2`],
              links: {
                complete_upload: `${api.origin}/v0/files/f1:complete`,
                abort_upload: `${api.origin}/v0/files/f1:abort`,
              },
            },
          }),
        );
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"f1"}');
      }
    });
    const dashboard = await startDashboard({ target: api.origin, authorization: basic('key', 'secret') });

    const started = await fetch(`${dashboard}/v0/files/content`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filename: 'a.txt', filesize: 6, sha256_checksum: 'ab'.repeat(32) }),
    });
    const { upload_schema: schema } = (await started.json()) as {
      upload_schema: { urls: string[]; links: { complete_upload: string; abort_upload: string } };
    };

    expect(schema.urls).toHaveLength(2);
    for (const url of schema.urls) expect(url).toMatch(/^\/_storage\/[\w-]{20,}\/\d+$/);
    expect(schema.links).toEqual({ complete_upload: '/v0/files/f1:complete', abort_upload: '/v0/files/f1:abort' });

    const put = await fetch(`${dashboard}${schema.urls[1]}`, { method: 'PUT', headers: FROM_PAGE, body: 'ef' });
    expect(put.status).toBe(200);
    expect(JSON.parse(put.headers.get('etag') ?? '')).toBe('9b2cf535f27731c974343645a3985328');
    expect(storage.seen[0]).toMatchObject({ method: 'PUT', url: '/up/f1/2?signature=s2', body: 'ef' });
    expect(storage.seen[0]?.headers.authorization).toBeUndefined();

    const completed = await fetch(`${dashboard}${schema.links.complete_upload}`, {
      method: 'POST',
      headers: FROM_PAGE,
      body: '{}',
    });
    expect(completed.status).toBe(200);
    expect(api.seen.at(-1)).toMatchObject({ url: '/v0/files/f1:complete' });
    expect(api.seen.at(-1)?.headers.authorization).toBe(basic('key', 'secret'));
  });

  it('relays only the links it handed out (no open relay)', async () => {
    const api = await startServer((_request, response) => response.writeHead(200).end());
    const dashboard = await startDashboard({ target: api.origin, authorization: basic('k', 's') });

    const answer = await fetch(`${dashboard}/_storage/not-a-link-it-made`, {
      method: 'PUT',
      headers: FROM_PAGE,
      body: 'x',
    });

    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { errors: string[] }).errors[0]).toMatch(/Unknown or expired upload link/);
  });

  it('answers 502 with an ErrorGet naming the API host when the host does not answer', async () => {
    const gone = await startServer(() => undefined);
    const closed = servers.pop() as http.Server;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const dashboard = await startDashboard({ target: gone.origin, authorization: basic('k', 's') });

    const answer = await fetch(`${dashboard}/v0/meta`);

    expect(answer.status).toBe(502);
    const body = (await answer.json()) as { errors: string[] };
    expect(body.errors[0]).toContain(`The API host at ${gone.origin} does not answer`);
  });

  it('tells the page which host it talks to and whether it has credentials, never the key', async () => {
    const dashboard = await startDashboard({ target: 'http://api.example:8006', authorization: basic('key', 'sec') });

    const answer = await fetch(`${dashboard}/_dashboard/config`);
    const text = await answer.text();

    expect(JSON.parse(text)).toEqual({ apiHost: 'http://api.example:8006', hasCredentials: true });
    expect(text).not.toContain(Buffer.from('key:sec').toString('base64'));
  });

  it('leaves every other path to the dashboard', async () => {
    const dashboard = await startDashboard({ target: 'http://127.0.0.1:1' });

    const answer = await fetch(`${dashboard}/files`);

    expect(answer.status).toBe(404);
    expect(await answer.text()).toBe('not proxied');
  });
});
