import fs from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrors } from '../errors.ts';
import { jobOutputsJson } from '../routes/job-outputs.ts';
import { pageLinks } from '../routes/pagination.ts';
import { startTestHost, type TestHost } from './harness.ts';
import {
  createJob,
  type FileBody,
  type JobBody,
  RELEASE,
  SLEEPER,
  startJob,
  uploadText,
  waitForState,
  waitUntilStopped,
} from './jobs-helpers.ts';
import { PyFloat, PyInt, parseAsPython } from './python-json.ts';

/**
 * Where a client can tell the embedded host from upstream oSPARC 0.16.0, each answer pinned to
 * the upstream source that decides it (ITISFoundation/osparc-simcore,
 * services/api-server/src/simcore_service_api_server/...).
 */

const OLD_SLEEPER = `/v0/solvers/${SLEEPER}/releases/2.0.2`;

interface Issue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

describe('the embedded host where a client can tell it from upstream', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host?.close();
  });

  // api/routes/meta.py and the spec (no security on GET /v0/meta); the docs are FastAPI's /doc.
  describe('meta and the docs need no credentials', () => {
    it('serves /v0/meta without credentials, naming its docs', async () => {
      const response = await host.fetch('/v0/meta', { auth: false });
      expect(response.status).toBe(200);
      const meta = (await response.json()) as { version: string; docs_url: string; docs_dev_url: string };
      expect(meta.version).toBe('0.16.0');
      expect(new URL(meta.docs_url).pathname).toBe('/doc');
      expect(new URL(meta.docs_dev_url).pathname).toBe('/dev/doc');
    });

    it('serves an API reference of this host at /doc that a browser reads, and /dev/doc leads there', async () => {
      const page = await host.fetch('/doc/', { auth: false });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toMatch(/swagger-ui/i);
      const document = (await (await host.fetch('/doc/json', { auth: false })).json()) as {
        info: { version: string };
        paths: Record<string, Record<string, { security?: unknown[] }>>;
      };
      expect(document.info.version).toBe('0.16.0');
      const start = document.paths['/v0/solvers/{solver_key}/releases/{version}/jobs/{job_id}:start'];
      expect(start?.post?.security).toEqual([{ HTTPBasic: [] }]);
      expect(document.paths['/v0/meta']?.get?.security).toBeUndefined();
      expect(Object.keys(document.paths).some((path) => path.startsWith('/storage'))).toBe(false);
      const dev = await host.fetch('/dev/doc', { auth: false, redirect: 'manual' });
      expect(dev.status).toBe(302);
      expect(dev.headers.get('location')).toBe('/doc');
    });

    it('still asks every other route for credentials', async () => {
      expect((await host.fetch('/v0/me', { auth: false })).status).toBe(401);
      expect((await host.fetch('/v0/solvers', { auth: false })).status).toBe(401);
    });
  });

  // The seed asserts isinstance(outputs.results["output_2"], float); the Python client keeps 8 as an int.
  describe('numbers among job outputs are floats', () => {
    it('writes each number of JobOutputs.results as a float literal, whatever the solver wrote', () => {
      const text = jobOutputsJson('j', { n: 8, half: 0.5, big: 1e21, negative: -3, flag: true, word: '8' });
      expect(text).toBe(
        '{"job_id":"j","results":{"n":8.0,"half":0.5,"big":1e+21,"negative":-3.0,"flag":true,"word":"8"}}',
      );
    });

    it('answers output_2 of the sleeper as a float, as the Python client reads it', async () => {
      const job = await createJob(host, { input_2: 0 });
      await startJob(host, job.id);
      expect((await waitUntilStopped(host, job.id)).status.state).toBe('SUCCESS');
      const response = await host.fetch(`${RELEASE}/jobs/${job.id}/outputs`);
      const text = await response.text();
      expect(text).toMatch(/"output_2":\d+\.0\b/);
      const outputs = parseAsPython(text) as { results: { output_2: unknown } };
      expect(outputs.results.output_2).toBeInstanceOf(PyFloat);
    });
  });

  // api/routes/solvers_jobs.py creates the job from the values without a per-port check; the client's
  // own e2e test (clients/python/test/e2e/test_solvers_api.py) creates sleeper jobs with {"input1": 1.0}.
  describe('values of no port', () => {
    it('accepts them, runs the job without them and names them in its log', async () => {
      const job = await createJob(host, { input1: 1.0, input_2: 0 }, OLD_SLEEPER);
      await startJob(host, job.id, OLD_SLEEPER);
      expect((await waitUntilStopped(host, job.id, OLD_SLEEPER)).status.state).toBe('SUCCESS');
      const zip = await JSZip.loadAsync(
        await (await host.fetch(`${OLD_SLEEPER}/jobs/${job.id}/outputs/logfile`)).arrayBuffer(),
      );
      const log = await zip.file('sleeper_2.0.2.log')!.async('string');
      expect(log).toMatch(/Ignored values that are no input of .*: input1/);
    });

    it('still refuses a value its port cannot take, naming the port (upstream would fail the job later)', async () => {
      const body = await host.json<{ errors: Issue[] }>(`${RELEASE}/jobs`, {
        method: 'POST',
        body: { values: { input_2: 100, input9: 'x' } },
        expect: 422,
      });
      expect(body.errors).toEqual([
        expect.objectContaining({
          loc: ['body', 'values', 'input_2'],
          type: 'less_than_equal',
          msg: 'Input should be less than or equal to 65',
        }),
      ]);
    });
  });

  // exceptions/handlers/_validation_errors.py: RequestValidationError → 422 {errors: exc.errors()}, pydantic's words.
  describe('422 as HTTPValidationError in pydantic words', () => {
    const post = (body: string) =>
      host.json<{ errors: Issue[]; support_id: null }>(`${RELEASE}/jobs`, { method: 'POST', body, expect: 422 });

    it('answers a body that is no JSON with json_invalid where parsing stopped', async () => {
      const { errors } = await post('{"values": {');
      expect(errors).toEqual([
        expect.objectContaining({
          loc: ['body', 12],
          type: 'json_invalid',
          msg: expect.stringMatching(/^JSON decode error/),
        }),
      ]);
    });

    it('names missing fields, wrong types and bounds as pydantic does', async () => {
      expect((await post('{}')).errors).toEqual([
        expect.objectContaining({ loc: ['body', 'values'], type: 'missing', msg: 'Field required' }),
      ]);
      expect((await post('{"values": {"input_2": "three"}}')).errors).toEqual([
        expect.objectContaining({
          loc: ['body', 'values', 'input_2'],
          type: 'int_parsing',
          msg: 'Input should be a valid integer, unable to parse string as an integer',
        }),
      ]);
      const query = await host.json<{ errors: Issue[] }>('/v0/solvers/page?limit=0', { expect: 422 });
      expect(query.errors).toEqual([
        expect.objectContaining({
          loc: ['query', 'limit'],
          type: 'greater_than_equal',
          msg: 'Input should be greater than or equal to 1',
        }),
      ]);
    });
  });

  // api/routes/solvers_jobs_read.py, get_job_output_logfile: 404 until completed, then RedirectResponse (307).
  describe('the log file of a job', () => {
    let running: JobBody;
    it('is 404 while the job has not completed, saying when it comes', async () => {
      running = await createJob(host, { input_2: 30 });
      const notYet = await host.json<{ errors: string[] }>(`${RELEASE}/jobs/${running.id}/outputs/logfile`, {
        expect: 404,
      });
      expect(notYet.errors[0]).toMatch(/only available after the job is completed/);
      await startJob(host, running.id);
      await waitForState(host, running.id, 'STARTED');
      await host.json(`${RELEASE}/jobs/${running.id}/outputs/logfile`, { expect: 404 });
    });

    it('redirects (307) to a signed storage link once it stopped; the link needs no credentials', async () => {
      await host.json(`${RELEASE}/jobs/${running.id}:stop`, { method: 'POST' });
      const answer = await host.fetch(`${RELEASE}/jobs/${running.id}/outputs/logfile`, { redirect: 'manual' });
      expect(answer.status).toBe(307);
      const location = new URL(answer.headers.get('location')!);
      expect(location.pathname).toMatch(new RegExp(`^/storage/logs/${running.id}/`));
      const zip = await host.fetch(`${location.pathname}${location.search}`, { auth: false });
      expect(zip.status).toBe(200);
      expect(zip.headers.get('content-type')).toBe('application/zip');
      const names = Object.keys((await JSZip.loadAsync(await zip.arrayBuffer())).files);
      expect(names).toContain('sleeper_2.1.6.log');

      location.searchParams.set('signature', '0'.repeat(64));
      const forged = await host.fetch(`${location.pathname}${location.search}`, { auth: false });
      expect(forged.status).toBe(403);
    });
  });

  // models/pagination.py → fastapi_pagination.links.limit_offset.resolve_limit_offset_links.
  describe('paging', () => {
    const linksOf = (url: string, total: number, limit: number, offset: number) =>
      pageLinks({ url } as Parameters<typeof pageLinks>[0], total, limit, offset);

    it('computes first/last/next/prev with fastapi-pagination arithmetic', () => {
      expect(linksOf('/v0/solvers/page?limit=10&offset=5', 25, 10, 5)).toEqual({
        first: '/v0/solvers/page?limit=10&offset=0',
        last: '/v0/solvers/page?limit=10&offset=15',
        self: '/v0/solvers/page?limit=10&offset=5',
        next: '/v0/solvers/page?limit=10&offset=15',
        prev: null,
      });
      expect(linksOf('/x', 20, 10, 0)).toMatchObject({ last: '/x?limit=10&offset=10', next: '/x?limit=10&offset=10' });
      expect(linksOf('/x', 25, 10, 20)).toMatchObject({
        last: '/x?limit=10&offset=20',
        next: null,
        prev: '/x?limit=10&offset=10',
      });
      // Upstream would link offset=-10 for an empty list; that page would be refused, so the last page is the first.
      expect(linksOf('/x', 0, 10, 0)).toMatchObject({ last: '/x?limit=10&offset=0', next: null, prev: null });
    });

    it('cuts the deprecated unpaged job list of a release at 20 jobs (solvers_jobs_read.py, list_jobs)', async () => {
      const created: JobBody[] = [];
      for (let i = 0; i < 22; i++) created.push(await createJob(host, {}, OLD_SLEEPER));
      const listed = await host.json<JobBody[]>(`${OLD_SLEEPER}/jobs`);
      expect(listed).toHaveLength(20);
      const page = await host.json<{ total: number }>(`${OLD_SLEEPER}/jobs/page?limit=1`);
      expect(page.total).toBeGreaterThanOrEqual(22);
    });

    it('searches files as upstream: total counts the page, an offset past it is 404 (api/routes/files.py)', async () => {
      const first = await uploadText(host, 'same-a.txt', 'same bytes');
      await uploadText(host, 'same-b.txt', 'same bytes');
      const search = (extra: string) => `/v0/files:search?sha256_checksum=${first.checksum}${extra}`;
      const all = await host.json<{ items: FileBody[]; total: number }>(search(''));
      expect(all.items).toHaveLength(2);
      expect(all.total).toBe(2);
      const one = await host.json<{ items: FileBody[]; total: number }>(search('&limit=1&offset=1'));
      expect(one).toMatchObject({ total: 1, items: [expect.objectContaining({ checksum: first.checksum })] });
      const past = await host.json<{ errors: string[] }>(search('&offset=5'), { expect: 404 });
      expect(past.errors).toEqual(['Not found in storage']);
      const none = await host.json<{ items: FileBody[]; total: number }>(
        `/v0/files:search?sha256_checksum=${'ab'.repeat(32)}`,
      );
      expect(none).toMatchObject({ items: [], total: 0 });
    });
  });

  // models/schemas/errors.py (ErrorGet.support_id) and exceptions/handlers/_handlers_backend_errors.py:
  // a support id for server errors only.
  describe('ErrorGet', () => {
    it('carries support_id: null on client errors, keeping upstream statuses (404 solver, 409 outputs)', async () => {
      const unknown = await host.json<{ errors: string[]; support_id: unknown }>(
        `/v0/solvers/${SLEEPER}/releases/9.9.9`,
        { expect: 404 },
      );
      expect(unknown.support_id).toBeNull();
      const job = await createJob(host, { input_2: 0 });
      const early = await host.json<{ support_id: unknown }>(`${RELEASE}/jobs/${job.id}/outputs`, { expect: 409 });
      expect(early.support_id).toBeNull();
    });

    it('gives a server error an OEC support id, in the message and the log', async () => {
      const made = apiErrors.internal('The bytes are gone');
      expect(made.supportId).toMatch(/^OEC:[a-f0-9]{12}-\d{13,14}$/);
      expect(made.errors[0]).toBe(`The bytes are gone [${made.supportId}]`);

      const file = await uploadText(host, 'vanishing.txt', 'soon gone');
      const { files } = host.app.hostContext;
      fs.rmSync(files.pathOf(files.require(file.id)));
      const broken = await host.json<{ errors: string[]; support_id: string }>(`/v0/files/${file.id}/content`, {
        expect: 500,
      });
      expect(broken.support_id).toMatch(/^OEC:[a-f0-9]{12}-\d{13,14}$/);
      expect(broken.errors[0]).toContain(broken.support_id);
    });

    it('answers 402 when the wallet cannot pay for a job (api/routes/solvers_jobs.py)', async () => {
      const poor = await startTestHost({ initialCredits: 0, creditsPerJob: 1 });
      try {
        const refused = await poor.json<{ errors: string[]; support_id: unknown }>(`${RELEASE}/jobs`, {
          method: 'POST',
          body: { values: {} },
          expect: 402,
        });
        expect(refused.support_id).toBeNull();
      } finally {
        await poor.close();
      }
    });
  });
});

/** Numbers outside results keep their JSON kind: only JobOutputs.results is written as floats. */
describe('parseAsPython', () => {
  it('keeps the int/float distinction of the literal', () => {
    const parsed = parseAsPython('{"a": 8, "b": 8.0, "c": 1e3}') as Record<string, unknown>;
    expect(parsed.a).toBeInstanceOf(PyInt);
    expect(parsed.b).toBeInstanceOf(PyFloat);
    expect(parsed.c).toBeInstanceOf(PyFloat);
  });
});
