import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinSolversDir } from '../config.ts';
import { startTestHost, type TestHost } from './harness.ts';
import { RELEASE, runJob } from './jobs-helpers.ts';

/**
 * A solver is a program of someone else's: it gets only the environment it needs, and what it
 * leaves in its work folder is read without following links out of it.
 */
const SECRET_TEXT = 'the contents of a file outside every job folder';

const SOLVERS: Record<string, { outputs: string; script: string }> = {
  // Writes down the names of the variables it was started with.
  environment: {
    outputs: `
  names:
    label: Names
    description: The environment's variable names
    type: string`,
    script: `import fs from 'node:fs';
import path from 'node:path';
const names = Object.keys(process.env).sort().join(',');
fs.writeFileSync(path.join(process.env.OUTPUT_FOLDER, 'outputs.json'), JSON.stringify({ names }));`,
  },
  // Leaves links to a file outside its folder as its output file and as a log of its own.
  linker: {
    outputs: `
  report:
    label: Report
    description: A text file
    type: data:text/plain
    fileToKeyMap:
      report.txt: report`,
    script: `import fs from 'node:fs';
import path from 'node:path';
fs.symlinkSync(process.env.SECRET_FILE, path.join(process.env.OUTPUT_FOLDER, 'report.txt'));
fs.symlinkSync(process.env.SECRET_FILE, path.join(process.env.LOG_FOLDER, 'stolen.log'));
console.log('left two links');`,
  },
};

const keyOf = (name: string) => `simcore/services/comp/sandbox/${name}`;
const releaseOf = (name: string) => `/v0/solvers/${encodeURIComponent(keyOf(name))}/releases/1.0.0`;

let host: TestHost;
let root: string;
const saved = { ...process.env };

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'osparc-sandbox-'));
  const secretFile = path.join(root, 'secret.txt');
  fs.writeFileSync(secretFile, SECRET_TEXT);
  for (const [name, solver] of Object.entries(SOLVERS)) {
    const dir = path.join(root, 'solvers', name);
    fs.mkdirSync(path.join(dir, '1.0.0'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'run.mjs'), solver.script);
    fs.writeFileSync(
      path.join(dir, '1.0.0', 'metadata.yml'),
      [
        `key: ${keyOf(name)}`,
        'version: 1.0.0',
        `name: ${name}`,
        `description: A solver that looks around (${name})`,
        'contact: sandbox@example.org',
        'inputs: {}',
        `outputs: ${solver.outputs}`,
        '',
      ].join('\n'),
    );
  }
  // What `npm start` has in its environment, and a setting that passes one variable on.
  process.env.OSPARC_API_KEY = 'key-of-the-dashboard';
  process.env.OSPARC_API_SECRET = 'secret-of-the-dashboard';
  process.env.AWS_SECRET_ACCESS_KEY = 'anything-else-exported';
  process.env.SECRET_FILE = secretFile;
  process.env.OSPARC_LOCAL_SOLVER_ENV = 'SECRET_FILE';
  host = await startTestHost({ solverDirs: [builtinSolversDir, path.join(root, 'solvers')] });
});

afterAll(async () => {
  await host.close();
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
  fs.rmSync(root, { recursive: true, force: true });
});

describe('solver processes', () => {
  it('start with the system variables and the ones named in OSPARC_LOCAL_SOLVER_ENV, never the API key', async () => {
    const { job, status } = await runJob(host, {}, releaseOf('environment'));
    expect(status.state).toBe('SUCCESS');
    const outputs = await host.json<{ results: { names: string } }>(
      `${releaseOf('environment')}/jobs/${job.id}/outputs`,
    );
    const names = outputs.results.names.split(',');
    expect(names).toEqual(
      expect.arrayContaining(['PATH', 'INPUT_FOLDER', 'OUTPUT_FOLDER', 'LOG_FOLDER', 'SECRET_FILE']),
    );
    expect(names).not.toContain('OSPARC_API_KEY');
    expect(names).not.toContain('OSPARC_API_SECRET');
    expect(names).not.toContain('AWS_SECRET_ACCESS_KEY');
  });

  it('refuse an output that is a link, with a line in the job’s log, and never read through one', async () => {
    const { job, status } = await runJob(host, {}, releaseOf('linker'));
    expect(status.state).toBe('FAILED');
    const inspected = await host.json<{ errors?: { msg: string }[] }>(`${releaseOf('linker')}/jobs/${job.id}:inspect`, {
      method: 'POST',
    });
    expect(JSON.stringify(inspected)).not.toContain(SECRET_TEXT);

    const log = fs.readFileSync(path.join(host.dataDir, 'jobs', job.id, 'job.log'), 'utf8');
    expect(log).toContain('outputs/report.txt is a symbolic link');
    expect(log).not.toContain(SECRET_TEXT);

    const zip = await host.fetch(`${releaseOf('linker')}/jobs/${job.id}/outputs/logfile`);
    expect(zip.status).toBe(200);
    const entries = await JSZip.loadAsync(await zip.arrayBuffer());
    expect(Object.keys(entries.files)).not.toContain('stolen.log');
    for (const entry of Object.values(entries.files)) expect(await entry.async('string')).not.toContain(SECRET_TEXT);
  });

  it('keep custom metadata keys to 200 characters', async () => {
    const { job } = await runJob(host, { input_2: 0 });
    const long = 'k'.repeat(201);
    const refused = await host.fetch(`${RELEASE}/jobs/${job.id}/metadata`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { [long]: 'v' } }),
    });
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { errors: { msg: string }[] };
    expect(body.errors[0]?.msg).toContain('201 characters: at most 200');
    await host.json(`${RELEASE}/jobs/${job.id}/metadata`, {
      method: 'PATCH',
      body: { metadata: { ['k'.repeat(200)]: 'v' } },
    });
  });
});
