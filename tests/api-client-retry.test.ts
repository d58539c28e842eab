import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, apiJson } from '../src/api/client.ts';

/**
 * The dashboard's API client against a real HTTP server that is busy (429) or unavailable
 * (503) for a while and says when to come back with `Retry-After`.
 */

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What the server answers each request of a path, in order; the last answer repeats. */
const script = new Map<string, Answer[]>();
/** When each request arrived, per path (ms since the epoch). */
const arrivals = new Map<string, number[]>();

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const seen = arrivals.get(path) ?? [];
    seen.push(Date.now());
    arrivals.set(path, seen);
    const answers = script.get(path) ?? [{ status: 404, body: { errors: ['no such path'] } }];
    const answer = answers[Math.min(seen.length - 1, answers.length - 1)] as Answer;
    response.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
    response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  script.clear();
  arrivals.clear();
});

const meta = { name: 'local', version: '0.16.0', docs_url: 'http://127.0.0.1/doc' };
const unavailable: Answer = {
  status: 503,
  headers: { 'Retry-After': '1' },
  body: { errors: ['The service is restarting'] },
};

describe('the API client when the host is busy or unavailable', () => {
  it('waits the advertised Retry-After before each retry and returns the answer that finally comes', async () => {
    script.set('/v0/meta', [unavailable, unavailable, { status: 200, body: meta }]);

    await expect(apiJson(`${base}/v0/meta`)).resolves.toEqual(meta);

    const times = arrivals.get('/v0/meta') ?? [];
    expect(times).toHaveLength(3);
    // One second asked for, one second waited (at least; timers may fire a hair early).
    for (let index = 1; index < times.length; index++) {
      expect((times[index] as number) - (times[index - 1] as number)).toBeGreaterThanOrEqual(990);
    }
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    // Two seconds ahead, as a date; HTTP dates have whole seconds, so at least one second is left.
    const later = new Date(Date.now() + 2000).toUTCString();
    script.set('/v0/me', [
      { status: 429, headers: { 'Retry-After': later } },
      { status: 200, body: { login: 'me' } },
    ]);

    await expect(apiJson(`${base}/v0/me`)).resolves.toEqual({ login: 'me' });

    const [, second = 0] = arrivals.get('/v0/me') ?? [];
    expect(arrivals.get('/v0/me')).toHaveLength(2);
    expect(second).toBeGreaterThanOrEqual(Date.parse(later) - 10);
  });

  it('gives up after its retries with a readable message that keeps what the host said', async () => {
    script.set('/v0/solvers', [
      { status: 429, headers: { 'Retry-After': '0' }, body: { errors: ['Too many requests from this key'] } },
    ]);

    const failure = await apiJson(`${base}/v0/solvers`).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiError);
    const error = failure as ApiError;
    expect(error.status).toBe(429);
    expect(error.message).toBe('The API host is busy (too many requests). Too many requests from this key');
    // The first try and three retries: a busy host is not hammered for ever.
    expect(arrivals.get('/v0/solvers')).toHaveLength(4);
  });

  it('does not retry answers that will not change by waiting', async () => {
    script.set('/v0/files', [{ status: 500, body: { errors: ['disk on fire'] } }]);

    const failure = await apiJson(`${base}/v0/files`).catch((error: unknown) => error);

    expect((failure as ApiError).status).toBe(500);
    expect((failure as ApiError).message).toBe('The API host answered with HTTP 500. disk on fire');
    expect(arrivals.get('/v0/files')).toHaveLength(1);
  });

  it('stops waiting as soon as the request is cancelled', async () => {
    script.set('/v0/wallets/default', [{ status: 503, headers: { 'Retry-After': '60' } }]);
    const controller = new AbortController();

    const pending = apiJson(`${base}/v0/wallets/default`, { signal: controller.signal }).catch(
      (error: unknown) => error,
    );
    await expect.poll(() => arrivals.get('/v0/wallets/default')?.length ?? 0).toBe(1);
    controller.abort();

    expect(((await pending) as Error).name).toBe('AbortError');
    expect(arrivals.get('/v0/wallets/default')).toHaveLength(1);
  });
});
