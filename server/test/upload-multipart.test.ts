import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiFile } from '../services/files.ts';
import type { ClientFileUploadData, UploadedPart } from '../services/uploads.ts';
import { startTestHost, type TestHost } from './harness.ts';

interface ErrorBody {
  errors: ({ loc: (string | number)[]; msg: string } | string)[];
}

const CHUNK = 1024;
const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');
const md5 = (bytes: Uint8Array) => crypto.createHash('md5').update(bytes).digest('hex');

function clientFile(bytes: Uint8Array, filename: string) {
  return { filename, filesize: bytes.length, sha256_checksum: sha256(bytes) };
}

async function announce(host: TestHost, bytes: Uint8Array, filename: string): Promise<ClientFileUploadData> {
  return host.json<ClientFileUploadData>('/v0/files/content', { method: 'POST', body: clientFile(bytes, filename) });
}

function chunkOf(bytes: Uint8Array, number: number): Uint8Array {
  return bytes.subarray((number - 1) * CHUNK, number * CHUNK);
}

/** PUTs a chunk to its presigned link the way the Python client does: no credentials, no content type. */
function putChunk(url: string, chunk: Uint8Array, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'PUT', body: new Uint8Array(chunk), headers });
}

async function uploadPart(url: string, chunk: Uint8Array): Promise<UploadedPart> {
  const response = await putChunk(url, chunk);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  const number = Number(new URL(url).pathname.split('/').pop());
  return { number, e_tag: JSON.parse(response.headers.get('etag') ?? 'null') as string };
}

async function complete(
  host: TestHost,
  upload: ClientFileUploadData,
  client: object,
  parts: UploadedPart[],
  expect?: number,
) {
  return host.json<ApiFile & ErrorBody>(upload.upload_schema.links.complete_upload, {
    method: 'POST',
    body: { client_file: client, uploaded_parts: { parts } },
    expect,
  });
}

async function listedIds(host: TestHost): Promise<string[]> {
  return (await host.json<ApiFile[]>('/v0/files')).map((file) => file.id);
}

describe('multipart upload through presigned chunk links', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost({ chunkSize: CHUNK });
  });
  afterAll(async () => {
    await host.close();
  });

  it('uploads a file of several chunks, completes it, and finds it by checksum', async () => {
    const bytes = crypto.randomBytes(3 * CHUNK - 100);
    const upload = await announce(host, bytes, 'mesh.bin');
    expect(upload.upload_schema.chunk_size).toBe(CHUNK);
    expect(upload.upload_schema.urls).toHaveLength(3);
    for (const url of upload.upload_schema.urls) expect(url.startsWith(`${host.url}/storage/`)).toBe(true);
    expect(upload.upload_schema.links.complete_upload).toBe(`${host.url}/v0/files/${upload.file_id}:complete`);
    expect(upload.upload_schema.links.abort_upload).toBe(`${host.url}/v0/files/${upload.file_id}:abort`);

    const parts: UploadedPart[] = [];
    for (const [index, url] of upload.upload_schema.urls.entries()) {
      const chunk = chunkOf(bytes, index + 1);
      const part = await uploadPart(url, chunk);
      expect(part.e_tag).toBe(md5(chunk));
      parts.push(part);
    }
    // Not listed until completed.
    expect(await listedIds(host)).not.toContain(upload.file_id);

    // Clients upload in parallel and report parts as they finish: any order is fine.
    const file = await complete(host, upload, clientFile(bytes, 'mesh.bin'), [...parts].reverse());
    const partsETag = crypto
      .createHash('md5')
      .update(Buffer.concat(parts.map((p) => Buffer.from(p.e_tag, 'hex'))))
      .digest('hex');
    expect(file).toEqual({
      id: upload.file_id,
      filename: 'mesh.bin',
      content_type: 'application/octet-stream',
      checksum: sha256(bytes),
      e_tag: `${partsETag}-3`,
      // Local extensions (file-listing.test.ts): size, time stored, no producing job.
      size: bytes.length,
      created_at: expect.any(String),
      produced_by: null,
    });

    const download = await host.fetch(`/v0/files/${file.id}/content`);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);

    const found = await host.json<{ items: ApiFile[] }>(`/v0/files:search?sha256_checksum=${sha256(bytes)}`);
    expect(found.items).toEqual([file]);
    expect(fs.existsSync(path.join(host.dataDir, 'uploads', upload.file_id))).toBe(false);

    // A retried complete (its first answer lost) gets the same file.
    expect(await complete(host, upload, clientFile(bytes, 'mesh.bin'), parts)).toEqual(file);
  });

  it('takes chunks sent all at once, reported in the order they finished', async () => {
    const bytes = crypto.randomBytes(8 * CHUNK - 1);
    const upload = await announce(host, bytes, 'parallel.bin');
    const finished: UploadedPart[] = [];
    await Promise.all(
      upload.upload_schema.urls.map(async (url, index) => {
        finished.push(await uploadPart(url, chunkOf(bytes, index + 1)));
      }),
    );
    const file = await complete(host, upload, clientFile(bytes, 'parallel.bin'), finished);
    expect(file.checksum).toBe(sha256(bytes));
    expect(file.e_tag).toMatch(/^[0-9a-f]{32}-8$/);
  });

  it('assembles chunks sent last to first into the same bytes, in part order', async () => {
    const bytes = crypto.randomBytes(5 * CHUNK + 17);
    const upload = await announce(host, bytes, 'reversed.bin');
    const parts: UploadedPart[] = [];
    for (const [index, url] of [...upload.upload_schema.urls.entries()].reverse()) {
      parts.push(await uploadPart(url, chunkOf(bytes, index + 1)));
    }
    const file = await complete(host, upload, clientFile(bytes, 'reversed.bin'), parts);
    expect(file.checksum).toBe(sha256(bytes));
    const download = await host.fetch(`/v0/files/${file.id}/content`);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(fs.existsSync(path.join(host.dataDir, 'uploads', upload.file_id))).toBe(false);
  });

  it('takes chunks of any content type, and accepts the client file wrapped as {client_file}', async () => {
    const bytes = crypto.randomBytes(CHUNK + 1);
    const upload = await host.json<ClientFileUploadData>('/v0/files/content', {
      method: 'POST',
      body: { client_file: clientFile(bytes, 'data.json') },
    });
    expect(upload.upload_schema.urls).toHaveLength(2);
    const first = await putChunk(upload.upload_schema.urls[0]!, chunkOf(bytes, 1), {
      'content-type': 'application/json',
    });
    expect(first.status).toBe(200);
    const second = await putChunk(upload.upload_schema.urls[1]!, chunkOf(bytes, 2), {
      'content-type': 'multipart/form-data; boundary=x',
    });
    expect(second.status).toBe(200);
    const parts = [first, second].map((r, i) => ({ number: i + 1, e_tag: JSON.parse(r.headers.get('etag')!) }));
    const file = await complete(host, upload, clientFile(bytes, 'data.json'), parts);
    expect(file.content_type).toBe('application/json');
  });

  it('aborts an upload: its parts are removed and its links stop working', async () => {
    const bytes = crypto.randomBytes(2 * CHUNK);
    const upload = await announce(host, bytes, 'aborted.bin');
    await uploadPart(upload.upload_schema.urls[0]!, chunkOf(bytes, 1));
    expect(fs.existsSync(path.join(host.dataDir, 'uploads', upload.file_id, '1'))).toBe(true);

    await host.json(upload.upload_schema.links.abort_upload, {
      method: 'POST',
      body: { client_file: clientFile(bytes, 'aborted.bin') },
    });
    expect(fs.existsSync(path.join(host.dataDir, 'uploads', upload.file_id))).toBe(false);
    expect((await putChunk(upload.upload_schema.urls[1]!, chunkOf(bytes, 2))).status).toBe(404);
    await complete(host, upload, clientFile(bytes, 'aborted.bin'), [], 404);
    expect(await listedIds(host)).not.toContain(upload.file_id);
  });

  it('refuses a complete whose bytes do not match the checksum, and keeps nothing', async () => {
    const announced = crypto.randomBytes(2 * CHUNK);
    const sent = crypto.randomBytes(2 * CHUNK);
    const upload = await announce(host, announced, 'corrupt.bin');
    const parts = [
      await uploadPart(upload.upload_schema.urls[0]!, chunkOf(sent, 1)),
      await uploadPart(upload.upload_schema.urls[1]!, chunkOf(sent, 2)),
    ];
    const refused = await complete(host, upload, clientFile(announced, 'corrupt.bin'), parts, 422);
    expect(refused.errors[0]).toMatchObject({ loc: ['body', 'client_file', 'sha256_checksum'] });
    expect((refused.errors[0] as { msg: string }).msg).toContain(sha256(sent));

    expect(await listedIds(host)).not.toContain(upload.file_id);
    await host.json(`/v0/files/${upload.file_id}`, { expect: 404 });
    expect(fs.existsSync(path.join(host.dataDir, 'uploads', upload.file_id))).toBe(false);
    expect(fs.readdirSync(path.join(host.dataDir, 'files', '.incoming'))).toEqual([]);
    await complete(host, upload, clientFile(announced, 'corrupt.bin'), parts, 404);
  });

  it('refuses missing, unstored and mixed-up parts, and completes once the list is right', async () => {
    const bytes = crypto.randomBytes(3 * CHUNK);
    const client = clientFile(bytes, 'three.bin');
    const upload = await announce(host, bytes, 'three.bin');
    const [url1, url2, url3] = upload.upload_schema.urls as [string, string, string];
    const part1 = await uploadPart(url1, chunkOf(bytes, 1));
    const part3 = await uploadPart(url3, chunkOf(bytes, 3));

    const missing = await complete(host, upload, client, [part1, part3], 422);
    expect(JSON.stringify(missing.errors)).toMatch(/Part 2 is missing/);

    const unstored = await complete(
      host,
      upload,
      client,
      [part1, { number: 2, e_tag: md5(chunkOf(bytes, 2)) }, part3],
      422,
    );
    expect(JSON.stringify(unstored.errors)).toMatch(/Part 2 was never stored/);

    const part2 = await uploadPart(url2, chunkOf(bytes, 2));
    const swapped = [{ number: 1, e_tag: part2.e_tag }, { number: 2, e_tag: part1.e_tag }, part3];
    const mixed = await complete(host, upload, client, swapped, 422);
    expect(JSON.stringify(mixed.errors)).toMatch(/Part 1 is listed with e_tag/);

    const twice = await complete(host, upload, client, [part1, part2, part2, part3], 422);
    expect(JSON.stringify(twice.errors)).toMatch(/listed more than once/);

    const otherFile = await complete(
      host,
      upload,
      { ...client, filesize: client.filesize + 1 },
      [part1, part2, part3],
      422,
    );
    expect(otherFile.errors[0]).toMatchObject({ loc: ['body', 'client_file', 'filesize'] });

    expect(await listedIds(host)).not.toContain(upload.file_id);
    const file = await complete(host, upload, client, [part1, part2, part3]);
    expect(file.checksum).toBe(sha256(bytes));
  });

  it('refuses wrong, tampered, missing and reused tokens with 403 and a JSON error', async () => {
    const bytes = crypto.randomBytes(2 * CHUNK);
    const upload = await announce(host, bytes, 'tokens.bin');
    const [url1, url2] = upload.upload_schema.urls as [string, string];

    const wrongSignature = new URL(url1);
    const signature = wrongSignature.searchParams.get('signature')!;
    wrongSignature.searchParams.set('signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`);
    const laterExpiry = new URL(url1);
    laterExpiry.searchParams.set('expires', String(Number(laterExpiry.searchParams.get('expires')) + 3600));
    const noSignature = new URL(url1);
    noSignature.searchParams.delete('signature');
    const otherPart = new URL(url1);
    otherPart.searchParams.set('signature', new URL(url2).searchParams.get('signature')!);

    for (const url of [wrongSignature, laterExpiry, noSignature, otherPart]) {
      const response = await putChunk(url.href, chunkOf(bytes, 1));
      expect(response.status, url.href).toBe(403);
      const body = (await response.json()) as ErrorBody;
      expect(String(body.errors[0]), url.href).toMatch(/not valid/);
    }

    await uploadPart(url1, chunkOf(bytes, 1));
    const reused = await putChunk(url1, chunkOf(bytes, 1));
    expect(reused.status).toBe(403);
    expect(String(((await reused.json()) as ErrorBody).errors[0])).toMatch(/already used/);
  });

  it('refuses a chunk beyond its part size with 413 without spending the link', async () => {
    const bytes = crypto.randomBytes(CHUNK + 10);
    const upload = await announce(host, bytes, 'sizes.bin');
    const [url1, url2] = upload.upload_schema.urls as [string, string];

    const tooBig = await putChunk(url1, crypto.randomBytes(CHUNK + 1));
    expect(tooBig.status).toBe(413);
    expect(String(((await tooBig.json()) as ErrorBody).errors[0])).toMatch(/exactly 1024 bytes/);

    const lastTooBig = await putChunk(url2, crypto.randomBytes(11));
    expect(lastTooBig.status).toBe(413);

    const tooSmall = await putChunk(url1, crypto.randomBytes(CHUNK - 1));
    expect(tooSmall.status).toBe(400);

    // A streamed body with no announced length is cut off as well.
    const streamed = await fetch(url2, {
      method: 'PUT',
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(crypto.randomBytes(8));
          controller.enqueue(crypto.randomBytes(8));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);

    const parts = [await uploadPart(url1, chunkOf(bytes, 1)), await uploadPart(url2, chunkOf(bytes, 2))];
    const file = await complete(host, upload, clientFile(bytes, 'sizes.bin'), parts);
    expect(file.checksum).toBe(sha256(bytes));
  });

  it('uploads an empty file through its single link', async () => {
    const bytes = new Uint8Array(0);
    const upload = await announce(host, bytes, 'empty.txt');
    expect(upload.upload_schema.urls).toHaveLength(1);
    const part = await uploadPart(upload.upload_schema.urls[0]!, bytes);
    const file = await complete(host, upload, clientFile(bytes, 'empty.txt'), [part]);
    expect(file.checksum).toBe(sha256(bytes));
    expect(await (await host.fetch(`/v0/files/${file.id}/content`)).text()).toBe('');
  });

  it('validates the announced client file', async () => {
    const good = clientFile(crypto.randomBytes(10), 'ok.bin');
    const cases: [object, (string | number)[]][] = [
      [{ ...good, filename: 'nul\u0000.txt' }, ['body', 'filename']],
      [{ ...good, filename: `${'x'.repeat(256)}` }, ['body', 'filename']],
      [{ ...good, filesize: -1 }, ['body', 'filesize']],
      [{ ...good, sha256_checksum: 'abc' }, ['body', 'sha256_checksum']],
      [{ filename: 'a.txt', filesize: 1 }, ['body', 'sha256_checksum']],
    ];
    for (const [body, loc] of cases) {
      const refused = await host.json<ErrorBody>('/v0/files/content', { method: 'POST', body, expect: 422 });
      expect(
        refused.errors.map((e) => (typeof e === 'string' ? e : e.loc)),
        JSON.stringify(body),
      ).toContainEqual(loc);
    }
    await host.json('/v0/files/not-a-uuid:complete', {
      method: 'POST',
      body: { client_file: good, uploaded_parts: { parts: [] } },
      expect: 422,
    });
  });

  it('takes no Basic auth on chunk links but needs it for complete and abort', async () => {
    const bytes = crypto.randomBytes(10);
    const upload = await announce(host, bytes, 'auth.bin');
    const response = await host.fetch(upload.upload_schema.links.complete_upload, {
      method: 'POST',
      auth: false,
      body: JSON.stringify({ client_file: clientFile(bytes, 'auth.bin'), uploaded_parts: { parts: [] } }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(401);
  });
});

describe('presigned links that expired', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost({ chunkSize: CHUNK, uploadLinkTtlSeconds: 0 });
  });
  afterAll(async () => {
    await host.close();
  });

  it('refuses a chunk sent to an expired link with 403', async () => {
    const bytes = crypto.randomBytes(10);
    const upload = await announce(host, bytes, 'late.bin');
    const response = await putChunk(upload.upload_schema.urls[0]!, bytes);
    expect(response.status).toBe(403);
    expect(String(((await response.json()) as ErrorBody).errors[0])).toMatch(/expired/);
    expect(fs.existsSync(path.join(host.dataDir, 'uploads', upload.file_id, '1'))).toBe(false);
  });
});

describe('uploads across a restart of the host', () => {
  it('lists no half-finished upload, keeps finished files, and lets the upload go on', async () => {
    // The host's clock, moved back to start an upload weeks ago.
    let clockOffset = 0;
    const now = () => Date.now() + clockOffset;
    const first = await startTestHost({ chunkSize: CHUNK, now }, { keepData: true });
    const dataDir = first.dataDir;
    const finishedBytes = crypto.randomBytes(CHUNK + 5);
    const finishedUpload = await announce(first, finishedBytes, 'finished.bin');
    const finished = await complete(first, finishedUpload, clientFile(finishedBytes, 'finished.bin'), [
      await uploadPart(finishedUpload.upload_schema.urls[0]!, chunkOf(finishedBytes, 1)),
      await uploadPart(finishedUpload.upload_schema.urls[1]!, chunkOf(finishedBytes, 2)),
    ]);

    const halfBytes = crypto.randomBytes(2 * CHUNK);
    const half = await announce(first, halfBytes, 'half.bin');
    const part1 = await uploadPart(half.upload_schema.urls[0]!, chunkOf(halfBytes, 1));
    // An upload started weeks ago, whose links expired long since.
    clockOffset = -30 * 24 * 3600 * 1000;
    const abandoned = await announce(first, halfBytes, 'abandoned.bin');
    await uploadPart(abandoned.upload_schema.urls[0]!, chunkOf(halfBytes, 1));
    clockOffset = 0;
    await first.close();

    // What a write cut off by a crash leaves behind: a temporary file and a partial part.
    fs.writeFileSync(path.join(dataDir, 'files', '.incoming', `.${crypto.randomUUID()}.incoming`), 'partial');
    fs.writeFileSync(path.join(dataDir, 'uploads', half.file_id, `.${crypto.randomUUID()}.incoming`), 'partial');

    const second = await startTestHost({ chunkSize: CHUNK }, { dataDir });
    try {
      expect(await listedIds(second)).toEqual([finished.id]);
      await second.json(`/v0/files/${half.file_id}`, { expect: 404 });
      const download = await second.fetch(`/v0/files/${finished.id}/content`);
      expect(Buffer.from(await download.arrayBuffer())).toEqual(finishedBytes);
      expect(fs.readdirSync(path.join(dataDir, 'files', '.incoming'))).toEqual([]);
      expect(fs.readdirSync(path.join(dataDir, 'uploads', half.file_id))).toEqual(['1']);
      expect(fs.existsSync(path.join(dataDir, 'uploads', abandoned.file_id))).toBe(false);

      // The links signed before the restart still work, so the upload can be finished.
      const relinked = (url: string) => `${second.url}${new URL(url).pathname}${new URL(url).search}`;
      const part2 = await uploadPart(relinked(half.upload_schema.urls[1]!), chunkOf(halfBytes, 2));
      const done = await second.json<ApiFile>(`/v0/files/${half.file_id}:complete`, {
        method: 'POST',
        body: { client_file: clientFile(halfBytes, 'half.bin'), uploaded_parts: { parts: [part1, part2] } },
      });
      expect(done.checksum).toBe(sha256(halfBytes));
    } finally {
      await second.close();
    }
  });
});
