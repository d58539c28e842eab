import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../routes/response-schemas.ts';
import { seedFileRecords } from '../seed-data.ts';
import type { ApiFile } from '../services/files.ts';
import { startTestHost, type TestHost } from './harness.ts';

interface ErrorBody {
  errors: ({ loc: (string | number)[]; msg: string } | string)[];
}

const sha256 = (bytes: Uint8Array | string) => crypto.createHash('sha256').update(bytes).digest('hex');
const md5 = (bytes: Uint8Array | string) => crypto.createHash('md5').update(bytes).digest('hex');

function form(field: string, bytes: Uint8Array | string, filename: string, type?: string): FormData {
  const body = new FormData();
  body.append(field, new Blob([new Uint8Array(Buffer.from(bytes))], type ? { type } : {}), filename);
  return body;
}

async function upload(host: TestHost, bytes: Uint8Array | string, filename: string, type?: string): Promise<ApiFile> {
  const response = await host.fetch('/v0/files/content', { method: 'PUT', body: form('file', bytes, filename, type) });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as ApiFile;
}

describe('files: single upload, download, search and delete', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host.close();
  });

  it('uploads a file as the seed does and downloads the same bytes with their headers', async () => {
    const file = await upload(host, '3', 'file_with_number.txt');
    expect(file).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      filename: 'file_with_number.txt',
      content_type: 'text/plain',
      checksum: sha256('3'),
      e_tag: md5('3'),
      // Local extensions (file-listing.test.ts): size, time stored, no producing job.
      size: 1,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      produced_by: null,
    });
    expect(await host.json<ApiFile>(`/v0/files/${file.id}`)).toEqual(file);

    const download = await host.fetch(`/v0/files/${file.id}/content`);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('3');
    expect(download.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="file_with_number.txt"');
    expect(download.headers.get('content-length')).toBe('1');
    expect(download.headers.get('accept-ranges')).toBe('bytes');
    expect(download.headers.get('etag')).toBe(`"${md5('3')}"`);
  });

  it('streams a larger file in and out unchanged, and answers HEAD with the headers only', async () => {
    const bytes = crypto.randomBytes(6 * 1024 * 1024 + 3);
    const file = await upload(host, bytes, 'large.dat');
    expect(file.checksum).toBe(sha256(bytes));
    const download = await host.fetch(`/v0/files/${file.id}/content`);
    expect(download.headers.get('content-length')).toBe(String(bytes.length));
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(bytes));
    const head = await host.fetch(`/v0/files/${file.id}/content`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
    expect(await head.text()).toBe('');
  });

  it('keeps the declared content type, and guesses one from the name when none is declared', async () => {
    const csv = await upload(host, 'a,b\n1,2\n', 'table.csv');
    expect(csv.content_type).toBe('text/csv');
    const declared = await upload(host, '{}', 'settings.cfg', 'application/json');
    expect(declared.content_type).toBe('application/json');
  });

  it('serves byte ranges, and answers 416 with the size for a range past the end', async () => {
    const bytes = crypto.randomBytes(1000);
    const file = await upload(host, bytes, 'noise.bin');

    const middle = await host.fetch(`/v0/files/${file.id}/content`, { headers: { range: 'bytes=100-199' } });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(middle.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await middle.arrayBuffer())).toEqual(bytes.subarray(100, 200));

    const tail = await host.fetch(`/v0/files/${file.id}/content`, { headers: { range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(990));

    const open = await host.fetch(`/v0/files/${file.id}/content`, { headers: { range: 'bytes=995-' } });
    expect(open.headers.get('content-range')).toBe('bytes 995-999/1000');
    expect(Buffer.from(await open.arrayBuffer())).toEqual(bytes.subarray(995));

    const outside = await host.fetch(`/v0/files/${file.id}/content`, { headers: { range: 'bytes=1000-1100' } });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe('bytes */1000');
    expect(((await outside.json()) as ErrorBody).errors).toEqual(["Requested range is outside the file's 1000 bytes"]);
  });

  it('names a non-ASCII file with RFC 5987 filename*, and keeps path-like names as data', async () => {
    const unicode = await upload(host, 'x', 'résumé données.txt');
    expect(unicode.filename).toBe('résumé données.txt');
    const response = await host.fetch(`/v0/files/${unicode.id}/content`);
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="r_sum_ donn_es.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20donn%C3%A9es.txt`,
    );

    const tricky = await upload(host, 'not a path', '../../etc/passwd');
    expect(tricky.filename).toBe('../../etc/passwd');
    expect(await (await host.fetch(`/v0/files/${tricky.id}/content`)).text()).toBe('not a path');
    // The bytes are stored under the file's id, inside the data folder, nowhere else.
    expect(fs.readFileSync(path.join(host.dataDir, 'files', tricky.id), 'utf8')).toBe('not a path');
    expect(fs.existsSync(path.join(host.dataDir, 'etc'))).toBe(false);
  });

  it('refuses NUL bytes and names longer than 255 bytes with 422, storing nothing', async () => {
    const before = (await host.json<ApiFile[]>('/v0/files')).length;
    for (const name of ['bad\u0000name.txt', `${'é'.repeat(128)}.txt`]) {
      const response = await host.fetch('/v0/files/content', { method: 'PUT', body: form('file', 'x', name) });
      expect(response.status, name).toBe(422);
      const body = (await response.json()) as ErrorBody;
      expect(body.errors[0]).toMatchObject({ loc: ['body', 'file', 'filename'] });
    }
    expect((await host.json<ApiFile[]>('/v0/files')).length).toBe(before);
  });

  it('refuses a form without the "file" field and a body that is not a form', async () => {
    const wrongField = await host.fetch('/v0/files/content', { method: 'PUT', body: form('upload', 'x', 'a.txt') });
    expect(wrongField.status).toBe(422);
    expect(((await wrongField.json()) as ErrorBody).errors[0]).toMatchObject({ loc: ['body', 'file'] });

    const onlyText = new FormData();
    onlyText.append('file', 'just a string field');
    const noFile = await host.fetch('/v0/files/content', { method: 'PUT', body: onlyText });
    expect(noFile.status).toBe(422);

    const json = await host.json<ErrorBody>('/v0/files/content', { method: 'PUT', body: { file: 'x' }, expect: 415 });
    expect(String(json.errors[0])).toMatch(/multipart\/form-data/);
  });

  it('lists files, pages them, and searches by checksum and by id', async () => {
    const content = `unique ${crypto.randomUUID()}`;
    const first = await upload(host, content, 'one.txt');
    const second = await upload(host, content, 'two.txt');

    const all = await host.json<ApiFile[]>('/v0/files');
    expect(all.map((f) => f.id)).toEqual(expect.arrayContaining([first.id, second.id]));

    const page = await host.json<Page<ApiFile>>('/v0/files/page?limit=1&offset=0');
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(all.length);

    const byChecksum = await host.json<Page<ApiFile>>(`/v0/files:search?sha256_checksum=${sha256(content)}`);
    expect(byChecksum.total).toBe(2);
    expect(byChecksum.items.map((f) => f.filename)).toEqual(['one.txt', 'two.txt']);

    const upper = await host.json<Page<ApiFile>>(`/v0/files:search?sha256_checksum=${sha256(content).toUpperCase()}`);
    expect(upper.total).toBe(2);

    const paged = await host.json<Page<ApiFile>>(
      `/v0/files:search?sha256_checksum=${sha256(content)}&limit=1&offset=1`,
    );
    expect(paged.items.map((f) => f.id)).toEqual([second.id]);

    const byId = await host.json<Page<ApiFile>>(`/v0/files:search?file_id=${first.id}`);
    expect(byId.items).toEqual([first]);

    const both = await host.json<Page<ApiFile>>(
      `/v0/files:search?file_id=${first.id}&sha256_checksum=${sha256('other')}`,
    );
    expect(both.total).toBe(0);

    await host.json('/v0/files:search?sha256_checksum=nothex', { expect: 422 });
  });

  it('deletes a file: then it is 404 everywhere and its bytes are gone', async () => {
    const file = await upload(host, 'short-lived', 'gone.txt');
    await host.json(`/v0/files/${file.id}`, { method: 'DELETE' });
    for (const suffix of ['', '/content']) {
      const body = await host.json<ErrorBody>(`/v0/files/${file.id}${suffix}`, { expect: 404 });
      expect(String(body.errors[0])).toContain(file.id);
    }
    await host.json(`/v0/files/${file.id}`, { method: 'DELETE', expect: 404 });
    expect(fs.existsSync(path.join(host.dataDir, 'files', file.id))).toBe(false);
    const search = await host.json<Page<ApiFile>>(`/v0/files:search?file_id=${file.id}`);
    expect(search.total).toBe(0);
  });

  it('answers 422 naming the parameter for a file id that is not a UUID', async () => {
    for (const suffix of ['', '/content']) {
      const body = await host.json<ErrorBody>(`/v0/files/not-a-uuid${suffix}`, { expect: 422 });
      expect(body.errors[0]).toMatchObject({ loc: ['path', 'file_id'] });
    }
    await host.json('/v0/files/..%2F..%2Fhost.sqlite', { method: 'DELETE', expect: 422 });
  });

  it('needs Basic auth for every file route', async () => {
    const response = await host.fetch('/v0/files', { auth: false });
    expect(response.status).toBe(401);
  });
});

describe('files made on the host (job outputs)', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host.close();
  });

  it('imports a local file by copying and hashing it, and serves it like an upload', async () => {
    const source = path.join(host.dataDir, 'single_number.txt');
    fs.writeFileSync(source, '7');
    const files = host.app.hostContext.files;
    const stored = await files.importFile(source, 'single_number.txt');
    expect(stored).toMatchObject({ filename: 'single_number.txt', content_type: 'text/plain', size: 1 });
    expect(stored.checksum).toBe(sha256('7'));
    fs.rmSync(source);
    expect(fs.readFileSync(files.pathOf(stored), 'utf8')).toBe('7');
    expect(await host.json<ApiFile>(`/v0/files/${stored.id}`)).toEqual(files.describe(stored));
    expect(await (await host.fetch(`/v0/files/${stored.id}/content`)).text()).toBe('7');
    const found = await host.json<{ items: ApiFile[] }>(`/v0/files:search?sha256_checksum=${sha256('7')}`);
    expect(found.items).toEqual([files.describe(stored)]);
  });
});

describe('the listing of every file (GET /v0/files)', () => {
  it('sends every file, oldest first, read a batch at a time', async () => {
    const host = await startTestHost();
    try {
      const ids = seedFileRecords(host.dataDir, 1_234, (index) => `file_${index}.txt`);
      const listed = await host.json<ApiFile[]>('/v0/files');
      expect(listed.map((file) => file.id)).toEqual(ids);
      expect(listed[1_233]).toMatchObject({ filename: 'file_1233.txt', content_type: 'text/plain' });
    } finally {
      await host.close();
    }
  });
});
