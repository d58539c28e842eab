import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../server/test/harness.ts';
import { createJob, uploadText } from '../server/test/jobs-helpers.ts';
import type { ArgumentValue } from '../src/api/types.ts';
import { curlScript } from '../src/code-export/curl.ts';
import { pythonScript } from '../src/code-export/python.ts';
import { readSweepTag } from '../src/sweep/metadata.ts';

/**
 * The exported scripts, run for real: the curl script of the seed job against the embedded host
 * (with the credentials only in the environment), the Python script parsed by Python.
 */

const SLEEPER = 'simcore/services/comp/itis/sleeper';
const JOBS = `/v0/solvers/${encodeURIComponent(SLEEPER)}/releases/2.1.6/jobs`;

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/**
 * Writes `script` to `name` beside the local input file the scripts upload, and runs it with the
 * host and test credentials only in the environment. Asynchronously: the host answers from this
 * very process.
 */
function runScript(name: string, script: string) {
  fs.writeFileSync(path.join(workDir, name), script);
  fs.writeFileSync(path.join(workDir, 'file_with_number.txt'), '3');
  const env = { OSPARC_API_HOST: host.url, OSPARC_API_KEY: 'test-key', OSPARC_API_SECRET: 'test-secret' };
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('bash', [name], { cwd: workDir, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let host: TestHost;
let workDir: string;
let seedJobId: string;
let seedValues: Record<string, ArgumentValue>;

beforeAll(async () => {
  host = await startTestHost();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-export-'));
  // Each throws with the host's answer should the upload fail or the creation not answer 201.
  const file = await uploadText(host, 'file_with_number.txt', '3');
  const job = await createJob(host, { input_4: 2, input_3: 'false', input_2: 0, input_1: file });
  seedJobId = job.id;
  seedValues = (await host.json<{ values: Record<string, ArgumentValue> }>(`${JOBS}/${job.id}/inputs`)).values;
});

afterAll(async () => {
  await host?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('exported scripts of the seed job', () => {
  const tools = ['bash', 'curl', 'jq', 'unzip'].filter((tool) => !has(tool));
  it.skipIf(tools.length > 0)(
    'the curl script uploads, runs the same inputs to SUCCESS, downloads outputs and logs',
    async () => {
      const script = curlScript({ solverKey: SLEEPER, version: '2.1.6', jobId: seedJobId, values: seedValues });
      expect(script).not.toContain('test-key');
      const run = await runScript('run.sh', script);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('Job ended: SUCCESS');
      expect(run.stdout).toContain('Downloaded single_number.txt');
      expect(Number(fs.readFileSync(path.join(workDir, 'single_number.txt'), 'utf8'))).toBeGreaterThan(0);
      expect(fs.readdirSync(path.join(workDir, 'extracted')).some((name) => name.includes('.log'))).toBe(true);

      // The new job ran with the seed job's values; its file is the local copy uploaded by the script.
      const newJobId = /Created job (\S+)/.exec(run.stdout)?.[1] ?? '';
      expect(newJobId).not.toBe(seedJobId);
      const rerun = await host.json<{ values: Record<string, ArgumentValue> }>(`${JOBS}/${newJobId}/inputs`);
      const { input_1: seedFile, ...seedPlain } = seedValues;
      const { input_1: rerunFile, ...rerunPlain } = rerun.values;
      expect(rerunPlain).toEqual(seedPlain);
      expect(rerunFile).toMatchObject({ filename: (seedFile as { filename: string }).filename });
    },
  );

  it.skipIf(!has('python3'))('the Python script is valid Python', () => {
    const script = pythonScript({ solverKey: SLEEPER, version: '2.1.6', jobId: seedJobId, values: seedValues });
    execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: script });
  });

  it.skipIf(!has('python3'))('the Python script of a sweep is valid Python', () => {
    const script = pythonScript({
      solverKey: SLEEPER,
      version: '2.1.6',
      values: seedValues,
      sweep: [{ port: 'input_2', values: [0, 1, 2] }],
    });
    execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: script });
  });
});

describe('exported curl script of a sweep', () => {
  const tools = ['bash', 'curl', 'jq', 'unzip'].filter((tool) => !has(tool));
  it.skipIf(tools.length > 0)(
    'runs one tagged job per combination to SUCCESS, found again as one sweep by its metadata',
    async () => {
      const script = curlScript({
        solverKey: SLEEPER,
        version: '2.1.6',
        values: seedValues,
        sweep: [
          { port: 'input_2', values: [0, 1] },
          { port: 'input_4', values: [1, 2] },
        ],
      });
      const run = await runScript('sweep.sh', script);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.match(/ended: SUCCESS/g)).toHaveLength(4);
      expect(run.stdout).toContain('"output_2"');

      const started = [...run.stdout.matchAll(/Started job \d+\/4 (\S+)/g)].map((match) => match[1]!);
      expect(started).toHaveLength(4);
      const tags = [];
      for (const [index, jobId] of started.entries()) {
        const { metadata } = await host.json<{ metadata: Record<string, string | number> }>(
          `${JOBS}/${jobId}/metadata`,
        );
        const tag = readSweepTag(metadata);
        expect(tag, JSON.stringify(metadata)).not.toBeNull();
        expect(tag).toMatchObject({ index, size: 4, inputs: ['input_2', 'input_4'], attempt: 1 });
        const { values } = await host.json<{ values: Record<string, ArgumentValue> }>(`${JOBS}/${jobId}/inputs`);
        expect({ input_2: values.input_2, input_4: values.input_4 }).toEqual(tag!.values);
        expect(values.input_3).toEqual(seedValues.input_3);
        tags.push(tag!);
      }
      // The first input varies slowest, and all four jobs share one sweep id.
      expect(tags.map((tag) => tag.values)).toEqual([
        { input_2: 0, input_4: 1 },
        { input_2: 0, input_4: 2 },
        { input_2: 1, input_4: 1 },
        { input_2: 1, input_4: 2 },
      ]);
      expect(new Set(tags.map((tag) => tag.sweepId)).size).toBe(1);
      const listed = await host.json<{ items: { id: string }[] }>(
        `/v0/solvers/-/releases/-/jobs?metadata.any=${encodeURIComponent(`sweep_id:${tags[0]!.sweepId}`)}`,
      );
      expect(listed.items.map((job) => job.id).sort()).toEqual([...started].sort());
    },
  );
});
