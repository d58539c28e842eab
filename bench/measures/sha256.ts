import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { GIB, oneGibFile } from '../big-file.ts';
import { dashboardBuild, launchBrowser, startDashboard } from '../browser.ts';
import { type BenchRow, type Measurement, ratioRow } from '../measure.ts';

const run = promisify(execFile);

/** The built hashing worker of the dashboard (src/workers/sha256.worker.ts). */
function workerAsset(outDir: string): string {
  const name = fs.readdirSync(path.join(outDir, 'assets')).find((file) => /^sha256\.worker.*\.js$/.test(file));
  if (!name) throw new Error('the build holds no sha256.worker asset');
  return `/assets/${name}`;
}

export const sha256: Measurement = {
  name: 'sha256',
  browser: true,
  async run(): Promise<BenchRow[]> {
    const file = oneGibFile();
    const outDir = await dashboardBuild();
    const worker = workerAsset(outDir);
    const stack = await startDashboard();
    const browser = await launchBrowser();
    try {
      // The page cache holds the file for both: read it once so neither pays for the disk.
      await run('sh', ['-c', 'cat "$1" > /dev/null', 'sh', file]);
      const started = performance.now();
      const { stdout } = await run('sha256sum', [file]);
      const sumSeconds = (performance.now() - started) / 1000;
      const expected = stdout.split(' ')[0];

      const page = await browser.newPage();
      await page.goto(stack.url);
      await page.evaluate(() => {
        const input = document.createElement('input');
        input.type = 'file';
        input.id = 'bench-file';
        document.body.append(input);
      });
      await page.setInputFiles('#bench-file', file);
      // The page's own worker, given the File as the upload code gives it; timed inside the page.
      const result = await page.evaluate(async (workerUrl: string) => {
        const chosen = (document.getElementById('bench-file') as HTMLInputElement).files![0]!;
        const begin = performance.now();
        const hash = await new Promise<string>((resolve, reject) => {
          const hashing = new Worker(workerUrl, { type: 'module' });
          hashing.onmessage = (event: MessageEvent<{ type: string; sha256?: string; message?: string }>) => {
            if (event.data.type === 'done') resolve(event.data.sha256!);
            else if (event.data.type === 'error') reject(new Error(event.data.message));
          };
          hashing.onerror = (event) => reject(new Error(event.message));
          hashing.postMessage({ file: chosen });
        });
        return { hash, seconds: (performance.now() - begin) / 1000 };
      }, worker);
      if (result.hash !== expected)
        throw new Error(`the page's SHA-256 ${result.hash} differs from sha256sum's ${expected}`);
      return [
        ratioRow(
          {
            name: 'sha256: 1 GiB in the browser (Web Worker)',
            figure: result.seconds,
            unit: 's',
            reference: sumSeconds,
            notes: `${(GIB / 1024 ** 2 / result.seconds).toFixed(0)} MiB/s in the page vs ${(GIB / 1024 ** 2 / sumSeconds).toFixed(0)} MiB/s for sha256sum; same digest`,
          },
          { atMost: 2 },
        ),
      ];
    } finally {
      await browser.close();
      await stack.stop();
    }
  },
};
