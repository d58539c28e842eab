import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GLOB_MAX_LENGTH, globMatches } from '../services/glob.ts';
import { startTestHost, type TestHost } from './harness.ts';
import { createJob, type JobBody, RELEASE, runJob, SLEEPER, uploadText } from './jobs-helpers.ts';

const SLEEPER_KEY = 'simcore/services/comp/itis/sleeper';

interface ErrorBody {
  errors: { loc: (string | number)[]; msg: string; type: string }[];
}

/**
 * The wildcard rule of the filters, as upstream osparc-simcore applies it:
 * `services/catalog/src/simcore_service_catalog/repository/_services_sql.py` turns `solver_id`
 * and `version_display` into SQL `LIKE` with `*` → `%` (a lone `*` also takes a NULL version
 * display), and `services/web/server/src/simcore_service_webserver/projects/_jobs_repository.py`
 * turns each `metadata.any` / `metadata.all` pattern into `ILIKE` the same way;
 * `services/api-server/src/simcore_service_api_server/models/schemas/jobs_filters.py` limits a
 * pattern to 255 characters. Routes: `api/routes/solvers.py` and `api/routes/solvers_jobs_read.py`.
 */
describe('the filter wildcard rule', () => {
  it('matches the whole value, with * for any run of characters (slashes and none included)', () => {
    expect(globMatches(SLEEPER_KEY, SLEEPER_KEY)).toBe(true);
    expect(globMatches(SLEEPER_KEY, 'sleeper')).toBe(false);
    expect(globMatches(SLEEPER_KEY, '*sleeper')).toBe(true);
    expect(globMatches(SLEEPER_KEY, 'simcore/*')).toBe(true);
    expect(globMatches(SLEEPER_KEY, '*/itis/*')).toBe(true);
    expect(globMatches(SLEEPER_KEY, 'simcore/services/comp/itis/sleeper*')).toBe(true);
    expect(globMatches(SLEEPER_KEY, '*itis*sleeper*')).toBe(true);
    expect(globMatches(SLEEPER_KEY, '*sleeper*itis*')).toBe(false);
    expect(globMatches('', '*')).toBe(true);
    expect(globMatches('ab', 'a*b*')).toBe(true);
    expect(globMatches('aba', 'ab*ba')).toBe(false);
  });

  it('takes every other character literally, ? and brackets included', () => {
    expect(globMatches('run-1', 'run-?')).toBe(false);
    expect(globMatches('run-?', 'run-?')).toBe(true);
    expect(globMatches('a.b', 'a?b')).toBe(false);
    expect(globMatches('[x]', '[x]')).toBe(true);
    expect(globMatches('x', '[x]')).toBe(false);
    expect(globMatches('a+b', 'a+b')).toBe(true);
  });

  it('compares solver keys as LIKE does and metadata as ILIKE does', () => {
    expect(globMatches(SLEEPER_KEY, '*SLEEPER')).toBe(false);
    expect(globMatches('Sleep-Study', 'sleep-*', { caseInsensitive: true })).toBe(true);
  });

  it('answers a pattern of many stars against a long value without trying it twice', () => {
    const value = `${'a'.repeat(100_000)}b`;
    expect(globMatches(value, `${'*a'.repeat(100)}*c`)).toBe(false);
    expect(globMatches(value, `${'*a'.repeat(100)}*b`)).toBe(true);
  });
});

describe('filters on the embedded host', () => {
  let host: TestHost;
  let tagged: JobBody;

  beforeAll(async () => {
    host = await startTestHost();
    tagged = await createJob(host, { input_2: 1 });
    await host.json(`${RELEASE}/jobs/${tagged.id}/metadata`, {
      method: 'PATCH',
      body: { metadata: { study: `${'a'.repeat(150)}b` } },
    });
  }, 30_000);

  afterAll(() => host.close());

  it('lists solvers by a solver_id pattern', async () => {
    const page = await host.json<{ items: { id: string }[] }>('/v0/solvers/page?solver_id=*itis*');
    expect(page.items.map((item) => item.id)).toEqual([SLEEPER_KEY]);
    const exact = await host.json<{ items: { id: string }[] }>(
      `/v0/solvers/page?solver_id=${encodeURIComponent(SLEEPER_KEY)}`,
    );
    expect(exact.items.map((item) => item.id)).toEqual([SLEEPER_KEY]);
    const part = await host.json<{ items: unknown[] }>('/v0/solvers/page?solver_id=itis');
    expect(part.items).toEqual([]);
  });

  it('answers a solver_id of many stars (which once froze the host) at once', async () => {
    const page = await host.json<{ items: unknown[] }>(`/v0/solvers/page?solver_id=${'*'.repeat(200)}x`);
    expect(page.items).toEqual([]);
    // The host still answers the next request.
    await host.json('/v0/meta');
  }, 5_000);

  it('answers a metadata.any glob of many stars at once', async () => {
    const filter = encodeURIComponent(`study:${'*a'.repeat(120)}*c`);
    const none = await host.json<{ items: unknown[] }>(`/v0/solvers/-/releases/-/jobs?metadata.any=${filter}`);
    expect(none.items).toEqual([]);
    const hit = encodeURIComponent(`study:${'*a'.repeat(120)}*B`);
    const found = await host.json<{ items: { id: string }[] }>(`/v0/solvers/-/releases/-/jobs?metadata.any=${hit}`);
    expect(found.items.map((job) => job.id)).toEqual([tagged.id]);
  }, 5_000);

  it('refuses a pattern over the limit with a 422 that says the limit', async () => {
    const long = '*'.repeat(GLOB_MAX_LENGTH + 1);
    const solvers = await host.fetch(`/v0/solvers/page?solver_id=${long}`);
    expect(solvers.status).toBe(422);
    const solverError = (await solvers.json()) as ErrorBody;
    expect(solverError.errors[0]?.loc).toEqual(['query', 'solver_id']);
    expect(solverError.errors[0]?.msg).toContain(`at most ${GLOB_MAX_LENGTH}`);

    const jobs = await host.fetch(
      `/v0/solvers/-/releases/-/jobs?metadata.any=run:1&metadata.any=${encodeURIComponent(`study:${long}`)}`,
    );
    expect(jobs.status).toBe(422);
    const jobError = (await jobs.json()) as ErrorBody;
    expect(jobError.errors[0]?.loc).toEqual(['query', 'metadata.any', 1]);
    expect(jobError.errors[0]?.msg).toContain(`at most ${GLOB_MAX_LENGTH}`);
  });
});

describe("the host's own listing filters (local extensions upstream lacks)", () => {
  let host: TestHost;
  afterAll(() => host?.close());

  it('lists jobs by state and by solver, and files by text in their name, and says it applied them', async () => {
    host = await startTestHost();
    const ran = (await runJob(host, { input_2: 0 })).job;
    const waiting = await createJob(host, { input_2: 1 });
    const older = await createJob(host, { input_2: 1 }, `/v0/solvers/${SLEEPER}/releases/2.0.2`);

    const listing = (query: string) => host.fetch(`/v0/solvers/-/releases/-/jobs?${query}`);
    const ids = async (query: string) => {
      const response = await listing(query);
      expect(response.headers.get('x-osparc-local-filters')).toBe('solver_id, state');
      const page = (await response.json()) as { items: JobBody[]; total: number };
      return { ids: page.items.map((job) => job.id), total: page.total };
    };
    expect(await ids('state=SUCCESS')).toEqual({ ids: [ran.id], total: 1 });
    expect(await ids('state=NOT_STARTED')).toEqual({ ids: [older.id, waiting.id], total: 2 });
    expect(await ids('state=NOT_STARTED&state=SUCCESS&limit=1&offset=2')).toEqual({ ids: [ran.id], total: 3 });
    expect(await ids(`solver_id=${encodeURIComponent(SLEEPER_KEY)}`)).toMatchObject({ total: 3 });
    expect(await ids('solver_id=simcore/services/comp/local/heat-1d')).toEqual({ ids: [], total: 0 });
    const wrong = await listing('state=DONE');
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as ErrorBody).errors[0]?.loc).toEqual(['query', 'state', 0]);

    await uploadText(host, 'Rod_Profile.csv', 'x\n1\n');
    await uploadText(host, 'notes 50%_draft.txt', 'n');
    await uploadText(host, 'notes 50 draft.txt', 'n');
    const files = async (text: string) => {
      const response = await host.fetch(`/v0/files/page?filename_contains=${encodeURIComponent(text)}`);
      expect(response.headers.get('x-osparc-local-filters')?.split(', ')).toContain('filename_contains');
      const page = (await response.json()) as { items: { filename: string }[]; total: number };
      return { names: page.items.map((file) => file.filename), total: page.total };
    };
    expect(await files('rod_prof')).toEqual({ names: ['Rod_Profile.csv'], total: 1 });
    expect(await files('50%_')).toEqual({ names: ['notes 50%_draft.txt'], total: 1 });
    expect(await files('NOTES')).toEqual({ names: ['notes 50%_draft.txt', 'notes 50 draft.txt'], total: 2 });
    expect(await files('.c')).toEqual({ names: ['Rod_Profile.csv'], total: 1 });
    expect((await files('absent')).total).toBe(0);
  }, 30_000);
});
