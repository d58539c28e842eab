import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

/** A port nothing listens on (yet). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  /** The first match of `pattern` in the process's output. */
  output(pattern: RegExp): Promise<RegExpMatchArray>;
}

/** Runs a TypeScript entry point of this project with tsx, in one process that can be stopped by its id. */
function startScript(script: string, args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters: (() => void)[] = [];
  const collect = (chunk: Buffer) => {
    text += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.on('exit', () => {
    for (const wake of waiters.splice(0)) wake();
  });
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

function stop(started: Started | undefined): Promise<void> {
  const child = started?.child;
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const credentials = { OSPARC_API_KEY: 'host-down-key', OSPARC_API_SECRET: 'host-down-secret' };

test('a banner on every page says the API host does not answer, and goes once it answers again', async ({ page }) => {
  const apiPort = await closedPort();
  const apiHost = `http://127.0.0.1:${apiPort}`;
  let dashboard: Started | undefined;
  let host: Started | undefined;
  try {
    // A second dashboard (the build of this run) whose API host is not running.
    dashboard = startScript('scripts/start.ts', ['--preview'], {
      ...credentials,
      OSPARC_API_HOST: apiHost,
      DASHBOARD_PORT: String(await closedPort()),
      DASHBOARD_OUT_DIR: process.env.E2E_DIST ?? 'dist',
    });
    const [, url] = await dashboard.output(/Dashboard: (http:\/\/\S+)/);

    await page.goto(new URL('/files', url).href);
    const banner = page.getByRole('alert').filter({ hasText: `The API host at ${apiHost} does not answer.` });
    await expect(banner).toBeVisible();
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(banner).toBeVisible();

    // The host comes up on that address: the banner goes by itself and the page loads.
    host = startScript('server/main.ts', [], {
      ...credentials,
      OSPARC_LOCAL_PORT: String(apiPort),
      OSPARC_LOCAL_DATA: fs.mkdtempSync(path.join(os.tmpdir(), 'osparc-e2e-host-down-')),
    });
    await host.output(/listening on/);
    await expect(banner).toBeHidden({ timeout: 60_000 });
    await expect(page.getByRole('article', { name: 'API host' })).toContainText('Version');
    await expect(page.getByRole('article', { name: 'Profile' }).getByLabel('First name')).toBeVisible();
  } finally {
    await stop(host);
    await stop(dashboard);
  }
});
