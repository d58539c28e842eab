import fs from 'node:fs';
import { type Browser, chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/browser.ts';
import { type HostClient, hostClient } from '../server/test/host-client.ts';
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
  /** Requests straight to the host, with its credentials. */
  host: HostClient;
  /** JSON request straight to the host, with its credentials (`host.json`). */
  api: HostClient['json'];
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
  const host = hostClient(hostUrl, BENCH_AUTH);
  return {
    url: url!,
    hostUrl,
    outDir,
    dataDir,
    child,
    host,
    api: host.json,
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

/**
 * Milliseconds from navigation start to the frame after the first element matching `selector`
 * appeared, measured inside the page (a MutationObserver set up before any script runs), in a
 * fresh context so no cache is warm.
 */
export async function timeToFirst(browser: Browser, url: string, selector: string, timeout = 60_000): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // No named functions inside: tsx would wrap them in a helper the page does not have.
    await page.addInitScript((target: string) => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector(target)) return;
        observer.disconnect();
        requestAnimationFrame(() => {
          (window as unknown as { firstShownAt: number }).firstShownAt = performance.now();
        });
      });
      observer.observe(document, { childList: true, subtree: true });
    }, selector);
    await page.goto(url);
    await page.locator(selector).first().waitFor({ state: 'visible', timeout });
    await page.waitForFunction(() => (window as unknown as { firstShownAt?: number }).firstShownAt !== undefined);
    return await page.evaluate(() => (window as unknown as { firstShownAt: number }).firstShownAt);
  } finally {
    await context.close();
  }
}
