import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { HostClient } from '../../server/test/host-client.ts';
import { launchBrowser, startDashboard } from '../browser.ts';
import { type BenchRow, limitRow, type Measurement, ratioRow } from '../measure.ts';
import { tempDir } from '../processes.ts';
import { BIG_LOG_KEY, BIG_LOG_RELEASE, benchSolverPackages } from '../solver-package.ts';

const run = promisify(execFile);
const MB = 1024 ** 2;
/** Lines the viewer may hold in the DOM: a screenful and its overscan, nowhere near the log's million. */
const DOM_LINE_LIMIT = 200;
/** The big-log job takes seconds; a bench run must end even should it never stop. */
const JOB_DEADLINE_MS = 10 * 60 * 1000;

/** Creates, starts and polls a job of the release until it stops, as a client script does. */
async function runJob(host: HostClient, release: string): Promise<{ job: { id: string }; status: { state: string } }> {
  const job = await host.json<{ id: string }>(`${release}/jobs`, { method: 'POST', body: { values: {} }, expect: 201 });
  await host.json(`${release}/jobs/${job.id}:start`, { method: 'POST', expect: 202 });
  const deadline = Date.now() + JOB_DEADLINE_MS;
  for (;;) {
    const status = await host.json<{ state: string; stopped_at: string | null }>(`${release}/jobs/${job.id}:inspect`, {
      method: 'POST',
    });
    if (status.stopped_at) return { job, status };
    if (Date.now() > deadline) throw new Error(`the big-log job is still ${status.state} after ${JOB_DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const log: Measurement = {
  name: 'log',
  browser: true,
  async run(): Promise<BenchRow[]> {
    const solvers = benchSolverPackages();
    const stack = await startDashboard({ OSPARC_LOCAL_SOLVERS: solvers.root, OSPARC_LOCAL_MAX_LOG: String(512 * MB) });
    const browser = await launchBrowser();
    const work = tempDir('log');
    try {
      const { job, status } = await runJob(stack.host, BIG_LOG_RELEASE);
      if (status.state !== 'SUCCESS') throw new Error(`the big-log job ended ${status.state}`);

      // The reference: the same zip, downloaded once, unzipped to disk.
      const zipPath = path.join(work, 'logs.zip');
      const response = await stack.host.fetch(`${BIG_LOG_RELEASE}/jobs/${job.id}/outputs/logfile`);
      if (!response.ok) throw new Error(`log zip: ${response.status}`);
      fs.writeFileSync(zipPath, Buffer.from(await response.arrayBuffer()));
      const zipBytes = fs.statSync(zipPath).size;
      const started = performance.now();
      await run('unzip', ['-o', '-q', zipPath, '-d', path.join(work, 'unzipped')]);
      const unzipSeconds = (performance.now() - started) / 1000;
      const textBytes = fs
        .readdirSync(path.join(work, 'unzipped'))
        .reduce((sum, name) => sum + fs.statSync(path.join(work, 'unzipped', name)).size, 0);

      // The job page: from navigation to the first log line in the viewer, timed inside the page.
      const page = await browser.newPage();
      await page.addInitScript(() => {
        const observer = new MutationObserver(() => {
          if (!document.querySelector('.log-line')) return;
          observer.disconnect();
          requestAnimationFrame(() => {
            (window as unknown as { firstLineAt: number }).firstLineAt = performance.now();
          });
        });
        observer.observe(document, { childList: true, subtree: true });
      });
      const jobPage = `/solvers/${encodeURIComponent(BIG_LOG_KEY)}/releases/1.0.0/jobs/${job.id}`;
      await page.goto(new URL(jobPage, stack.url).toString());
      await page.locator('.log-line').first().waitFor({ timeout: 300_000 });
      await page.waitForFunction(() => (window as unknown as { firstLineAt?: number }).firstLineAt !== undefined);
      const pageSeconds =
        (await page.evaluate(() => (window as unknown as { firstLineAt: number }).firstLineAt)) / 1000;
      // The viewer shows the first lines while the rest is still being unzipped: wait for all of it.
      const allLinesAt = await page.waitForFunction(
        () => (document.querySelector('.log-state[aria-busy="true"]') ? false : performance.now()),
        undefined,
        { timeout: 300_000 },
      );
      const allSeconds = ((await allLinesAt.jsonValue()) as number) / 1000;
      const atTop = await page.locator('.log-line').count();
      // Halfway down the log, the viewer still holds only the lines in view.
      await page.locator('.log-scroll').evaluate((element) => {
        element.scrollTop = element.scrollHeight / 2;
      });
      await page.waitForTimeout(300);
      const halfway = await page.locator('.log-line').count();
      const count = (await page.locator('.log-count').first().textContent())?.trim() ?? '?';

      return [
        ratioRow(
          {
            name: `log: ${(zipBytes / MB).toFixed(0)} MB zip to first lines in the viewer`,
            figure: pageSeconds,
            unit: 's',
            reference: unzipSeconds,
            notes: `page time from navigation (fetch through the proxy, unzip in the page, render); all lines in the viewer at ${allSeconds.toFixed(2)} s; reference: unzip to disk; ${(textBytes / MB).toFixed(0)} MB of text, ${count}`,
          },
          { atMost: 3 },
        ),
        limitRow(
          {
            name: 'log: line elements in the DOM',
            figure: Math.max(atTop, halfway),
            unit: 'lines',
            notes: `${atTop} at the top, ${halfway} halfway down (virtualised list)`,
          },
          { atMost: DOM_LINE_LIMIT },
        ),
      ];
    } finally {
      await browser.close();
      await stack.stop();
      fs.rmSync(work, { recursive: true, force: true });
      fs.rmSync(solvers.root, { recursive: true, force: true });
    }
  },
};
