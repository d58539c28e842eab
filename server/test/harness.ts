import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildHost, type HostApp } from '../app.ts';
import { configFromEnv, type HostConfig } from '../config.ts';

/** A request whose `body` is sent as JSON unless it is a string, and whose status is checked. */
export type JsonInit = Omit<RequestInit, 'body'> & { expect?: number; body?: unknown };

export interface TestHost {
  app: HostApp;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  dataDir: string;
  config: HostConfig;
  /** Value of the Authorization header the host accepts. */
  auth: string;
  /** fetch relative to the host, with credentials unless `auth: false`. */
  fetch(pathname: string, init?: RequestInit & { auth?: boolean }): Promise<Response>;
  /** JSON request; throws with the body when the status is not the expected one. */
  json<T = unknown>(pathname: string, init?: JsonInit): Promise<T>;
  close(): Promise<void>;
}

/** What talks to a host: enough for the workflow helpers, whichever process the host runs in. */
export type HostClient = Pick<TestHost, 'fetch' | 'json'>;

/** fetch and JSON requests against a host at `url`, sending `auth` unless told not to (also for hosts in other processes). */
export function hostClient(url: string, auth: string): HostClient {
  const doFetch = (pathname: string, init: RequestInit & { auth?: boolean } = {}) => {
    const headers = new Headers(init.headers);
    if (init.auth !== false && !headers.has('authorization')) headers.set('authorization', auth);
    return fetch(new URL(pathname, url), { ...init, headers });
  };
  return {
    fetch: doFetch,
    async json<T>(pathname: string, init: JsonInit = {}) {
      const { expect, body, ...rest } = init;
      const headers = new Headers(rest.headers);
      let payload: BodyInit | undefined;
      if (body !== undefined && typeof body !== 'string') {
        payload = JSON.stringify(body);
        headers.set('content-type', 'application/json');
      } else if (typeof body === 'string') {
        payload = body;
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      }
      const response = await doFetch(pathname, { ...rest, headers, body: payload });
      const text = await response.text();
      const wanted = expect ?? (response.ok ? response.status : 200);
      if (response.status !== wanted) {
        throw new Error(`${rest.method ?? 'GET'} ${pathname}: expected ${wanted}, got ${response.status}: ${text}`);
      }
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'osparc-host-test-'));
}

/** Starts a real host on a free port with its own data folder (or the one given, for restarts). */
export async function startTestHost(
  overrides: Partial<HostConfig> = {},
  options: { dataDir?: string; keepData?: boolean } = {},
): Promise<TestHost> {
  const dataDir = options.dataDir ?? makeDataDir();
  const config: HostConfig = {
    ...configFromEnv({}),
    port: 0,
    dataDir,
    apiKey: 'test-key',
    apiSecret: 'test-secret',
    concurrency: 2,
    ...overrides,
  };
  const app = await buildHost(config);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const auth = `Basic ${Buffer.from(`${config.apiKey}:${config.apiSecret}`).toString('base64')}`;
  return {
    app,
    url,
    dataDir,
    config,
    auth,
    ...hostClient(url, auth),
    async close() {
      await app.close();
      if (!options.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
