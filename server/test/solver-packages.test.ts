import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinSolversDir } from '../config.ts';
import { type Catalog, loadCatalog } from '../services/catalog.ts';
import type { SolverRelease } from '../services/release.ts';

const quietLog = { info() {}, warn() {}, error() {}, debug() {} } as unknown as FastifyBaseLogger;

interface Run {
  code: number | null;
  lines: string[];
  stderr: string;
  outputs: Record<string, unknown>;
  outputFolder: string;
}

const workFolders: string[] = [];

/**
 * Runs a release's command as the runner does: cwd = a fresh work folder, INPUT_FOLDER with
 * inputs.json and the input files under their fileToKeyMap names, OUTPUT_FOLDER, LOG_FOLDER.
 */
async function runRelease(
  release: SolverRelease,
  values: Record<string, unknown>,
  files: Record<string, string> = {},
  env: Record<string, string> = {},
): Promise<Run> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'solver-run-'));
  workFolders.push(work);
  const [inputFolder, outputFolder, logFolder] = ['inputs', 'outputs', 'logs'].map((name) => path.join(work, name));
  for (const folder of [inputFolder!, outputFolder!, logFolder!]) fs.mkdirSync(folder);
  fs.writeFileSync(path.join(inputFolder!, 'inputs.json'), JSON.stringify(values));
  for (const [portKey, content] of Object.entries(files)) {
    const port = release.inputs[portKey]!;
    const name = Object.keys(port.fileToKeyMap ?? {})[0] ?? portKey;
    fs.writeFileSync(path.join(inputFolder!, name), content);
  }
  const [program, ...args] = release.command;
  const child = spawn(program!, args, {
    cwd: work,
    env: { ...process.env, INPUT_FOLDER: inputFolder, OUTPUT_FOLDER: outputFolder, LOG_FOLDER: logFolder, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const outputsFile = path.join(outputFolder!, 'outputs.json');
  const outputs = fs.existsSync(outputsFile) ? JSON.parse(fs.readFileSync(outputsFile, 'utf8')) : {};
  return { code, lines: `${stdout}${stderr}`.split('\n'), stderr, outputs, outputFolder: outputFolder! };
}

/** Defaults of every input that has one, as the job service fills them in. */
function defaultsOf(release: SolverRelease): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(release.inputs)
      .filter(([, port]) => port.defaultValue !== undefined)
      .map(([key, port]) => [key, port.defaultValue]),
  );
}

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog([builtinSolversDir], quietLog);
  expect(catalog.skipped()).toEqual([]);
});
afterAll(() => {
  for (const folder of workFolders) fs.rmSync(folder, { recursive: true, force: true });
});

describe('the sleeper package', () => {
  // One "second" of the sleeper lasts 1 ms here, so the test does not wait.
  const fast = { OSPARC_SLEEPER_SECOND_MS: '1' };

  it('reads the number file, walks, sleeps with progress and writes both outputs', async () => {
    const sleeper = catalog.release('simcore/services/comp/itis/sleeper', '2.1.6')!;
    const run = await runRelease(sleeper, { input_2: 3, input_3: false, input_4: 2 }, { input_1: '3' }, fast);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toContain('Found an integer in single_number.txt: 3');
    expect(run.lines.filter((l) => l.startsWith('Walked '))).toHaveLength(2);
    expect(run.lines.filter((l) => /^\[PROGRESS\] \d\/3\.\.\.$/.test(l))).toEqual([
      '[PROGRESS] 1/3...',
      '[PROGRESS] 2/3...',
      '[PROGRESS] 3/3...',
    ]);
    expect(run.lines.some((l) => l.startsWith('Remaining sleep time'))).toBe(true);
    const number = fs.readFileSync(path.join(run.outputFolder, 'single_number.txt'), 'utf8').trim();
    expect(Number(number)).toBeGreaterThanOrEqual(1);
    expect(Number(number)).toBeLessThanOrEqual(9);
    expect(Number.isInteger(Number(number))).toBe(true);
    expect(Object.keys(run.outputs)).toEqual(['output_2']);
    expect(run.outputs.output_2).toBeGreaterThanOrEqual(1);
    expect(run.outputs.output_2).toBeLessThanOrEqual(9);
  });

  it('runs without the optional file, on its defaults (release 2.0.2 shares the script)', async () => {
    const sleeper = catalog.release('simcore/services/comp/itis/sleeper', '2.0.2')!;
    const run = await runRelease(sleeper, { ...defaultsOf(sleeper), input_2: 1 }, {}, fast);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toContain('[PROGRESS] 1/1...');
    expect(fs.existsSync(path.join(run.outputFolder, 'single_number.txt'))).toBe(true);
  });

  it('fails after sleeping when input_3 says so, with the reason in its log', async () => {
    const sleeper = catalog.release('simcore/services/comp/itis/sleeper', 'latest')!;
    const run = await runRelease(sleeper, { input_2: 1, input_3: true, input_4: 0 }, {}, fast);
    expect(run.code).not.toBe(0);
    expect(run.lines).toContain('[PROGRESS] 1/1...');
    expect(run.stderr).toMatch(/Failing after sleep/);
    expect(run.outputs).toEqual({});
  });

  it('refuses a number file without an integer', async () => {
    const sleeper = catalog.release('simcore/services/comp/itis/sleeper', 'latest')!;
    const run = await runRelease(sleeper, { input_2: 0 }, { input_1: 'three' }, fast);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/input_1.*one integer/);
  });
});

describe('the heat-1d package', () => {
  const key = 'simcore/services/comp/local/heat-1d';

  it('conserves the mean temperature with insulated ends and writes the profile CSV and plot', async () => {
    const heat = catalog.release(key, 'latest')!;
    const run = await runRelease(heat, {
      ...defaultsOf(heat),
      cells: 20,
      initial_temperature: 20,
      hot_spots: [{ position: 0.05, width: 0.02, temperature: 100 }],
      boundary_condition: 'insulated',
      solver: { time_step: 1, end_time: 20, scheme: 'crank_nicolson' },
    });
    expect(run.code, run.stderr).toBe(0);
    const progress = run.lines.filter((l) => l.startsWith('[PROGRESS] '));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe('[PROGRESS] 20/20...');

    const rows = fs
      .readFileSync(path.join(run.outputFolder, 'profile.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').map(Number));
    expect(rows).toHaveLength(21);
    const initialMean = rows.reduce((sum, row, i) => sum + (i === 0 || i === 20 ? 0.5 : 1) * row[1]!, 0) / 20;
    expect(run.outputs.mean_temperature as number).toBeCloseTo(initialMean, 6);
    const finalMax = Math.max(...rows.map((row) => row[2]!));
    expect(run.outputs.max_temperature).toBeCloseTo(finalMax, 9);
    expect(finalMax).toBeLessThan(100);
    expect(finalMax).toBeGreaterThan(initialMean);

    const svg = fs.readFileSync(path.join(run.outputFolder, 'profile.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
  });

  it('cools towards the fixed end temperature, and the optional boundary temperature may be left out', async () => {
    const heat = catalog.release(key, 'latest')!;
    expect(heat.inputs.boundary_temperature?.optional).toBe(true);
    const run = await runRelease(heat, {
      ...defaultsOf(heat),
      boundary_condition: 'fixed_temperature',
      solver: { time_step: 5, end_time: 2000, scheme: 'implicit' },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs.max_temperature as number).toBeLessThan(21);
    expect(run.outputs.max_temperature as number).toBeGreaterThanOrEqual(20);
  });

  it('refuses an unstable explicit time step and a hot spot outside the rod, saying why', async () => {
    const heat = catalog.release(key, 'latest')!;
    const unstable = await runRelease(heat, {
      ...defaultsOf(heat),
      solver: { time_step: 10, end_time: 100, scheme: 'explicit' },
    });
    expect(unstable.code).not.toBe(0);
    expect(unstable.stderr).toMatch(/explicit scheme is unstable.*use at most/);
    const outside = await runRelease(heat, {
      ...defaultsOf(heat),
      hot_spots: [{ position: 5, width: 0.01, temperature: 90 }],
    });
    expect(outside.code).not.toBe(0);
    expect(outside.stderr).toMatch(/hot_spots\[0\]\.position .* outside the rod/);
  });
});

describe('the csv-statistics package', () => {
  const key = 'simcore/services/comp/local/csv-statistics';
  const csv = 'sample;label;value;weight\n1;a;2;10\n2;b;4;\n3;"c; d";4\n4;e;4;7\n5;f;5;8\n6;g;5;9\n7;h;7;9\n8;i;9;9\n';

  it('describes the chosen column and writes the summary and the histogram', async () => {
    const stats = catalog.release(key, 'latest')!;
    const run = await runRelease(stats, { ...defaultsOf(stats), column: 'value', bins: 4 }, { data: csv });
    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ count: 8, mean: 5, min: 2, max: 9 });
    expect(run.outputs.std as number).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(run.lines.filter((l) => l.startsWith('[PROGRESS] ')).map((l) => l.slice(0, 15))).toEqual([
      '[PROGRESS] 1/4.',
      '[PROGRESS] 2/4.',
      '[PROGRESS] 3/4.',
      '[PROGRESS] 4/4.',
    ]);
    const summary = JSON.parse(fs.readFileSync(path.join(run.outputFolder, 'summary.json'), 'utf8'));
    expect(Object.keys(summary.columns)).toEqual(['sample', 'value', 'weight']);
    expect(summary.columns.weight.count).toBe(6);
    // Bins of width 1.75 from 2 to 9: 2 | 4 4 4 5 5 | 7 | 9
    expect(summary.histogram.counts).toEqual([1, 5, 1, 1]);
    const svg = fs.readFileSync(path.join(run.outputFolder, 'histogram.svg'), 'utf8');
    expect(svg.match(/<rect x=/g)).toHaveLength(4);
  });

  it('takes the first numeric column when none is named', async () => {
    const stats = catalog.release(key, 'latest')!;
    const run = await runRelease(stats, defaultsOf(stats), { data: 'name,score\nx,1\ny,3\n' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ count: 2, mean: 2, min: 1, max: 3 });
  });

  it('fails clearly on a CSV without numbers, an unknown column or a text column', async () => {
    const stats = catalog.release(key, 'latest')!;
    const noNumbers = await runRelease(stats, defaultsOf(stats), { data: 'name,city\nann,Bern\nbob,Basel\n' });
    expect(noNumbers.code).not.toBe(0);
    expect(noNumbers.stderr).toMatch(/no numeric column \(columns: name, city\)/);
    const unknown = await runRelease(stats, { ...defaultsOf(stats), column: 'height' }, { data: csv });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/column "height" is not in data.csv/);
    const text = await runRelease(stats, { ...defaultsOf(stats), column: 'label' }, { data: csv });
    expect(text.code).not.toBe(0);
    expect(text.stderr).toMatch(/column "label" is not numeric: row 2 holds "a"/);
  });
});
