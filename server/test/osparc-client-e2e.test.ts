import crypto from 'node:crypto';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readUntil, startTestHost, type TestHost, WAIT } from './harness.ts';
import { type FileBody, type JobBody, type JobStatusBody, SLEEPER } from './jobs-helpers.ts';
import { PyFloat, PyInt, parseAsPython, plain } from './python-json.ts';

/**
 * The osparc Python client's own end-to-end tests (ITISFoundation/osparc-simcore-clients,
 * clients/python/test/e2e/test_files_api.py, test_solvers_api.py and conftest.py) and the seed
 * tutorial, rewritten as plain HTTP: each request is the one the client's methods send
 * (clients/python/src/osparc/_api_files_api.py, _api_solvers_api.py, _utils.py), so a script
 * that passes here passes against a real deployment.
 */

/** The sleeper the client's e2e fixtures use (conftest.py, `sleeper`). */
const E2E_SLEEPER = `/v0/solvers/${SLEEPER}/releases/2.0.2`;
/** The sleeper of the seed tutorial. */
const SEED_SLEEPER = `/v0/solvers/${SLEEPER}/releases/2.1.6`;

interface Page<T> {
  items: T[];
  total: number;
  links: { next: string | null };
}

const sha256 = (bytes: Uint8Array<ArrayBuffer>) => crypto.createHash('sha256').update(bytes).digest('hex');

/** A file as the osparc client's generated `File` model holds it: the fields the spec names, no others. */
function asFileModel(value: unknown): Record<string, unknown> {
  const file = value as Record<string, unknown>;
  return Object.fromEntries(
    ['id', 'filename', 'content_type', 'checksum', 'e_tag'].filter((key) => key in file).map((key) => [key, file[key]]),
  );
}

describe("the osparc client's e2e tests over HTTP", () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host?.close();
  });

  /** `PaginationIterable` (_utils.py): `len()` is the first page's total; iterating follows `links.next`. */
  function paginationIterable<T>(firstPage: string) {
    return {
      len: async () => (await host.json<Page<T>>(firstPage)).total,
      async all(): Promise<T[]> {
        const items: T[] = [];
        let page = await host.json<Page<T>>(firstPage);
        if (page.total === 0) return items;
        for (;;) {
          items.push(...page.items);
          if (page.links.next === null) return items;
          page = await host.json<Page<T>>(new URL(page.links.next, host.url).toString());
        }
      },
    };
  }

  /** `FilesApi._search_files`: files:search as a pagination iterable. */
  const searchFiles = (query: { sha256_checksum?: string; file_id?: string }) =>
    paginationIterable<FileBody>(`/v0/files:search?${new URLSearchParams(query)}`);

  /**
   * `FilesApi.upload_file`: reuse a file with the same checksum and name, else announce the
   * upload, PUT each chunk to its presigned link (no credentials, e_tag from the quoted ETag
   * header) and complete it.
   */
  async function uploadFile(filename: string, bytes: Uint8Array<ArrayBuffer>): Promise<FileBody> {
    const checksum = sha256(bytes);
    for (const found of await searchFiles({ sha256_checksum: checksum }).all()) {
      if (found.filename === filename) return found;
    }
    const clientFile = { filename, filesize: bytes.length, sha256_checksum: checksum };
    const { upload_schema } = await host.json<{
      upload_schema: { chunk_size: number; urls: string[]; links: { complete_upload: string; abort_upload: string } };
    }>('/v0/files/content', { method: 'POST', body: { client_file: clientFile } });
    expect(upload_schema.urls.length).toBeGreaterThanOrEqual(Math.ceil(bytes.length / upload_schema.chunk_size));
    const parts: { number: number; e_tag: string }[] = [];
    for (const [index, url] of upload_schema.urls.entries()) {
      const chunk = bytes.subarray(index * upload_schema.chunk_size, (index + 1) * upload_schema.chunk_size);
      if (chunk.length === 0) break;
      const response = await fetch(url, {
        method: 'PUT',
        body: chunk,
        headers: { 'content-length': `${chunk.length}` },
      });
      expect(response.status).toBe(200);
      parts.push({ number: index + 1, e_tag: JSON.parse(response.headers.get('etag')!) as string });
    }
    return host.json<FileBody>(new URL(upload_schema.links.complete_upload, host.url).toString(), {
      method: 'POST',
      body: { client_file: clientFile, uploaded_parts: { parts } },
    });
  }

  /** `FilesApi.download_file`: GET the content, following redirects. */
  async function downloadFile(fileId: string): Promise<Uint8Array<ArrayBuffer>> {
    const response = await host.fetch(`/v0/files/${fileId}/content`, { redirect: 'follow' });
    expect(response.status).toBe(200);
    return new Uint8Array(await response.arrayBuffer());
  }

  /** conftest.py's `create_sleeper_jobs`: n jobs with {"input1": 1.0}, stopped and deleted afterwards. */
  async function withSleeperJobs(count: number, use: (ids: string[]) => Promise<void>): Promise<void> {
    const ids: string[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const job = await host.json<JobBody>(`${E2E_SLEEPER}/jobs`, {
          method: 'POST',
          body: { values: { input1: 1.0 } },
          expect: 201,
        });
        ids.push(job.id);
      }
      await use(ids);
    } finally {
      for (const id of ids) {
        await host.json(`${E2E_SLEEPER}/jobs/${id}:stop`, { method: 'POST' });
        await host.json(`${E2E_SLEEPER}/jobs/${id}`, { method: 'DELETE', expect: 204 });
      }
    }
  }

  describe('test_files_api.py', () => {
    // The client's fixture uploads 1 GB; 6 MiB of random bytes still takes more than one chunk here.
    const bytes = new Uint8Array(crypto.randomBytes(6 * 1024 * 1024 + 123));
    let serverFile: FileBody;

    beforeAll(async () => {
      serverFile = await uploadFile('large_test_file.txt', bytes);
    });

    it('test_upload_file: a second upload finds the file already on the host; the download is the same bytes', async () => {
      const again = await uploadFile('large_test_file.txt', bytes);
      expect(again.id, 'could not detect that file was already on server').toBe(serverFile.id);
      expect(sha256(await downloadFile(again.id))).toBe(sha256(bytes));
    });

    it.each([
      [true, true],
      [false, true],
      [true, false],
    ])('test_search_files(use_checksum=%s, use_id=%s)', async (useChecksum, useId) => {
      const unknown = searchFiles({ sha256_checksum: crypto.randomBytes(32).toString('hex') });
      expect(await unknown.len(), "Found file which shouldn't be there").toBe(0);
      const query: { sha256_checksum?: string; file_id?: string } = {};
      if (useId) query.file_id = serverFile.id;
      if (useChecksum) query.sha256_checksum = serverFile.checksum!;
      const results = searchFiles(query);
      expect(await results.len(), 'Could not find file after it had been uploaded').toBe(1);
      const [file] = await results.all();
      expect(file?.checksum).toBe(serverFile.checksum);
    });
  });

  describe('test_solvers_api.py', () => {
    const jobsOfSleeper = (limit?: number, offset?: number) => {
      const query = new URLSearchParams();
      if (limit !== undefined) query.set('limit', String(limit));
      if (offset !== undefined) query.set('offset', String(offset));
      return paginationIterable<JobBody>(`${E2E_SLEEPER}/jobs/page?${query}`);
    };

    it('test_jobs: iter_jobs counts and lists the jobs created', async () => {
      const nInit = await jobsOfSleeper().len();
      expect(nInit).toBeGreaterThanOrEqual(0);
      await withSleeperJobs(3, async () => {
        const tmp = jobsOfSleeper();
        const final = await jobsOfSleeper().len();
        expect(final, 'No jobs were available').toBeGreaterThan(0);
        expect(final, 'An incorrect number of jobs was recorded').toBe(nInit + 3);
        for (const job of (await tmp.all()).slice(0, 101)) expect(job).toMatchObject({ id: expect.any(String) });
      });
    });

    it('test_get_jobs: pages of 3 (limit=3), from an offset, with the unknown port key input1', async () => {
      // Ten jobs there already, so the pages of 3 are many.
      await withSleeperJobs(10, async () => {
        const nInit = await jobsOfSleeper(3).len();
        expect(nInit).toBeGreaterThanOrEqual(10);
        await withSleeperJobs(3, async (created) => {
          const tmp = jobsOfSleeper(3, nInit);
          const final = await jobsOfSleeper(3).len();
          expect(final, 'No jobs were available').toBeGreaterThan(0);
          expect(final, 'An incorrect number of jobs was recorded').toBe(nInit + 3);
          const listed = await tmp.all();
          for (const job of listed) expect(job.name).toMatch(/^solvers\/.+\/releases\/2\.0\.2\/jobs\//);
          // The whole walk, page by page, holds every job, the new ones among them.
          const everything = await jobsOfSleeper(3).all();
          expect(everything).toHaveLength(nInit + 3);
          expect(everything.map((job) => job.id)).toEqual(expect.arrayContaining(created));
        });
      });
    });

    it('test_logstreaming: the first JobLog line names the job', async () => {
      await withSleeperJobs(1, async ([jobId]) => {
        await host.json(`${E2E_SLEEPER}/jobs/${jobId}:start`, { method: 'POST', expect: 202 });
        const response = await host.fetch(`${E2E_SLEEPER}/jobs/${jobId}/logstream`);
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
        let text = '';
        while (!text.includes('\n')) {
          const { value, done } = await reader.read();
          if (done) break;
          text += value;
        }
        await reader.cancel();
        const log = JSON.parse(text.split('\n')[0]!) as { job_id: string; messages: string[] };
        expect(log.job_id).toBe(jobId);
        expect(log.messages.length).toBeGreaterThan(0);
      });
    });
  });

  describe('the seed tutorial, replayed over HTTP and read as the Python client reads it', () => {
    it("holds the tutorial's own asserts", async () => {
      const inputFile = await uploadFile('file_with_number.txt', new TextEncoder().encode('3'));
      await host.json(SEED_SLEEPER);
      const ports = await host.json<{ items: unknown[] }>(`${SEED_SLEEPER}/ports`);
      expect(ports.items.length).toBeGreaterThan(0);
      const job = await host.json<JobBody>(`${SEED_SLEEPER}/jobs`, {
        method: 'POST',
        body: { values: { input_4: 2, input_3: 'false', input_2: 3, input_1: inputFile } },
        expect: 201,
      });
      await host.json<JobStatusBody>(`${SEED_SLEEPER}/jobs/${job.id}:start`, { method: 'POST', expect: 202 });
      const status = await readUntil(
        () => host.json<JobStatusBody>(`${SEED_SLEEPER}/jobs/${job.id}:inspect`, { method: 'POST' }),
        (status) => status.stopped_at !== null,
        (status) => `job ${job.id} has not stopped: ${status.state}`,
        { ...WAIT, interval: 300 },
      );
      expect(status.state).toBe('SUCCESS');

      const text = await (await host.fetch(`${SEED_SLEEPER}/jobs/${job.id}/outputs`)).text();
      const outputs = parseAsPython(text) as { results: Record<string, unknown> };
      const outputFile = outputs.results.output_1 as Record<string, unknown>;
      const number = outputs.results.output_2;
      // isinstance(output_file, File): the client builds a File from an object with these fields.
      expect(plain(outputFile)).toMatchObject({
        id: expect.any(String),
        filename: 'single_number.txt',
        content_type: expect.any(String),
      });
      // isinstance(number, float)
      expect(number).toBeInstanceOf(PyFloat);
      expect(number).not.toBeInstanceOf(PyInt);
      // files_api.get_file(output_file.id) == output_file: the client reads both into its File model
      // (osparc_client/models/file.py, generated from the spec), which keeps the spec's fields only,
      // so the host's own extra fields on GET /v0/files/{id} (size, created_at, produced_by) drop out.
      const fetched = parseAsPython(await (await host.fetch(`/v0/files/${String(plain(outputFile.id))}`)).text());
      expect(asFileModel(plain(fetched))).toEqual(asFileModel(plain(outputFile)));

      // get_job_output_logfile follows the redirect to the zip; it holds *.log* files.
      const zip = await JSZip.loadAsync(
        await (await host.fetch(`${SEED_SLEEPER}/jobs/${job.id}/outputs/logfile`)).arrayBuffer(),
      );
      expect(Object.keys(zip.files).some((name) => /\.log/.test(name))).toBe(true);

      // float(Path(download_path).read_text()), "contains a random number"
      const downloaded = new TextDecoder().decode(await downloadFile(String(plain(outputFile.id))));
      expect(Number.parseFloat(downloaded), 'contains a random number').toBeTruthy();
    });
  });
});
