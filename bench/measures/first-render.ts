import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { dashboardBuild, launchBrowser, median, startDashboard, timeToFirst } from '../browser.ts';
import { type BenchRow, type Measurement, ratioRow } from '../measure.ts';

const RUNS = 5;
/** A row of the catalog list: the same selector finds it in the dashboard and in the static page. */
const LIST_ROW = 'table tbody tr a';

interface SolverBody {
  id: string;
  version: string;
  title: string;
  description: string | null;
  maintainer: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The catalog list as a plain HTML page with the dashboard's stylesheet, the reference for a first render. */
function staticCatalog(solvers: SolverBody[], stylesheets: string[]): string {
  const rows = solvers
    .map(
      (s) =>
        `<tr><td><a href="#">${escapeHtml(s.title)}</a></td><td>${escapeHtml(s.id)}</td>` +
        `<td>${escapeHtml(s.version)}</td><td>${escapeHtml(s.description ?? '')}</td><td>${escapeHtml(s.maintainer)}</td></tr>`,
    )
    .join('\n');
  const links = stylesheets.map((href) => `<link rel="stylesheet" href="${href}">`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Solvers</title>${links}</head>
<body><main class="container"><h1>Solvers</h1><table><thead><tr><th>Title</th><th>Key</th><th>Version</th>
<th>Description</th><th>Maintainer</th></tr></thead><tbody>${rows}</tbody></table></main></body></html>`;
}

/** Milliseconds to the frame after the first catalog row appeared. */
const timeToList = (browser: Browser, url: string) => timeToFirst(browser, url, LIST_ROW);

export const firstRender: Measurement = {
  name: 'first-render',
  browser: true,
  async run(): Promise<BenchRow[]> {
    const outDir = await dashboardBuild();
    const stack = await startDashboard();
    const browser = await launchBrowser();
    const staticFile = path.join(outDir, 'bench-static-catalog.html');
    try {
      const solvers = await stack.api<SolverBody[]>('/v0/solvers');
      const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
      const stylesheets = [...html.matchAll(/<link rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
      fs.writeFileSync(staticFile, staticCatalog(solvers, stylesheets));
      const staticUrl = new URL('/bench-static-catalog.html', stack.url).toString();
      // One load of each first, so the server side (files, JIT) is warm for both.
      await timeToList(browser, stack.url);
      await timeToList(browser, staticUrl);
      const dashboard: number[] = [];
      const plain: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        dashboard.push(await timeToList(browser, stack.url));
        plain.push(await timeToList(browser, staticUrl));
      }
      return [
        ratioRow(
          {
            name: 'first render: catalog list visible',
            figure: median(dashboard),
            unit: 'ms',
            reference: median(plain),
            notes: `median of ${RUNS} cold loads each (new browser context); reference: static HTML of the same ${solvers.length} solvers with the same stylesheet from the same server; dashboard runs ${dashboard.map((t) => t.toFixed(0)).join('/')} ms`,
          },
          { atMost: 3 },
        ),
      ];
    } finally {
      fs.rmSync(staticFile, { force: true });
      await browser.close();
      await stack.stop();
    }
  },
};
