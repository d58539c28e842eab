import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Browser } from '@playwright/test';
import { seedFileRecords, seedJobs } from '../../server/seed-data.ts';
import { type DashboardStack, launchBrowser, median, startDashboard, timeToFirst } from '../browser.ts';
import { type BenchRow, type Measurement, ratioRow } from '../measure.ts';
import { tempDir } from '../processes.ts';

/** The two sizes compared: each row is the large figure over the small one. */
const SIZES = [
  { jobs: 1_000, files: 1_000 },
  { jobs: 100_000, files: 50_000 },
] as const;
const SAMPLES = 200;
const WARM_UP = 20;
const BROWSER_RUNS = 5;
/** Jobs and files carrying the rare label or name the filters look for: as many at every size. */
const NEEDLES = 20;
const SLEEPER = 'simcore/services/comp/itis/sleeper';
const RELEASES = [
  { solverKey: SLEEPER, version: '2.1.6' },
  { solverKey: SLEEPER, version: '2.0.2' },
];
const PAGE = 50;
const JOBS_TABLE_ROW = 'table.jobs-table tbody tr';

interface Seeded {
  dataDir: string;
  fileIds: string[];
  seedSeconds: number;
}

function seed(size: (typeof SIZES)[number]): Seeded {
  const dataDir = tempDir('scale-data');
  const started = performance.now();
  const every = size.jobs / NEEDLES;
  seedJobs(dataDir, size.jobs, {
    releases: RELEASES,
    states: ['SUCCESS', 'FAILED', 'SUCCESS', 'ABORTED'],
    metadataOf: (index) => ({ campaign: index % every === 7 ? `needle-${index}` : 'routine', index }),
  });
  const seedSeconds = (performance.now() - started) / 1000;
  const everyFile = size.files / NEEDLES;
  const fileIds = seedFileRecords(dataDir, size.files, (index) =>
    index % everyFile === 3 ? `needle_${index}.csv` : `result_${index}.txt`,
  );
  return { dataDir, fileIds, seedSeconds };
}

/** Median milliseconds of one request, asked `SAMPLES` times after a warm-up (each path from `pathOf(sample)`). */
async function p50(stack: DashboardStack, pathOf: (sample: number) => string): Promise<number> {
  const timings: number[] = [];
  for (let sample = -WARM_UP; sample < SAMPLES; sample++) {
    const path = pathOf(Math.max(0, sample));
    const started = performance.now();
    const response = await stack.host.fetch(path);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    if (sample >= 0) timings.push(performance.now() - started);
  }
  return median(timings);
}

/** Milliseconds to the frame after the Jobs page's table shows its first row. */
const timeToJobsTable = (browser: Browser, url: string) => timeToFirst(browser, url, JOBS_TABLE_ROW);

interface Figures {
  [query: string]: number;
}

const QUERIES = [
  'all-jobs listing, first page',
  'all-jobs listing, deep pages (from 90 %, paging on)',
  'per-release page',
  'label filter (metadata.any=campaign:needle*)',
  'files page',
  'files search by name (filename_contains)',
  'files search by id (files:search?file_id)',
  'files page as the dashboard opens it (newest first)',
  'files page, largest first, paging on',
  'files page, uploads only',
  'files search by the start of a checksum (search)',
] as const;

async function measureSize(
  size: (typeof SIZES)[number],
  browser: Browser,
): Promise<Figures & { seedSeconds: number; jumpMs: number }> {
  const seeded = seed(size);
  const stack = await startDashboard({ OSPARC_LOCAL_DATA: seeded.dataDir, OSPARC_LOCAL_LOG_LEVEL: 'error' });
  try {
    const deepFrom = Math.floor((size.jobs * 0.9) / PAGE) * PAGE;
    // A jump to a page never served before (nothing remembered near it): read once, for the notes.
    const jumpStarted = performance.now();
    await (
      await stack.host.fetch(`/v0/solvers/-/releases/-/jobs?limit=${PAGE}&offset=${Math.floor(size.jobs * 0.75)}`)
    ).arrayBuffer();
    const jumpMs = performance.now() - jumpStarted;
    const release = `/v0/solvers/${encodeURIComponent(SLEEPER)}/releases/2.1.6/jobs/page`;
    const figures: Figures = {
      [QUERIES[0]]: await p50(stack, () => `/v0/solvers/-/releases/-/jobs?limit=${PAGE}&offset=0`),
      // Back and forth between two deep pages, as a reader paging does: the host remembers where each starts.
      [QUERIES[1]]: await p50(
        stack,
        (sample) => `/v0/solvers/-/releases/-/jobs?limit=${PAGE}&offset=${deepFrom + (sample % 2) * PAGE}`,
      ),
      [QUERIES[2]]: await p50(stack, () => `${release}?limit=${PAGE}&offset=${PAGE}`),
      [QUERIES[3]]: await p50(stack, () => `/v0/solvers/-/releases/-/jobs?limit=${PAGE}&metadata.any=campaign:needle*`),
      [QUERIES[4]]: await p50(stack, () => `/v0/files/page?limit=${PAGE}&offset=0`),
      [QUERIES[5]]: await p50(stack, () => `/v0/files/page?limit=${PAGE}&filename_contains=needle`),
      [QUERIES[6]]: await p50(
        stack,
        (sample) => `/v0/files:search?file_id=${seeded.fileIds[(sample * 7919) % seeded.fileIds.length]}`,
      ),
      [QUERIES[7]]: await p50(stack, () => `/v0/files/page?limit=${PAGE}&offset=0&order_by=created_at&order=desc`),
      [QUERIES[8]]: await p50(
        stack,
        (sample) => `/v0/files/page?limit=${PAGE}&offset=${(sample % 2) * PAGE}&order_by=size&order=desc`,
      ),
      [QUERIES[9]]: await p50(stack, () => `/v0/files/page?limit=${PAGE}&offset=${PAGE}&produced_by=upload`),
      // As the Files page's search sends what is typed: here the first 12 digits of a checksum in its
      // table (the seeded files' checksums are those of their ids).
      [QUERIES[10]]: await p50(stack, (sample) => {
        const id = seeded.fileIds[(sample * 7919) % seeded.fileIds.length]!;
        return `/v0/files/page?limit=${PAGE}&search=${crypto.createHash('sha256').update(id).digest('hex').slice(0, 12)}`;
      }),
    };
    const jobsPage = new URL('/jobs?kind=solver', stack.url).toString();
    await timeToJobsTable(browser, jobsPage);
    const times: number[] = [];
    for (let run = 0; run < BROWSER_RUNS; run++) times.push(await timeToJobsTable(browser, jobsPage));
    figures['Jobs page: time to its table in Chromium'] = median(times);
    return { ...figures, seedSeconds: seeded.seedSeconds, jumpMs };
  } finally {
    await stack.stop();
    fs.rmSync(seeded.dataDir, { recursive: true, force: true });
  }
}

export const scale: Measurement = {
  name: 'scale',
  browser: true,
  async run(): Promise<BenchRow[]> {
    const browser = await launchBrowser();
    try {
      const small = await measureSize(SIZES[0], browser);
      const large = await measureSize(SIZES[1], browser);
      const names = Object.keys(small).filter((name) => name !== 'seedSeconds' && name !== 'jumpMs');
      return names.map((name) =>
        ratioRow(
          {
            name: `scale: ${name}`,
            figure: large[name]!,
            reference: small[name]!,
            unit: 'ms',
            notes:
              `p50 with ${SIZES[1].jobs.toLocaleString('en-US')} jobs and ${SIZES[1].files.toLocaleString('en-US')} files (figure) ` +
              `against ${SIZES[0].jobs.toLocaleString('en-US')} and ${SIZES[0].files.toLocaleString('en-US')} (reference)` +
              (name === QUERIES[0]
                ? `; ${SIZES[1].jobs.toLocaleString('en-US')} jobs seeded through the job store in ${large.seedSeconds.toFixed(1)} s`
                : name === QUERIES[1]
                  ? `; a first jump to 75 % deep (nothing remembered): ${large.jumpMs.toFixed(1)} ms against ${small.jumpMs.toFixed(1)} ms`
                  : ''),
          },
          { atMost: 1.5 },
        ),
      );
    } finally {
      await browser.close();
    }
  },
};
