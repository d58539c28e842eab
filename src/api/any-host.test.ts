import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jobValuesFromForm, planPortForm } from '../components/port-form/port-schema.ts';
import { ApiError, errorFromResponse } from './client.ts';
import { fetchFilesPage } from './files.ts';
import { INPUTS_METADATA_KEY, inputsFromMetadata } from './job-inputs.ts';
import { createJob, fetchJobInputs } from './jobs.ts';
import { fetchAllSolvers } from './solvers.ts';
import type { SolverPort } from './types.ts';

/**
 * The dashboard against a host that serves only what the spec promises (a real oSPARC
 * deployment): no `/v0/files/page`, no job inputs route, upstream's error bodies.
 */

type Route = (url: URL, init: RequestInit) => Response | undefined;

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

let routes: Route[] = [];
const sent: { method: string; path: string; body?: unknown }[] = [];

beforeEach(() => {
  routes = [];
  sent.length = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://dashboard.test');
      const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
      sent.push({ method: init.method ?? 'GET', path: `${url.pathname}${url.search}`, body });
      for (const route of routes) {
        const answer = route(url, init);
        if (answer) return answer;
      }
      return json({ errors: [`No route ${url.pathname}`], support_id: null }, 404);
    }),
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const ref = { solverKey: 'simcore/services/comp/itis/sleeper', version: '2.1.6', jobId: 'j1' };

describe('the dashboard on a host with only the routes of the spec', () => {
  it('lists files from GET /v0/files when /v0/files/page is missing, a page at a time', async () => {
    const files = Array.from({ length: 5 }, (_, index) => ({ id: `f${index}`, filename: `${index}.txt` }));
    routes.push((url) => (url.pathname === '/v0/files/page' ? json({ errors: ['Not implemented'] }, 501) : undefined));
    routes.push((url) => (url.pathname === '/v0/files' ? json(files) : undefined));
    const page = await fetchFilesPage(2, 2);
    expect(page).toMatchObject({ total: 5, items: [{ id: 'f2' }, { id: 'f3' }] });
    // Once missing, the extra route is not asked again.
    await fetchFilesPage(2, 4);
    expect(sent.filter((request) => request.path.startsWith('/v0/files/page'))).toHaveLength(1);
  });

  it('says a files page that ignored the view (no x-osparc-local-filters) was not filtered or ordered', async () => {
    const files = [{ id: 'f0', filename: 'a.txt' }];
    const page = { items: files, total: 1, limit: 20, offset: 0, links: {} };
    routes.push((url) => (url.pathname === '/v0/files/page' ? json(page) : undefined));
    // A fresh module: the one above remembered that its host had no files page.
    vi.resetModules();
    const { fetchFileViewPage } = await import('./files.ts');
    const ignored = await fetchFileViewPage({ nameContains: 'a', origin: 'job', order: 'largest' }, 20, 0);
    expect(ignored.applied).toBe(false);
    expect(sent.at(-1)?.path).toMatch(/search=a&produced_by=job&order_by=size&order=desc/);
  });

  it('records the inputs of a job it creates in its metadata, and reads them back where there is no inputs route', async () => {
    const values = { input_2: 3, input_1: { id: 'f1', filename: 'a.txt' } };
    let stored: Record<string, unknown> = {};
    routes.push((url, init) =>
      url.pathname.endsWith('/jobs') && init.method === 'POST'
        ? json({ id: 'j1', name: 'x', runner_name: 'x' }, 201)
        : undefined,
    );
    routes.push((url, init) => {
      if (!url.pathname.endsWith('/j1/metadata')) return undefined;
      if (init.method === 'PATCH') stored = JSON.parse(String(init.body)).metadata;
      return json({ job_id: 'j1', metadata: stored, url: 'x' });
    });
    await createJob(ref.solverKey, ref.version, { values });
    expect(inputsFromMetadata(stored as Record<string, string>)).toEqual({ values });
    expect(await fetchJobInputs(ref)).toEqual({ values });
    expect(sent.map((request) => `${request.method} ${request.path.split('/').slice(-2).join('/')}`)).toEqual([
      'POST 2.1.6/jobs',
      'PATCH j1/metadata',
      'GET j1/inputs',
      'GET j1/metadata',
    ]);
  });

  it('says plainly when a job created elsewhere has no record of its inputs', async () => {
    routes.push((url) =>
      url.pathname.endsWith('/metadata') ? json({ job_id: 'j1', metadata: { project: 'x' }, url: 'x' }) : undefined,
    );
    await expect(fetchJobInputs(ref)).rejects.toThrow(/not created from this dashboard/);
    expect(inputsFromMetadata({ [INPUTS_METADATA_KEY]: 'not json' })).toBeUndefined();
  });

  it("reads upstream's 422 (pydantic words) into field errors, and a server error's support id", async () => {
    const invalid = await errorFromResponse(
      json(
        {
          errors: [
            {
              loc: ['body', 'values', 'input_2'],
              msg: 'Input should be less than or equal to 65',
              type: 'less_than_equal',
            },
            { loc: ['body', 'values', 'input_2'], msg: 'Input should be a multiple of 5', type: 'multiple_of' },
          ],
          support_id: null,
        },
        422,
      ),
    );
    expect(invalid.fieldErrors).toEqual({
      input_2: 'Input should be less than or equal to 65; Input should be a multiple of 5',
    });
    const broken = await errorFromResponse(
      json({ errors: ['', ' '], support_id: 'OEC:0123456789ab-1700000000000' }, 500),
    );
    expect(broken.message).toBe('The API host answered with HTTP 500. support id OEC:0123456789ab-1700000000000');
    const bare = await errorFromResponse(json({ errors: [''] }, 500));
    expect(bare.message).toBe('The API host answered with HTTP 500.');
    expect(bare).toBeInstanceOf(ApiError);
  });

  it('keeps the solvers it could list when the total promises far more', async () => {
    routes.push((url) =>
      url.pathname === '/v0/solvers/page'
        ? json({
            items:
              Number(url.searchParams.get('offset')) === 0 ? [{ id: 'simcore/services/comp/a', version: '1.0.0' }] : [],
            total: 10_000_000,
          })
        : undefined,
    );
    const listing = await fetchAllSolvers();
    expect(listing.solvers).toHaveLength(1);
    expect(listing.total).toBe(10_000_000);
  });

  it('renders a port whose schema names no type as a JSON text box, optional, sending the JSON value', () => {
    const ports: SolverPort[] = [
      { key: 'anything', kind: 'input', content_schema: { title: 'Anything', additionalProp1: {} } },
    ];
    const plan = planPortForm(ports);
    expect(plan.kinds.anything).toBe('json');
    expect(plan.schema.required).toEqual([]);
    expect(plan.schema.properties?.anything).toMatchObject({ type: 'string', title: 'Anything' });
    expect(jobValuesFromForm({ anything: '{"a": [1, 2]}' }, plan)).toEqual({ anything: { a: [1, 2] } });
    expect(jobValuesFromForm({ anything: 'plain words' }, plan)).toEqual({ anything: 'plain words' });
  });
});
