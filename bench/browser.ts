import fs from 'node:fs';
import { type Browser, chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/browser.ts';
import { buildDashboard } from './measures/bundle.ts';
import {
  atBenchEnd,
  BENCH_AUTH,
  BENCH_KEY,
  BENCH_SECRET,
  type Child,
  freePort,
  startTs,
  tempDir,
} from './processes.ts';

let built: Promise<string> | undefined;

/** The production build of the dashboard, made once per run in a temporary folder. */
export function dashboardBuild(): Promise<string> {
  if (!built) {
    built = (async () => {
      const outDir = tempDir('dashboard');
      atBenchEnd(() => fs.rmSync(outDir, { recursive: true, force: true }));
      await buildDashboard(outDir);
      return outDir;
    })();
  }
  return built;
}

export interface DashboardStack {
  /** The dashboard (Vite preview with its proxy), e.g. http://127.0.0.1:4173 */
  url: string;
  /** The embedded host behind it. */
  hostUrl: string;
  outDir: string;
  dataDir: string;
  child: Child;
  /** JSON request straight to the host, with its credentials. */
  api<T>(pathname: string, init?: { method?: string; body?: unknown }): Promise<T>;
  stop(): Promise<void>;
}

/** `scripts/start.ts --preview`: the embedded host and the built dashboard behind its proxy, in a child process. */
export async function startDashboard(env: NodeJS.ProcessEnv = {}): Promise<DashboardStack> {
  const outDir = await dashboardBuild();
  const dataDir = tempDir('dashboard-data');
  const [hostPort, dashboardPort] = [await freePort(), await freePort()];
  // BENCH_HOST_CPU_PROF=<folder> profiles the host and proxy process, as for the host measurements.
  const profile = process.env.BENCH_HOST_CPU_PROF;
  const child = startTs(
    'scripts/start.ts',
    ['--preview'],
    {
      OSPARC_LOCAL_DATA: dataDir,
      OSPARC_LOCAL_PORT: String(hostPort),
      DASHBOARD_PORT: String(dashboardPort),
      DASHBOARD_OUT_DIR: outDir,
      OSPARC_API_HOST: '',
      OSPARC_API_KEY: BENCH_KEY,
      OSPARC_API_SECRET: BENCH_SECRET,
      ...env,
    },
    profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
  );
  const [, url] = await child.waitFor(/^Dashboard: (\S+?)\/? /m);
  const hostUrl = `http://127.0.0.1:${hostPort}`;
  return {
    url: url!,
    hostUrl,
    outDir,
    dataDir,
    child,
    async api<T>(pathname: string, init: { method?: string; body?: unknown } = {}) {
      const response = await fetch(new URL(pathname, hostUrl), {
        method: init.method ?? 'GET',
        headers: {
          authorization: BENCH_AUTH,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${pathname}: ${response.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    async stop() {
      await child.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium as the browser tests drive it (CHROMIUM_PATH, else the system's, else Playwright's own). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
}

/** Median of a few timings: one slow run on a shared machine does not decide the figure. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
