/**
 * `npm run bench`: every measurement, one table, also written to bench/results.json.
 * `npm run bench -- jobs latency` runs only those; the other rows of results.json stay as they were.
 * `npm run bench -- --table` prints the last results without measuring.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BenchRow, failedRow, type Measurement } from './measure.ts';
import { bundle } from './measures/bundle.ts';
import { firstRender } from './measures/first-render.ts';
import { jobs } from './measures/jobs.ts';
import { latency } from './measures/latency.ts';
import { log } from './measures/log.ts';
import { polling } from './measures/polling.ts';
import { scale } from './measures/scale.ts';
import { sha256 } from './measures/sha256.ts';
import { upload } from './measures/upload.ts';
import { projectRoot, runBenchEnd } from './processes.ts';
import { markdownTable } from './table.ts';

const MEASUREMENTS: Measurement[] = [jobs, latency, bundle, firstRender, upload, sha256, log, polling, scale];

export interface BenchResults {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; platform: string; node: string };
  /** Seconds each measurement took, by name. */
  durations: Record<string, number>;
  rows: (BenchRow & { measurement: string })[];
}

const resultsPath = path.join(projectRoot, 'bench', 'results.json');

function machine(): BenchResults['machine'] {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
  };
}

function previousResults(): BenchResults | undefined {
  try {
    return JSON.parse(fs.readFileSync(resultsPath, 'utf8')) as BenchResults;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  // `npm run bench -- --table`: the last results as the table, without measuring (for the README).
  if (process.argv.includes('--table')) {
    const last = previousResults();
    if (!last) throw new Error('No bench/results.json yet: run `npm run bench` first.');
    const { cpus, memoryGiB, cpuModel } = last.machine;
    process.stdout.write(
      `${markdownTable(last.rows)}\n\n${cpus} cores (${cpuModel}), ${memoryGiB} GiB memory, ${last.date}\n`,
    );
    return;
  }
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = wanted.filter((name) => !MEASUREMENTS.some((m) => m.name === name));
  if (unknown.length) {
    process.stderr.write(
      `Unknown measurement(s): ${unknown.join(', ')}. Known: ${MEASUREMENTS.map((m) => m.name).join(', ')}\n`,
    );
    process.exit(2);
  }
  const selected = wanted.length ? MEASUREMENTS.filter((m) => wanted.includes(m.name)) : MEASUREMENTS;
  const startedAll = performance.now();
  const rows: BenchResults['rows'] = [];
  const durations: Record<string, number> = {};
  for (const measurement of selected) {
    process.stderr.write(`bench: ${measurement.name} ...\n`);
    const started = performance.now();
    let measured: BenchRow[];
    try {
      measured = await measurement.run();
    } catch (error) {
      process.stderr.write(`bench: ${measurement.name} failed: ${(error as Error).stack ?? error}\n`);
      measured = [failedRow(measurement.name, error)];
    }
    durations[measurement.name] = Math.round((performance.now() - started) / 100) / 10;
    process.stderr.write(`bench: ${measurement.name} took ${durations[measurement.name]} s\n`);
    rows.push(...measured.map((row) => ({ ...row, measurement: measurement.name })));
  }

  // A partial run keeps the other measurements' rows from the last run, in the table's order.
  const previous = wanted.length ? previousResults() : undefined;
  const merged = MEASUREMENTS.flatMap((m) =>
    selected.includes(m)
      ? rows.filter((row) => row.measurement === m.name)
      : (previous?.rows ?? []).filter((row) => row.measurement === m.name),
  );
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: machine(),
    durations: { ...(previous?.durations ?? {}), ...durations },
    rows: merged,
  };
  fs.writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  const { cpus, memoryGiB, cpuModel } = results.machine;
  process.stdout.write(
    `\n${markdownTable(rows)}\n\n${cpus} cores (${cpuModel}), ${memoryGiB} GiB memory, Node ${process.version}; ` +
      `took ${Math.round((performance.now() - startedAll) / 1000)} s; written to bench/results.json\n`,
  );
  await runBenchEnd();
  // Child processes and sockets of a failed measurement must not keep the run alive.
  process.exit(0);
}

// A stray promise of a browser page must not end the whole run before its children are stopped.
process.on('unhandledRejection', (error) => {
  process.stderr.write(`bench: unhandled rejection: ${(error as Error)?.stack ?? String(error)}\n`);
});

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
