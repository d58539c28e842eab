import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SolverBody } from '../routes/solvers.ts';
import type { SolverPort } from '../services/release.ts';
import { startTestHost, type TestHost } from './harness.ts';

const SLEEPER = 'simcore/services/comp/itis/sleeper';
const sleeperPath = `/v0/solvers/${encodeURIComponent(SLEEPER)}`;

interface ErrorBody {
  errors: ({ loc: (string | number)[]; msg: string } | string)[];
}

describe('solver catalog', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host.close();
  });

  it('lists the latest release of each built-in solver, with absolute links', async () => {
    const solvers = await host.json<SolverBody[]>('/v0/solvers');
    const ids = solvers.map((s) => s.id);
    expect(ids).toContain(SLEEPER);
    expect(ids).toContain('simcore/services/comp/local/heat-1d');
    expect(ids).toContain('simcore/services/comp/local/csv-statistics');
    expect(new Set(ids).size).toBe(ids.length);
    const sleeper = solvers.find((s) => s.id === SLEEPER)!;
    expect(sleeper).toMatchObject({ version: '2.1.6', title: 'sleeper' });
    expect(sleeper.maintainer).toMatch(/@/);
    expect(sleeper.url).toBe(`${host.url}${sleeperPath}/releases/2.1.6`);
  });

  it('lists every release, and both releases of the sleeper oldest first', async () => {
    const all = await host.json<SolverBody[]>('/v0/solvers/releases');
    expect(all.filter((s) => s.id === SLEEPER).map((s) => s.version)).toEqual(['2.0.2', '2.1.6']);
    const releases = await host.json<SolverBody[]>(`${sleeperPath}/releases`);
    expect(releases.map((s) => s.version)).toEqual(['2.0.2', '2.1.6']);
    const latest = await host.json<SolverBody>(`${sleeperPath}/latest`);
    expect(latest.version).toBe('2.1.6');
    const release = await host.json<SolverBody>(`${sleeperPath}/releases/2.0.2`);
    expect(release).toMatchObject({ id: SLEEPER, version: '2.0.2' });
  });

  it('pages solvers and releases', async () => {
    const page = await host.json<{ items: SolverBody[]; total: number; limit: number; links: { next: string | null } }>(
      '/v0/solvers/page?limit=1&offset=0',
    );
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(3);
    expect(page.links.next).toContain('offset=1');
    const filtered = await host.json<{ items: SolverBody[]; total: number }>('/v0/solvers/page?solver_id=*itis*');
    expect(filtered.items.map((s) => s.id)).toEqual([SLEEPER]);
    const releases = await host.json<{ items: SolverBody[]; total: number }>(
      `${sleeperPath}/releases/page?limit=1&offset=1`,
    );
    expect(releases.total).toBe(2);
    expect(releases.items.map((s) => s.version)).toEqual(['2.1.6']);
  });

  it('describes the ports of sleeper 2.1.6 as the tutorial shows them', async () => {
    const ports = await host.json<{ items: SolverPort[]; total: number }>(`${sleeperPath}/releases/2.1.6/ports`);
    expect(ports.total).toBe(6);
    expect(ports.items.map((p) => `${p.kind}:${p.key}`)).toEqual([
      'input:input_1',
      'input:input_2',
      'input:input_3',
      'input:input_4',
      'output:output_1',
      'output:output_2',
    ]);
    const byKey = Object.fromEntries(ports.items.map((p) => [p.key, p.content_schema]));
    expect(byKey.input_1).toMatchObject({
      type: 'string',
      title: 'File with int number',
      content_media_type: 'text/plain',
    });
    expect(byKey.input_2).toMatchObject({
      title: 'Sleep interval',
      type: 'integer',
      x_unit: 'second',
      minimum: 0,
      maximum: 65,
      default: 2,
    });
    expect(byKey.input_3).toMatchObject({ type: 'boolean', title: 'Fail after sleep', default: false });
    expect(byKey.input_4).toMatchObject({ type: 'integer', x_unit: 'meter', default: 0 });
    expect(byKey.output_1).toMatchObject({ type: 'string', content_media_type: 'text/plain' });
    expect(byKey.output_2).toMatchObject({ type: 'integer', x_unit: 'second', title: 'Random sleep interval' });
  });

  it('gives richer forms for the other solvers: units, bounds, enums, arrays, objects, CSV files', async () => {
    const heat = await host.json<{ items: SolverPort[] }>(
      `/v0/solvers/${encodeURIComponent('simcore/services/comp/local/heat-1d')}/releases/1.0.0/ports`,
    );
    const schemas = heat.items.map((p) => JSON.stringify(p.content_schema));
    expect(schemas.some((s) => s.includes('"enum"'))).toBe(true);
    expect(schemas.some((s) => s.includes('"type":"array"'))).toBe(true);
    expect(schemas.some((s) => s.includes('"type":"object"'))).toBe(true);
    expect(schemas.some((s) => s.includes('image/svg+xml'))).toBe(true);
    // An optional input says so the only way a JSON schema can: its type admits null.
    expect(heat.items.find((p) => p.key === 'boundary_temperature')?.content_schema).toMatchObject({
      type: ['number', 'null'],
    });
    const stats = await host.json<{ items: SolverPort[] }>(
      `/v0/solvers/${encodeURIComponent('simcore/services/comp/local/csv-statistics')}/releases/1.0.0/ports`,
    );
    expect(stats.items.find((p) => p.kind === 'input')?.content_schema).toMatchObject({
      content_media_type: 'text/csv',
    });
  });

  it('gives the local pricing plan of a release', async () => {
    const plan = await host.json<{ classification: string; pricingUnits: { currentCostPerUnit: number }[] }>(
      `${sleeperPath}/releases/2.1.6/pricing_plan`,
    );
    expect(plan.classification).toBe('TIER');
    expect(plan.pricingUnits[0]?.currentCostPerUnit).toBe(host.config.creditsPerJob);
  });

  it('answers 404 for an unknown solver or release', async () => {
    const unknown = `/v0/solvers/${encodeURIComponent('simcore/services/comp/nobody/nothing')}`;
    for (const path of [`${unknown}/latest`, `${unknown}/releases`, `${unknown}/releases/1.0.0/ports`]) {
      const body = await host.json<ErrorBody>(path, { expect: 404 });
      expect(String(body.errors[0])).toContain('simcore/services/comp/nobody/nothing');
    }
    const missing = await host.json<ErrorBody>(`${sleeperPath}/releases/9.9.9`, { expect: 404 });
    expect(String(missing.errors[0])).toContain('9.9.9');
    await host.json(`${sleeperPath}/releases/9.9.9/pricing_plan`, { expect: 404 });
    // Other services look releases up too: a malformed version is not found rather than an error.
    expect(host.app.hostContext.catalog.release(SLEEPER, 'not-a-version')).toBeUndefined();
    expect(host.app.hostContext.catalog.release(SLEEPER, 'latest')?.version).toBe('2.1.6');
  });

  // Upstream's words: ProgramOrSolverOrStudyNotFoundError in
  // services/api-server/src/simcore_service_api_server/exceptions/backend_errors.py.
  it("says a release is not found in upstream's words, from the catalog and the job routes alike", async () => {
    const words = (key: string, version: string) => [
      `The program, solver, or project '${key}' version ${version} could not be found.`,
    ];
    const release = await host.json<ErrorBody>(`${sleeperPath}/releases/9.9.9`, { expect: 404 });
    expect(release.errors).toEqual(words(SLEEPER, '9.9.9'));
    const nobody = 'simcore/services/comp/nobody/nothing';
    const ports = await host.json<ErrorBody>(`/v0/solvers/${encodeURIComponent(nobody)}/releases/1.0.0/ports`, {
      expect: 404,
    });
    expect(ports.errors).toEqual(words(nobody, '1.0.0'));
    const jobs = await host.json<ErrorBody>(`${sleeperPath}/releases/9.9.9/jobs`, { expect: 404 });
    expect(jobs.errors).toEqual(words(SLEEPER, '9.9.9'));
    const created = await host.json<ErrorBody>(`${sleeperPath}/releases/9.9.9/jobs`, {
      method: 'POST',
      body: { values: {} },
      expect: 404,
    });
    expect(created.errors).toEqual(words(SLEEPER, '9.9.9'));
  });

  it('refuses malformed keys and versions with 422 naming the parameter', async () => {
    const badKeys = [
      'not-a-key',
      'simcore/services/comp/../../etc',
      'simcore/services/other/x',
      'simcore/services/comp/',
    ];
    for (const key of badKeys) {
      const body = await host.json<ErrorBody>(`/v0/solvers/${encodeURIComponent(key)}/releases`, { expect: 422 });
      expect(body.errors[0], key).toMatchObject({ loc: ['path', 'solver_key'] });
    }
    for (const version of ['2.1', 'latest', 'v2.1.6', '2.1.6.7']) {
      const body = await host.json<ErrorBody>(`${sleeperPath}/releases/${version}/ports`, { expect: 422 });
      expect(body.errors[0], version).toMatchObject({ loc: ['path', 'version'] });
    }
  });
});
