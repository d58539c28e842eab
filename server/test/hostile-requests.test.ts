import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ClientFileUploadData } from '../services/uploads.ts';
import { startTestHost, type TestHost } from './harness.ts';
import { createJob, type FileBody, type JobBody, RELEASE, runJob, SLEEPER, uploadText } from './jobs-helpers.ts';

const CHUNK = 1024;
const BODY_LIMIT = 64 * 1024;
const CSV_RELEASE = `/v0/solvers/${encodeURIComponent('simcore/services/comp/local/csv-statistics')}/releases/1.0.0`;

interface ErrorBody {
  errors: ({ loc: (string | number)[]; msg: string; type: string } | string)[];
}

/** What the hostile requests are aimed at: a stored file, a job, and an upload with both parts stored. */
interface Fixture {
  file: FileBody;
  job: JobBody;
  upload: ClientFileUploadData;
  /** An announced upload of 10 bytes, nothing stored yet. */
  spare: ClientFileUploadData;
  client: { filename: string; filesize: number; sha256_checksum: string };
  parts: { number: number; e_tag: string }[];
}

interface HostileRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer> | FormData;
}

interface Row {
  name: string;
  request(f: Fixture): HostileRequest;
  status: number;
  /** The field or parameter the error must name. */
  loc?: (string | number)[];
  /** What the error must say. */
  says?: RegExp;
}

const json = (method: string, pathname: string, body: unknown, headers: Record<string, string> = {}) => ({
  method,
  path: pathname,
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** A multipart form written byte for byte, so names can carry what FormData would clean up. */
function rawForm(
  parts: { name: string; filename?: string; type?: string; data: string }[],
): Pick<HostileRequest, 'headers' | 'body'> {
  const boundary = `----hostile${crypto.randomBytes(8).toString('hex')}`;
  const chunks = parts.map((part) => {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const type = part.type ? `\r\nContent-Type: ${part.type}` : '';
    return `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}${type}\r\n\r\n${part.data}\r\n`;
  });
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: new Uint8Array(Buffer.from(`${chunks.join('')}--${boundary}--\r\n`, 'utf8')),
  };
}

const upload = (parts: Parameters<typeof rawForm>[0]) => ({
  method: 'PUT',
  path: '/v0/files/content',
  ...rawForm(parts),
});
const linkPath = (url: string) => `${new URL(url).pathname}${new URL(url).search}`;
const jobOf = (f: Fixture) => `${RELEASE}/jobs/${f.job.id}`;
const completeOf = (f: Fixture) => `/v0/files/${f.upload.file_id}:complete`;
const completeBody = (f: Fixture, parts: unknown) => ({ client_file: f.client, uploaded_parts: { parts } });
const announce = (over: Record<string, unknown>) => ({
  filename: 'a.bin',
  filesize: 10,
  sha256_checksum: 'a'.repeat(64),
  ...over,
});
const huge = (size: number) => JSON.stringify({ values: { input_2: 1 }, padding: 'x'.repeat(size) });

const ROWS: Row[] = [
  // Malformed JSON
  {
    name: 'job inputs that are not JSON',
    request: () => json('POST', `${RELEASE}/jobs`, '{"values": {"input_2": '),
    status: 422,
    says: /JSON decode error/,
  },
  {
    name: 'an announced upload that is not JSON',
    request: () => json('POST', '/v0/files/content', "{'filename': 'a'}"),
    status: 422,
    says: /JSON decode error/,
  },
  {
    name: 'metadata that is not JSON',
    request: (f) => json('PATCH', `${jobOf(f)}/metadata`, '[1, 2'),
    status: 422,
    says: /JSON decode error/,
  },
  {
    name: 'a complete that is JSON with a trailing comma',
    request: (f) => json('POST', completeOf(f), '{"client_file": {},}'),
    status: 422,
    says: /JSON decode error/,
  },
  // Wrong types
  {
    name: 'values as an array',
    request: () => json('POST', `${RELEASE}/jobs`, { values: [1, 2] }),
    status: 422,
    loc: ['body', 'values'],
  },
  {
    name: 'a body that is a JSON string',
    request: () => json('POST', `${RELEASE}/jobs`, '"values"'),
    status: 422,
    loc: ['body'],
  },
  {
    name: 'an integer port given a word',
    request: () => json('POST', `${RELEASE}/jobs`, { values: { input_2: 'three' } }),
    status: 422,
    loc: ['body', 'values', 'input_2'],
  },
  {
    name: 'a boolean port given an object',
    request: () => json('POST', `${RELEASE}/jobs`, { values: { input_3: { yes: true } } }),
    status: 422,
    loc: ['body', 'values', 'input_3'],
  },
  {
    name: 'a file port given a number',
    request: () => json('POST', `${RELEASE}/jobs`, { values: { input_1: 7 } }),
    status: 422,
    loc: ['body', 'values', 'input_1'],
  },
  {
    name: 'a file size given as a word',
    request: () => json('POST', '/v0/files/content', announce({ filesize: 'big' })),
    status: 422,
    loc: ['body', 'filesize'],
  },
  {
    name: 'a metadata value that is an object',
    request: (f) => json('PATCH', `${jobOf(f)}/metadata`, { metadata: { run: { nested: 1 } } }),
    status: 422,
    loc: ['body', 'metadata', 'run'],
  },
  {
    name: 'a profile name that is a list',
    request: () => json('PUT', '/v0/me', { first_name: ['Ada'] }),
    status: 422,
    loc: ['body', 'first_name'],
  },
  {
    name: 'part e_tags that are numbers',
    request: (f) => json('POST', completeOf(f), completeBody(f, [{ number: 1, e_tag: { md5: 1 } }])),
    status: 422,
    loc: ['body', 'uploaded_parts', 'parts', 0, 'e_tag'],
  },
  {
    name: 'a page limit that is a word',
    request: () => ({ method: 'GET', path: '/v0/files/page?limit=twenty' }),
    status: 422,
    loc: ['query', 'limit'],
  },
  {
    name: 'a value nested ten thousand arrays deep',
    request: () => json('POST', `${RELEASE}/jobs`, `{"values":{"input_2":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`),
    status: 400,
    says: /more than 64 levels deep/,
  },
  // Values out of range
  {
    name: 'a sleep interval above its maximum',
    request: () => json('POST', `${RELEASE}/jobs`, { values: { input_2: 66 } }),
    status: 422,
    loc: ['body', 'values', 'input_2'],
    says: /less than or equal to 65/,
  },
  {
    name: 'a sleep interval below its minimum',
    request: () => json('POST', `${RELEASE}/jobs`, { values: { input_2: -1 } }),
    status: 422,
    loc: ['body', 'values', 'input_2'],
  },
  {
    name: 'a bin count that is not an integer',
    request: (f) => json('POST', `${CSV_RELEASE}/jobs`, { values: { data: f.file, bins: 2.5 } }),
    status: 422,
    loc: ['body', 'values', 'bins'],
  },
  {
    name: 'a delimiter outside its enum',
    request: (f) => json('POST', `${CSV_RELEASE}/jobs`, { values: { data: f.file, delimiter: 'pipe' } }),
    status: 422,
    loc: ['body', 'values', 'delimiter'],
    says: /Input should be 'auto', 'comma', 'semicolon' or 'tab'/,
  },
  {
    name: 'a page limit of 0',
    request: () => ({ method: 'GET', path: '/v0/files/page?limit=0' }),
    status: 422,
    loc: ['query', 'limit'],
  },
  {
    name: 'a page limit above 50',
    request: () => ({ method: 'GET', path: '/v0/solvers/-/releases/-/jobs?limit=1000' }),
    status: 422,
    loc: ['query', 'limit'],
  },
  {
    name: 'a negative page offset',
    request: () => ({ method: 'GET', path: `${RELEASE}/jobs/page?offset=-5` }),
    status: 422,
    loc: ['query', 'offset'],
  },
  {
    name: 'a negative file size',
    request: () => json('POST', '/v0/files/content', announce({ filesize: -1 })),
    status: 422,
    loc: ['body', 'filesize'],
  },
  {
    name: 'a file size beyond any disk',
    request: () => json('POST', '/v0/files/content', announce({ filesize: 1e20 })),
    status: 422,
    loc: ['body', 'filesize'],
  },
  {
    name: 'a wallet id of 0',
    request: () => ({ method: 'GET', path: '/v0/wallets/0' }),
    status: 422,
    loc: ['path', 'wallet_id'],
  },
  {
    name: 'a part number of 0',
    request: (f) => json('POST', completeOf(f), completeBody(f, [{ number: 0, e_tag: f.parts[0]!.e_tag }])),
    status: 422,
    loc: ['body', 'uploaded_parts', 'parts', 0, 'number'],
  },
  // Unknown and missing ports
  // Keys that are no port of the solver are accepted, as upstream does: see upstream-fidelity.test.ts.
  {
    name: 'a required file port left out',
    request: () => json('POST', `${CSV_RELEASE}/jobs`, { values: { bins: 5 } }),
    status: 422,
    loc: ['body', 'values', 'data'],
    says: /required/,
  },
  {
    name: 'a body without values',
    request: () => json('POST', `${RELEASE}/jobs`, { inputs: {} }),
    status: 422,
    loc: ['body', 'values'],
  },
  {
    name: 'a file port naming a file that does not exist',
    request: () => json('POST', `${CSV_RELEASE}/jobs`, { values: { data: { id: crypto.randomUUID() } } }),
    status: 422,
    loc: ['body', 'values', 'data'],
    says: /does not exist/,
  },
  {
    name: 'a file port naming a path as its id',
    request: () => json('POST', `${CSV_RELEASE}/jobs`, { values: { data: { id: '../../host.sqlite' } } }),
    status: 422,
    loc: ['body', 'values', 'data'],
  },
  // Huge bodies
  {
    name: 'job inputs past the body limit',
    request: () => json('POST', `${RELEASE}/jobs`, huge(2 * BODY_LIMIT)),
    status: 413,
    says: new RegExp(`${BODY_LIMIT} bytes`),
  },
  {
    name: 'a profile past the body limit',
    request: () => json('PUT', '/v0/me', JSON.stringify({ first_name: 'x'.repeat(BODY_LIMIT) })),
    status: 413,
    says: /OSPARC_LOCAL_BODY_LIMIT/,
  },
  {
    name: 'metadata past the body limit',
    request: (f) => json('PATCH', `${jobOf(f)}/metadata`, huge(BODY_LIMIT)),
    status: 413,
    says: new RegExp(`${BODY_LIMIT} bytes`),
  },
  {
    name: 'a profile name longer than allowed',
    request: () => json('PUT', '/v0/me', { last_name: 'x'.repeat(256) }),
    status: 422,
    loc: ['body', 'last_name'],
  },
  // File names that cannot be stored
  {
    name: 'an uploaded file named with a NUL byte',
    request: () => upload([{ name: 'file', filename: 'evil\u0000.txt', type: 'text/plain', data: '1' }]),
    status: 422,
    loc: ['body', 'file', 'filename'],
    says: /NUL/,
  },
  {
    name: 'an announced upload named with a NUL byte',
    request: () => json('POST', '/v0/files/content', announce({ filename: '../x\u0000.txt' })),
    status: 422,
    loc: ['body', 'filename'],
  },
  {
    name: 'an announced upload named with a line break',
    request: () => json('POST', '/v0/files/content', announce({ filename: 'two\nlines.txt' })),
    status: 422,
    loc: ['body', 'filename'],
    says: /control character/,
  },
  {
    name: 'an uploaded file with a 300-byte name',
    request: () => upload([{ name: 'file', filename: `${'ü'.repeat(150)}`, data: '1' }]),
    status: 422,
    loc: ['body', 'file', 'filename'],
    says: /at most 255/,
  },
  {
    name: 'an announced upload with a 1000-character name',
    request: () => json('POST', '/v0/files/content', announce({ filename: 'a'.repeat(1000) })),
    status: 422,
    loc: ['body', 'filename'],
  },
  {
    name: 'an announced upload with an empty name',
    request: () => json('POST', '/v0/files/content', announce({ filename: '' })),
    status: 422,
    loc: ['body', 'filename'],
  },
  // Wrong content types
  {
    name: 'job inputs sent as text',
    request: () => ({
      method: 'POST',
      path: `${RELEASE}/jobs`,
      headers: { 'content-type': 'text/plain' },
      body: '{"values":{}}',
    }),
    status: 415,
    says: /takes a JSON body.*not text\/plain/,
  },
  {
    name: 'job inputs sent as a form',
    request: () => ({ method: 'POST', path: `${RELEASE}/jobs`, ...rawForm([{ name: 'values', data: '{}' }]) }),
    status: 415,
  },
  {
    name: 'a complete sent as XML',
    request: (f) => ({
      method: 'POST',
      path: completeOf(f),
      headers: { 'content-type': 'application/xml' },
      body: '<parts/>',
    }),
    status: 415,
  },
  {
    name: 'a file upload sent as JSON',
    request: () => json('PUT', '/v0/files/content', { file: 'x' }),
    status: 415,
    says: /multipart\/form-data/,
  },
  {
    name: 'a file upload sent as raw bytes',
    request: () => ({
      method: 'PUT',
      path: '/v0/files/content',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([1, 2, 3]),
    }),
    status: 415,
  },
  // Multipart forms without the file field
  {
    name: 'a form whose file is in another field',
    request: () => upload([{ name: 'upload', filename: 'a.txt', data: '1' }]),
    status: 422,
    loc: ['body', 'file'],
  },
  {
    name: 'a form with only a text field',
    request: () => upload([{ name: 'file', data: 'just text' }]),
    status: 422,
    loc: ['body', 'file'],
  },
  {
    name: 'a form with no field at all',
    request: () => upload([]),
    status: 422,
    loc: ['body', 'file'],
  },
  // Chunks and completes
  {
    name: 'a chunk beyond the announced size',
    request: (f) => ({ method: 'PUT', path: linkPath(f.spare.upload_schema.urls[0]!), body: new Uint8Array(11) }),
    status: 413,
    says: /exactly 10 bytes/,
  },
  {
    name: 'a chunk for a part past the announced ones',
    request: (f) => ({
      method: 'PUT',
      path: linkPath(f.spare.upload_schema.urls[0]!).replace('/parts/1?', '/parts/2?'),
      body: new Uint8Array(1),
    }),
    status: 403,
    says: /not valid/,
  },
  {
    name: 'a chunk sent to a link without its token',
    request: (f) => ({
      method: 'PUT',
      path: new URL(f.spare.upload_schema.urls[0]!).pathname,
      body: new Uint8Array(10),
    }),
    status: 403,
    says: /not valid/,
  },
  {
    name: 'a complete with a part missing',
    request: (f) => json('POST', completeOf(f), completeBody(f, [f.parts[0]])),
    status: 422,
    loc: ['body', 'uploaded_parts', 'parts'],
    says: /Part 2 is missing/,
  },
  {
    name: 'a complete with the parts swapped',
    request: (f) =>
      json(
        'POST',
        completeOf(f),
        completeBody(f, [
          { number: 1, e_tag: f.parts[1]!.e_tag },
          { number: 2, e_tag: f.parts[0]!.e_tag },
        ]),
      ),
    status: 422,
    loc: ['body', 'uploaded_parts', 'parts'],
    says: /mixed up/,
  },
  {
    name: 'a complete with a part listed twice',
    request: (f) => json('POST', completeOf(f), completeBody(f, [f.parts[0], f.parts[1], f.parts[0]])),
    status: 422,
    loc: ['body', 'uploaded_parts', 'parts', 2, 'number'],
  },
  {
    name: 'a complete with a part that was never announced',
    request: (f) => json('POST', completeOf(f), completeBody(f, [...f.parts, { number: 3, e_tag: f.parts[0]!.e_tag }])),
    status: 422,
    loc: ['body', 'uploaded_parts', 'parts', 2, 'number'],
  },
  {
    name: 'a complete whose client file is another file',
    request: (f) =>
      json('POST', completeOf(f), {
        client_file: { ...f.client, filesize: f.client.filesize + 1 },
        uploaded_parts: { parts: f.parts },
      }),
    status: 422,
    loc: ['body', 'client_file', 'filesize'],
  },
  // Ids that are not UUIDs
  {
    name: 'a file id that is a word',
    request: () => ({ method: 'GET', path: '/v0/files/latest' }),
    status: 422,
    loc: ['path', 'file_id'],
  },
  {
    name: 'a file id that climbs out of the files folder',
    request: () => ({ method: 'GET', path: '/v0/files/..%2F..%2Fhost.sqlite/content' }),
    status: 422,
    loc: ['path', 'file_id'],
  },
  {
    name: 'a file id with a NUL byte',
    request: () => ({ method: 'DELETE', path: `/v0/files/${crypto.randomUUID()}%00` }),
    status: 422,
    loc: ['path', 'file_id'],
  },
  {
    name: 'an upload id that is not a UUID on complete',
    request: (f) => json('POST', '/v0/files/..%2Fuploads:complete', completeBody(f, f.parts)),
    // The id pattern stops at a slash, so no route matches at all.
    status: 404,
    says: /No route POST/,
  },
  {
    name: 'a job id that is a word',
    request: () => ({ method: 'GET', path: `${RELEASE}/jobs/latest` }),
    status: 422,
    loc: ['path', 'job_id'],
  },
  {
    name: 'a job id that climbs out of the jobs folder on :start',
    request: () => json('POST', `${RELEASE}/jobs/..%2F..%2Fetc:start`, ''),
    status: 404,
    says: /No route POST/,
  },
  {
    name: 'a job id that is almost a UUID on :stop',
    request: (f) => json('POST', `${RELEASE}/jobs/${f.job.id}0:stop`, ''),
    status: 422,
    loc: ['path', 'job_id'],
  },
  {
    name: 'an upload id of a chunk link that is not a UUID',
    request: () => ({
      method: 'PUT',
      path: '/storage/uploads/..%2F..%2Ffiles/parts/1?expires=1&signature=x',
      body: 'x',
    }),
    status: 422,
    loc: ['path', 'upload_id'],
  },
  // Solver keys and versions with path tricks
  {
    name: 'a solver key that climbs up',
    request: () => ({ method: 'GET', path: '/v0/solvers/..%2F..%2Fetc%2Fpasswd/releases' }),
    status: 422,
    loc: ['path', 'solver_key'],
  },
  {
    name: 'a solver key with a dot-dot segment inside',
    request: () => ({
      method: 'GET',
      path: `/v0/solvers/${encodeURIComponent('simcore/services/comp/../../../etc/passwd')}/releases/1.0.0`,
    }),
    status: 422,
    loc: ['path', 'solver_key'],
  },
  {
    name: 'a solver key with an encoded NUL',
    request: () => json('POST', `/v0/solvers/${SLEEPER}%00/releases/2.1.6/jobs`, { values: {} }),
    status: 422,
    loc: ['path', 'solver_key'],
  },
  {
    name: 'a solver key that is an absolute path',
    request: () => ({ method: 'GET', path: '/v0/solvers/%2Fetc%2Fpasswd/latest' }),
    status: 422,
    loc: ['path', 'solver_key'],
  },
  {
    name: 'a solver key with a backslash path',
    request: () => ({
      method: 'GET',
      path: `/v0/solvers/${encodeURIComponent('simcore\\services\\comp\\x')}/releases`,
    }),
    status: 422,
    loc: ['path', 'solver_key'],
  },
  {
    name: 'a version that climbs up',
    request: () => ({ method: 'GET', path: `/v0/solvers/${SLEEPER}/releases/..%2F..%2F2.1.6/ports` }),
    status: 422,
    loc: ['path', 'version'],
  },
];

function errorLocs(body: ErrorBody): (string | number)[][] {
  return body.errors.flatMap((error) => (typeof error === 'string' ? [] : [error.loc]));
}

function errorTexts(body: ErrorBody): string[] {
  return body.errors.map((error) => (typeof error === 'string' ? error : error.msg));
}

/** Every path under the data folder with its size, leaving out the database (its state is compared through the API). */
function diskListing(dataDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(dataDir, full);
      if (relative.startsWith('host.sqlite')) continue;
      if (entry.isDirectory()) walk(full);
      else found.push(`${relative} ${fs.statSync(full).size}`);
    }
  };
  walk(dataDir);
  return found.sort();
}

/**
 * Uploads whose file, assembled in the background from the stored parts, does not yet hold
 * every stored part from part 1 on: each as `<upload id>: <bytes on disk> of <bytes stored>`.
 */
function assembliesBehind(host: TestHost): string[] {
  const parts = host.app.hostContext.db
    .prepare('SELECT upload_id, number, size FROM file_upload_parts ORDER BY upload_id, number')
    .all() as { upload_id: string; number: number; size: number }[];
  const stored = new Map<string, { next: number; bytes: number }>();
  for (const part of parts) {
    const upload = stored.get(part.upload_id) ?? { next: 1, bytes: 0 };
    // Parts are appended in order: a gap stops the assembly until the missing part arrives.
    if (part.number === upload.next)
      stored.set(part.upload_id, { next: upload.next + 1, bytes: upload.bytes + part.size });
    else stored.set(part.upload_id, upload);
  }
  const behind: string[] = [];
  for (const [uploadId, { bytes }] of stored) {
    if (bytes === 0) continue;
    const assembled = path.join(host.dataDir, 'uploads', uploadId, '.assembled');
    const onDisk = fs.statSync(assembled, { throwIfNoEntry: false })?.size ?? 0;
    if (onDisk !== bytes) behind.push(`${uploadId}: ${onDisk} of ${bytes}`);
  }
  return behind;
}

async function stateOf(host: TestHost, f: Fixture) {
  const { db } = host.app.hostContext;
  // Stored parts are appended to the upload's file in the background: wait until it holds them all.
  await vi.waitFor(
    () => expect(assembliesBehind(host), 'upload files still being assembled from their stored parts').toEqual([]),
    { timeout: 10_000, interval: 20 },
  );
  return {
    files: await host.json('/v0/files'),
    jobs: await host.json('/v0/solvers/-/releases/-/jobs?limit=50'),
    job: await host.json(`${jobOf(f)}:inspect`, { method: 'POST' }),
    jobInputs: await host.json(`${jobOf(f)}/inputs`),
    metadata: await host.json(`${jobOf(f)}/metadata`),
    wallet: await host.json('/v0/wallets/default'),
    profile: await host.json('/v0/me'),
    uploads: db.prepare('SELECT * FROM file_uploads ORDER BY id').all(),
    parts: db.prepare('SELECT * FROM file_upload_parts ORDER BY upload_id, number').all(),
    disk: diskListing(host.dataDir),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The data folder's layout: anything else (a path made from a client's name) is a leak. */
function outsideLayout(dataDir: string): string[] {
  return diskListing(dataDir)
    .map((line) => line.split(' ')[0]!)
    .filter((relative) => {
      const [top, second, third, ...rest] = relative.split(path.sep);
      if (rest.length) return top !== 'jobs' || !UUID.test(second ?? '');
      if (relative === 'upload-links.key') return false;
      if (top === 'files') return !(UUID.test(second ?? '') && third === undefined);
      if (top === 'uploads') return !(UUID.test(second ?? '') && /^(\d+|\.assembled)$/.test(third ?? ''));
      if (top === 'jobs') return !UUID.test(second ?? '');
      return true;
    });
}

describe('hostile requests: a clear 4xx and no change of state', () => {
  let host: TestHost;
  let fixture: Fixture;

  beforeAll(async () => {
    host = await startTestHost({ chunkSize: CHUNK, bodyLimitBytes: BODY_LIMIT });
    const file = await uploadText(host, 'numbers.csv', 'x\n1\n2\n');
    const job = await createJob(host, { input_2: 1 });
    await host.json(`${RELEASE}/jobs/${job.id}/metadata`, { method: 'PATCH', body: { metadata: { kept: 'yes' } } });
    const bytes = crypto.randomBytes(CHUNK + 100);
    const client = {
      filename: 'two-parts.bin',
      filesize: bytes.length,
      sha256_checksum: crypto.createHash('sha256').update(bytes).digest('hex'),
    };
    const uploadData = await host.json<ClientFileUploadData>('/v0/files/content', { method: 'POST', body: client });
    const parts = [];
    for (const [index, url] of uploadData.upload_schema.urls.entries()) {
      const response = await fetch(url, {
        method: 'PUT',
        body: new Uint8Array(bytes.subarray(index * CHUNK, (index + 1) * CHUNK)),
      });
      expect(response.status).toBe(200);
      parts.push({ number: index + 1, e_tag: JSON.parse(response.headers.get('etag')!) as string });
    }
    const spare = await host.json<ClientFileUploadData>('/v0/files/content', { method: 'POST', body: announce({}) });
    fixture = { file, job, upload: uploadData, spare, client, parts };
  });
  afterAll(async () => {
    await host.close();
  });

  it.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const before = await stateOf(host, fixture);
    const request = row.request(fixture);
    const response = await host.fetch(request.path, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
    const text = await response.text();
    expect(response.status, text).toBe(row.status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = JSON.parse(text) as ErrorBody;
    expect(Array.isArray(body.errors) && body.errors.length > 0, text).toBe(true);
    for (const message of errorTexts(body)) expect(message.length, text).toBeGreaterThan(10);
    if (row.loc) expect(errorLocs(body), text).toContainEqual(row.loc);
    if (row.says) expect(errorTexts(body).join('\n'), text).toMatch(row.says);
    expect(await stateOf(host, fixture)).toEqual(before);
  });

  it('lets the fixture upload complete afterwards: no row spent or mixed up its parts', async () => {
    const done = await host.json<FileBody>(`/v0/files/${fixture.upload.file_id}:complete`, {
      method: 'POST',
      body: { client_file: fixture.client, uploaded_parts: { parts: fixture.parts } },
    });
    expect(done.checksum).toBe(fixture.client.sha256_checksum);
  });
});

describe('names that look like paths or are not ASCII are data, never paths', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost({ chunkSize: CHUNK });
  });
  afterAll(async () => {
    await host.close();
  });

  const NAMES = [
    '../../../escaped.txt',
    '/etc/passwd',
    '..\\..\\windows.ini',
    'C:\\Users\\me\\input.txt',
    './.hidden',
    '..',
    'files/.incoming/x',
    'résumé – 数据 – 🧪.csv',
    'e\u0301\u200b\u202ereversed.txt',
  ];

  it('stores each name as given, serves the bytes back under it, and writes nothing outside the data layout', async () => {
    for (const name of NAMES) {
      const stored = await uploadText(host, name, `bytes of ${name}`);
      expect(stored.filename).toBe(name);
      const response = await host.fetch(`/v0/files/${stored.id}/content`);
      expect(await response.text()).toBe(`bytes of ${name}`);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"\\]*"/);
    }
    for (const name of NAMES) {
      const bytes = Buffer.from(`multipart ${name}`);
      const announced = await host.json<ClientFileUploadData>('/v0/files/content', {
        method: 'POST',
        body: {
          filename: name,
          filesize: bytes.length,
          sha256_checksum: crypto.createHash('sha256').update(bytes).digest('hex'),
        },
      });
      const put = await fetch(announced.upload_schema.urls[0]!, { method: 'PUT', body: new Uint8Array(bytes) });
      const file = await host.json<FileBody>(announced.upload_schema.links.complete_upload, {
        method: 'POST',
        body: {
          client_file: {
            filename: name,
            filesize: bytes.length,
            sha256_checksum: crypto.createHash('sha256').update(bytes).digest('hex'),
          },
          uploaded_parts: { parts: [{ number: 1, e_tag: JSON.parse(put.headers.get('etag')!) as string }] },
        },
      });
      expect(file.filename).toBe(name);
    }
    const listed = await host.json<FileBody[]>('/v0/files');
    expect(listed.map((file) => file.filename).sort()).toEqual([...NAMES, ...NAMES].sort());
    expect(outsideLayout(host.dataDir)).toEqual([]);
    expect(fs.existsSync(path.join(path.dirname(host.dataDir), 'escaped.txt'))).toBe(false);
  });

  it('runs a job on a file with a path-like name: the solver gets it under its port name', async () => {
    const stored = await uploadText(host, '../../single_number.txt', '4');
    const { job, status } = await runJob(host, { input_1: stored, input_2: 0 });
    expect(status.state).toBe('SUCCESS');
    expect(fs.readdirSync(path.join(host.dataDir, 'jobs', job.id, 'inputs')).sort()).toEqual([
      'inputs.json',
      'single_number.txt',
    ]);
    expect(outsideLayout(host.dataDir)).toEqual([]);
  });
});
