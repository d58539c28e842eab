import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../server/test/harness.ts';
import { DASHBOARD_REQUEST_HEADER, DASHBOARD_REQUEST_VALUE } from '../src/api/request-marker.ts';
import { createApiProxy } from './api-proxy.ts';

/** The header the dashboard's page sends with every request. */
const FROM_PAGE = { [DASHBOARD_REQUEST_HEADER]: DASHBOARD_REQUEST_VALUE };

/**
 * The proxy in front of the embedded host, driven as the page drives it: every request to the
 * dashboard's origin and none with an Authorization header.
 */
let host: TestHost;
let dashboard: http.Server;
let origin: string;

beforeAll(async () => {
  // Tiny parts, so a small file needs several of them.
  host = await startTestHost({ chunkSize: 16 });
  const proxy = createApiProxy({
    settings: () => ({ target: host.url, authorization: host.auth }),
    headerless: 'allow',
  });
  dashboard = http.createServer((request, response) =>
    proxy(request, response, () => {
      response.writeHead(404).end();
    }),
  );
  await new Promise<void>((resolve) => dashboard.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(dashboard.address() as AddressInfo).port}`;
});

afterAll(async () => {
  dashboard.closeAllConnections();
  await new Promise<void>((resolve) => dashboard.close(() => resolve()));
  await host.close();
});

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('dashboard proxy in front of the embedded host', () => {
  it('uploads a file in parts through same-origin links, then serves its bytes', async () => {
    const content = Buffer.from('a file of a few dozen bytes, sent in 16-byte parts\n');
    const clientFile = {
      filename: 'parts.txt',
      filesize: content.length,
      sha256_checksum: crypto.createHash('sha256').update(content).digest('hex'),
    };

    const started = await fetch(`${origin}/v0/files/content`, json(clientFile));
    expect(started.status).toBe(200);
    const upload = (await started.json()) as {
      upload_schema: { chunk_size: number; urls: string[]; links: { complete_upload: string; abort_upload: string } };
    };
    const { chunk_size: size, urls, links } = upload.upload_schema;
    expect(urls).toHaveLength(Math.ceil(content.length / size));
    for (const url of urls) expect(url.startsWith('/_storage/')).toBe(true);
    expect(links.complete_upload).toMatch(/^\/v0\/files\/[\w-]+:complete$/);

    const parts = await Promise.all(
      urls.map(async (url, index) => {
        const put = await fetch(`${origin}${url}`, {
          method: 'PUT',
          headers: FROM_PAGE,
          body: content.subarray(index * size, (index + 1) * size),
        });
        expect(put.status).toBe(200);
        return { number: index + 1, e_tag: JSON.parse(put.headers.get('etag') ?? '') as string };
      }),
    );

    const completed = await fetch(
      `${origin}${links.complete_upload}`,
      json({ client_file: clientFile, uploaded_parts: { parts } }),
    );
    expect(completed.status).toBe(200);
    const file = (await completed.json()) as { id: string; filename: string; checksum: string };
    expect(file).toMatchObject({ filename: 'parts.txt', checksum: clientFile.sha256_checksum });

    const download = await fetch(`${origin}/v0/files/${file.id}/content`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(content);

    const found = await fetch(`${origin}/v0/files:search?sha256_checksum=${clientFile.sha256_checksum}`);
    expect(((await found.json()) as { items: { id: string }[] }).items.map((item) => item.id)).toContain(file.id);
  });

  it('aborts an upload through its rewritten link', async () => {
    const clientFile = { filename: 'dropped.txt', filesize: 40, sha256_checksum: 'ab'.repeat(32) };
    const started = await fetch(`${origin}/v0/files/content`, json(clientFile));
    const { upload_schema: schema } = (await started.json()) as {
      upload_schema: { urls: string[]; links: { abort_upload: string } };
    };

    const aborted = await fetch(`${origin}${schema.links.abort_upload}`, json({ client_file: clientFile }));
    expect(aborted.status).toBe(200);

    // The host forgot the upload: its part links are refused now.
    const late = await fetch(`${origin}${schema.urls[0]}`, { method: 'PUT', headers: FROM_PAGE, body: 'x'.repeat(16) });
    expect(late.ok).toBe(false);
  });
});
