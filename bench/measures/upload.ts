import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GIB, oneGibFile } from '../big-file.ts';
import { launchBrowser, startDashboard } from '../browser.ts';
import { type BenchRow, limitRow, type Measurement, ratioRow } from '../measure.ts';
import { BENCH_KEY, BENCH_SECRET } from '../processes.ts';

const run = promisify(execFile);
const HEAP_LIMIT_MB = 100;
const MIB = 1024 ** 2;

/** Seconds (page clock) at which the upload row first showed each phase class. */
type PhaseTimes = Record<string, number>;

export const upload: Measurement = {
  name: 'upload',
  browser: true,
  async run(): Promise<BenchRow[]> {
    const file = oneGibFile();
    const stack = await startDashboard();
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(new URL('/files', stack.url).toString());
      await page.getByLabel('Files to upload').waitFor({ state: 'attached' });
      // Watch the upload row's phase classes from inside the page (no named functions: see first-render.ts).
      await page.evaluate(() => {
        const seen: Record<string, number> = {};
        (window as unknown as { uploadPhases: Record<string, number> }).uploadPhases = seen;
        new MutationObserver(() => {
          const row = document.querySelector('li.upload-item');
          if (!row) return;
          for (const name of row.classList)
            if (name.startsWith('upload-') && !(name in seen)) seen[name] = performance.now();
        }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
      });

      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      let heapMax = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const { metrics } = await cdp.send('Performance.getMetrics');
          const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0;
          heapMax = Math.max(heapMax, used);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      })();

      const begin = await page.evaluate(() => performance.now());
      await page.getByLabel('Files to upload').setInputFiles(file);
      const row = page.locator('li.upload-item').first();
      await row.and(page.locator('.upload-done, .upload-failed')).waitFor({ timeout: 600_000 });
      sampling = false;
      await sampler;
      const phases = await page.evaluate(() => (window as unknown as { uploadPhases: PhaseTimes }).uploadPhases);
      if (!phases['upload-done']) throw new Error(`the upload did not finish: ${await row.textContent()}`);
      const totalSeconds = (phases['upload-done'] - begin) / 1000;
      const sendingFrom = phases['upload-uploading'] ?? begin;
      const completingFrom = phases['upload-completing'] ?? phases['upload-done'];
      const sendSeconds = (completingFrom - sendingFrom) / 1000;
      const completeSeconds = (phases['upload-done'] - completingFrom) / 1000;
      const hashSeconds = (sendingFrom - begin) / 1000;

      // The reference: curl straight to the host, multipart as the Python client's simple upload (another name: no reuse).
      const started = performance.now();
      const { stdout } = await run('curl', [
        '-sS',
        '-u',
        `${BENCH_KEY}:${BENCH_SECRET}`,
        '-X',
        'PUT',
        '-F',
        `file=@${file};filename=curl-copy.bin`,
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        `${stack.hostUrl}/v0/files/content`,
      ]);
      const curlSeconds = (performance.now() - started) / 1000;
      if (!stdout.startsWith('2')) throw new Error(`curl upload answered ${stdout}`);

      const rate = (seconds: number) => GIB / MIB / seconds;
      return [
        ratioRow(
          {
            name: 'upload: 1 GiB via the dashboard and its proxy',
            figure: rate(totalSeconds),
            unit: 'MiB/s',
            reference: rate(curlSeconds),
            notes:
              `${totalSeconds.toFixed(1)} s in all: ${hashSeconds.toFixed(1)} s computing the checksum, ` +
              `${sendSeconds.toFixed(1)} s sending the parts (${rate(sendSeconds).toFixed(0)} MiB/s), ` +
              `${completeSeconds.toFixed(1)} s completing; curl to the host ${curlSeconds.toFixed(1)} s`,
          },
          { atLeast: 0.5 },
        ),
        limitRow(
          {
            name: 'upload: page JS heap during the upload',
            figure: heapMax / MIB,
            unit: 'MB',
            notes: 'largest JSHeapUsedSize sampled every 200 ms (CDP Performance.getMetrics)',
          },
          { atMost: HEAP_LIMIT_MB },
        ),
      ];
    } finally {
      await browser.close();
      await stack.stop();
    }
  },
};
