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

/** How long a started host or dashboard may take to print its address (a build included). */
const OUTPUT_WAIT_MS = 120_000;
/** How long a stopped process may take to exit before it is killed. */
const STOP_GRACE_MS = 15_000;

export interface Started {
  child: ChildProcess;
  /** The first match of `pattern` in the process's output, once it appears (at most `timeoutMs` later). */
  output(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
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
    async output(pattern, timeoutMs = OUTPUT_WAIT_MS) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(text);
        if (match) return match;
        if (child.exitCode !== null) throw new Error(`${script} exited (${child.exitCode}):\n${text}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`${script} printed no ${pattern} within ${timeoutMs} ms; it printed:\n${text}`);
        // Woken by new output or the exit, or by the deadline.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}

/** Stops a started process: SIGTERM, then SIGKILL if it has not exited `graceMs` later. */
export function stop(started: Started | undefined, graceMs = STOP_GRACE_MS): Promise<void> {
  const child = started?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
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
