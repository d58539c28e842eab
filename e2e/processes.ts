import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Extra hosts and dashboards a test starts for itself (beside the ones playwright.config.ts
 * starts), each one process that the test stops by its id.
 */

/** A port nothing listens on (yet). */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Started {
  child: ChildProcess;
  /** The first match of `pattern` in the process's output, once it appears. */
  output(pattern: RegExp): Promise<RegExpMatchArray>;
}

/** Runs a TypeScript entry point of this project with tsx, in one process. */
export function startScript(script: string, args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters: (() => void)[] = [];
  const wakeAll = () => {
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    wakeAll();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    wakeAll();
  });
  child.on('exit', wakeAll);
  return {
    child,
    async output(pattern) {
      for (;;) {
        const match = pattern.exec(text);
        if (match) return match;
        if (child.exitCode !== null) throw new Error(`${script} exited (${child.exitCode}):\n${text}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

export function stop(started: Started | undefined): Promise<void> {
  const child = started?.child;
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * An embedded host on `port` with the given key pair, in a fresh data folder unless `dataDir`
 * names one (a restart on the same data); `env` adds settings such as OSPARC_LOCAL_SOLVERS.
 */
export async function startHost(
  port: number,
  credentials: { key: string; secret: string },
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<Started> {
  const host = startScript('server/main.ts', [], {
    ...options.env,
    OSPARC_API_KEY: credentials.key,
    OSPARC_API_SECRET: credentials.secret,
    OSPARC_LOCAL_PORT: String(port),
    OSPARC_LOCAL_DATA: options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'osparc-e2e-extra-host-')),
  });
  await host.output(/listening on/);
  return host;
}

/**
 * A second dashboard (serving this run's build) in front of `apiHost`, with the given server
 * credentials (none when omitted). Resolves with the dashboard and its URL.
 */
export async function startDashboard(
  apiHost: string,
  credentials?: { key: string; secret: string },
): Promise<{ dashboard: Started; url: string }> {
  const dashboard = startScript('scripts/start.ts', ['--preview'], {
    OSPARC_API_HOST: apiHost,
    OSPARC_API_KEY: credentials?.key ?? '',
    OSPARC_API_SECRET: credentials?.secret ?? '',
    DASHBOARD_PORT: String(await closedPort()),
    DASHBOARD_OUT_DIR: process.env.E2E_DIST ?? 'dist',
    // The tests set up jobs and files through it as scripts (see e2e/job-setup.ts).
    DASHBOARD_PROXY_HEADERLESS: 'allow',
  });
  const [, url = ''] = await dashboard.output(/Dashboard: (http:\/\/\S+)/);
  return { dashboard, url };
}
