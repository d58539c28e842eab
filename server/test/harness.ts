import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildHost, type HostApp } from '../app.ts';
import { configFromEnv, type HostConfig } from '../config.ts';
import { type HostClient, hostClient } from './host-client.ts';

export { type HostClient, hostClient, type JsonInit } from './host-client.ts';

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
