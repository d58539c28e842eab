import crypto from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGE_PREFIX } from '../app.ts';
import { isPublicRoute } from '../routes/docs.ts';
import { startTestHost, type TestHost } from './harness.ts';
import { SLEEPER } from './jobs-helpers.ts';

/** Values that make each path parameter well formed, so a request reaches the credential check of its route. */
const PARAMS: Record<string, string> = {
  solver_key: SLEEPER,
  version: '2.1.6',
  job_id: crypto.randomUUID(),
  file_id: crypto.randomUUID(),
  upload_id: crypto.randomUUID(),
  part_number: '1',
  wallet_id: '1',
  program_key: encodeURIComponent('simcore/services/dynamic/local/workspace-summary'),
  licensed_item_id: crypto.randomUUID(),
  licensed_item_checkout_id: crypto.randomUUID(),
  response_id: crypto.randomUUID(),
  function_id: crypto.randomUUID(),
  function_job_id: crypto.randomUUID(),
  function_job_collection_id: crypto.randomUUID(),
  task_uuid: crypto.randomUUID(),
  study_id: crypto.randomUUID(),
};

/** A concrete path for a route as Fastify holds it: `/v0/files/:file_id([^:/]+)::complete` → `/v0/files/<uuid>:complete`. */
function concretePath(url: string): string {
  const ESCAPED_COLON = '\u0000';
  return url
    .replaceAll('::', ESCAPED_COLON)
    .replace(/:(\w+)(\([^)]*\))?/g, (_match, name: string) => {
      const value = PARAMS[name];
      if (value === undefined) throw new Error(`No test value for the path parameter ${name} of ${url}`);
      return value;
    })
    .replaceAll(ESCAPED_COLON, ':');
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Authorization headers the host must refuse; `undefined` sends none. */
const BAD_CREDENTIALS: [string, string | undefined][] = [
  ['missing', undefined],
  ['another scheme', 'Bearer test-key:test-secret'],
  ['not Base64', 'Basic !!!not-base64!!!'],
  ['no colon inside', `Basic ${Buffer.from('test-key').toString('base64')}`],
  ['empty', 'Basic '],
  ['wrong secret', basic('test-key', 'wrong-secret')],
  ['wrong key', basic('other-key', 'test-secret')],
  ['both swapped', basic('test-secret', 'test-key')],
  ['secret with a suffix', basic('test-key', 'test-secret-and-more')],
];

/** Sends a request line as given, without the normalising a fetch client does. */
function rawGet(url: string, pathname: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
    });
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('credentials on every route of the host', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host.close();
  });

  it('knows its routes, and only meta, the docs and the signed storage links go without credentials', () => {
    const routes = host.app.hostRoutes;
    expect(routes.length).toBeGreaterThan(30);
    const open = routes.filter((route) => isPublicRoute(route.url, STORAGE_PREFIX));
    const named = open.map((route) => `${route.method} ${route.url}`);
    // The spec gives /v0/meta no security; upstream serves /doc and /dev/doc without it too.
    expect(named).toEqual(
      expect.arrayContaining([
        'GET /v0/meta',
        'GET /doc',
        'GET /dev/doc',
        'GET /storage/logs/:job_id/:name',
        'PUT /storage/uploads/:upload_id/parts/:part_number',
      ]),
    );
    expect(named.filter((route) => !/^\w+ (\/doc|\/dev\/doc|\/v0\/meta$|\/storage\/)/.test(route))).toEqual([]);
  });

  it('answers 401 with a Basic challenge and a JSON error to missing, malformed and wrong credentials on every other route', async () => {
    const routes = host.app.hostRoutes.filter((route) => !isPublicRoute(route.url, STORAGE_PREFIX));
    const refusedEverywhere: string[] = [];
    for (const route of routes) {
      const pathname = concretePath(route.url);
      for (const [label, header] of BAD_CREDENTIALS) {
        const response = await host.fetch(pathname, {
          method: route.method,
          auth: false,
          headers: header === undefined ? {} : { authorization: header },
        });
        const where = `${route.method} ${pathname} with ${label} credentials`;
        expect(response.status, where).toBe(401);
        expect(response.headers.get('www-authenticate'), where).toMatch(/^Basic realm=/);
        if (route.method !== 'HEAD') {
          const body = (await response.json()) as { errors: string[] };
          expect(body.errors[0], where).toMatch(/Authorization|API key/);
        } else {
          await response.arrayBuffer();
        }
      }
      refusedEverywhere.push(`${route.method} ${route.url}`);
    }
    // The walk covered the routes a client of the tutorial uses, HEAD twins included.
    expect(refusedEverywhere).toEqual(
      expect.arrayContaining([
        'POST /v0/files/content',
        'PUT /v0/files/content',
        'HEAD /v0/files/:file_id/content',
        'POST /v0/solvers/:solver_key/releases/:version/jobs',
        'GET /v0/solvers/:solver_key/releases/:version/jobs/:job_id/outputs/logfile',
      ]),
    );
  });

  it('keeps the right credentials working on the same paths (the walk above did not just hit missing routes)', async () => {
    const me = await host.fetch(concretePath('/v0/me'));
    expect(me.status).toBe(200);
    const job = await host.fetch(concretePath('/v0/solvers/:solver_key/releases/:version/jobs/:job_id'));
    expect(job.status).toBe(404);
  });

  it('does not let a path that only starts like a chunk link skip the credentials', async () => {
    for (const pathname of [
      '/storage/../v0/me',
      '/storage/uploads/../../v0/me',
      '/storage/%2e%2e/v0/me',
      '/storage/',
    ]) {
      const answer = await rawGet(host.url, pathname);
      const status = Number(answer.split(' ')[1]);
      expect([401, 404], pathname).toContain(status);
      expect(answer, pathname).not.toMatch(/"login"/);
    }
  });

  it('lets a chunk link through without Basic auth, but only with its signed token', async () => {
    // Wrong, tampered, reused and expired tokens are covered in upload-multipart.test.ts; here: none at all.
    const response = await host.fetch(`${STORAGE_PREFIX}uploads/${crypto.randomUUID()}/parts/1`, {
      method: 'PUT',
      auth: false,
      body: 'x',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBeNull();
  });
});
