import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './e2e/browser.ts';

const hostPort = Number(process.env.E2E_HOST_PORT ?? 18106);
const dashboardPort = Number(process.env.E2E_DASHBOARD_PORT ?? 14173);
// A fresh data folder per run: the tests see exactly the state they make.
// Separate build folders let several runs (e.g. in different checkouts or ports) coexist.
const outDir = process.env.E2E_DIST ?? 'dist';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'osparc-e2e-'));
export const e2eDataDir = dataDir;

export default defineConfig({
  testDir: 'e2e',
  // Per port, so runs on other ports do not delete each other's traces.
  outputDir: `test-results/e2e-${dashboardPort}`,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${dashboardPort}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumExecutable(),
          args: CHROMIUM_ARGS,
        },
      },
    },
  ],
  webServer: {
    command: `npx vite build --logLevel warn --outDir ${outDir} && npx tsx scripts/start.ts --preview`,
    url: `http://127.0.0.1:${dashboardPort}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    env: {
      OSPARC_LOCAL_DATA: dataDir,
      OSPARC_LOCAL_PORT: String(hostPort),
      DASHBOARD_PORT: String(dashboardPort),
      DASHBOARD_OUT_DIR: outDir,
      OSPARC_API_HOST: '',
      OSPARC_API_KEY: '',
      OSPARC_API_SECRET: '',
      // The tests set up jobs and files through the proxy as scripts (see e2e/job-setup.ts).
      DASHBOARD_PROXY_HEADERLESS: 'allow',
    },
  },
});
