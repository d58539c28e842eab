import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { buildHost, type HostApp } from '../app.ts';
import { configFromEnv, type HostConfig } from '../config.ts';
import { type HostClient, hostClient } from './host-client.ts';

export { type HostClient, hostClient, type JsonInit } from './host-client.ts';

/**
 * How long a test waits for a job or a process to get somewhere: well within the 60 s a test
 * may take, so that a job that never gets there fails on the wait's own message.
 */
export const WAIT = { timeout: 45_000, interval: 100 } as const;

/**
 * Reads until `done` holds for the answer, within `wait`; `pending` says what the answer is
 * instead, for the message when the wait runs out. An error of `read` itself (an unexpected
 * status) fails at once rather than being retried.
 */
export async function readUntil<T>(
  read: () => Promise<T>,
  done: (answer: T) => boolean,
  pending: (answer: T) => string,
  wait: { timeout: number; interval: number } = WAIT,
): Promise<T> {
  const outcome = await vi.waitFor(async (): Promise<{ answer: T } | { error: unknown }> => {
    let answer: T;
    try {
      answer = await read();
    } catch (error) {
      return { error };
    }
    if (!done(answer)) throw new Error(pending(answer));
    return { answer };
  }, wait);
  if ('error' in outcome) throw outcome.error;
  return outcome.answer;
}

export interface TestHost extends HostClient {
  app: HostApp;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  dataDir: string;
  config: HostConfig;
  /** Value of the Authorization header the host accepts. */
  auth: string;
  close(): Promise<void>;
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
