import fs from 'node:fs';
import { launchBrowser, startDashboard } from '../browser.ts';
import { type BenchRow, limitRow, type Measurement } from '../measure.ts';
import { benchSolverPackages, SLEEP_LONG_RELEASE } from '../solver-package.ts';

const RUNNING_JOBS = 200;
const SECONDS = 60;
const LIMIT_PER_SECOND = 10;

/** Groups a request URL by what it asks for, for the notes: inspect, job list, ... */
function kindOf(url: string): string {
  const { pathname } = new URL(url);
  if (pathname.endsWith(':inspect')) return 'inspect';
  if (pathname.startsWith('/v0/solvers/-/releases/-/jobs')) return 'job list';
  if (pathname.startsWith('/v0/')) return pathname.replace(/[0-9a-f-]{36}/g, '{id}').slice(0, 40);
  return 'other';
}

export const polling: Measurement = {
  name: 'polling',
  browser: true,
  async run(): Promise<BenchRow[]> {
    const solvers = benchSolverPackages();
    const stack = await startDashboard({
      OSPARC_LOCAL_SOLVERS: solvers.root,
      OSPARC_LOCAL_CONCURRENCY: String(RUNNING_JOBS),
    });
    const browser = await launchBrowser();
    try {
      for (let created = 0; created < RUNNING_JOBS; created += 20) {
        await Promise.all(
          Array.from({ length: Math.min(20, RUNNING_JOBS - created) }, async () => {
            const job = await stack.api<{ id: string }>(`${SLEEP_LONG_RELEASE}/jobs`, {
              method: 'POST',
              body: { values: {} },
            });
            await stack.api(`${SLEEP_LONG_RELEASE}/jobs/${job.id}:start`, { method: 'POST' });
          }),
        );
      }
      const page = await browser.newPage();
      const kinds = new Map<string, number>();
      let counting = false;
      let count = 0;
      page.on('request', (request) => {
        if (!counting || !request.url().startsWith(stack.url)) return;
        count++;
        const kind = kindOf(request.url());
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      });
      counting = true;
      await page.goto(new URL('/jobs', stack.url).toString());
      await page.waitForTimeout(SECONDS * 1000);
      counting = false;
      const rate = count / SECONDS;
      const breakdown = [...kinds.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ');
      return [
        limitRow(
          {
            name: `polling: jobs page, ${RUNNING_JOBS} running jobs, ${SECONDS} s`,
            figure: rate,
            unit: 'req/s',
            notes: `${count} requests from the page (page load included): ${breakdown}`,
          },
          { atMost: LIMIT_PER_SECOND },
        ),
      ];
    } finally {
      await browser.close();
      await stack.stop();
      fs.rmSync(solvers.root, { recursive: true, force: true });
    }
  },
};
