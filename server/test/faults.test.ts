import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startScript } from '../../e2e/processes.ts';
import { builtinSolversDir } from '../config.ts';
import { type HostClient, hostClient, makeDataDir, startTestHost, type TestHost, WAIT } from './harness.ts';
import {
  createJob,
  type FileBody,
  type JobStatusBody,
  pidIsAlive,
  pidIsGone,
  processIsGone,
  RELEASE,
  runJob,
  startJob,
  waitForState,
} from './jobs-helpers.ts';

const CHUNK = 1024;
const MAX_LOG = 4096;

/** Solver packages that misbehave, each as a release of `simcore/services/comp/faulty/<name>`. */
const FAULTY_SOLVERS: Record<string, { inputs: string; outputs: string; script: string }> = {
  // Never ends, ignores SIGTERM, and starts a child that does the same: only SIGKILL of the group ends it.
  forever: {
    inputs: '{}',
    outputs: `
  done:
    label: Done
    description: Never written
    type: integer`,
    script: `
import { spawn } from 'node:child_process';
process.on('SIGTERM', () => {});
const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
console.log(\`pid \${process.pid} child \${child.pid}\`);
setInterval(() => {}, 1000);
`,
  },
  // Writes 64 KiB blocks of log as fast as it is read: a given number of megabytes, or forever.
  'log-flood': {
    inputs: `
  megabytes:
    label: Megabytes
    description: How much log to write; 0 writes forever
    type: integer
    defaultValue: 0`,
    outputs: `
  written:
    label: Written
    description: Bytes of log written
    type: integer`,
    script: `
import fs from 'node:fs';
import path from 'node:path';
const { megabytes } = JSON.parse(fs.readFileSync(path.join(process.env.INPUT_FOLDER, 'inputs.json'), 'utf8'));
const block = \`\${'log line that goes on and on '.repeat(30)}\\n\`.repeat(72);
let written = 0;
function pump() {
  while (megabytes === 0 || written < megabytes * 1024 * 1024) {
    written += block.length;
    // How far it got, beside the work folders, so a test can see it is not blocked.
    if (written % (block.length * 16) === 0) fs.writeFileSync('written.txt', String(written));
    if (!process.stdout.write(block)) return process.stdout.once('drain', pump);
  }
  fs.writeFileSync(path.join(process.env.OUTPUT_FOLDER, 'outputs.json'), JSON.stringify({ written }));
}
pump();
`,
  },
  // Ends with exit code 0 but writes none of its declared outputs.
  'no-outputs': {
    inputs: '{}',
    outputs: `
  result:
    label: Result
    description: A number in outputs.json
    type: number
  report:
    label: Report
    description: A text file
    type: data:text/plain
    fileToKeyMap:
      report.txt: report`,
    script: `console.log('Computed everything, but wrote nothing down');`,
  },
};

function faultyKey(name: string): string {
  return `simcore/services/comp/faulty/${name}`;
}

function faultyRelease(name: string): string {
  return `/v0/solvers/${encodeURIComponent(faultyKey(name))}/releases/1.0.0`;
}

function writeFaultySolvers(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'osparc-faulty-solvers-'));
  for (const [name, solver] of Object.entries(FAULTY_SOLVERS)) {
    const dir = path.join(root, name);
    fs.mkdirSync(path.join(dir, '1.0.0'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'run.mjs'), solver.script);
    fs.writeFileSync(
      path.join(dir, '1.0.0', 'metadata.yml'),
      [
        `key: ${faultyKey(name)}`,
        'version: 1.0.0',
        `name: ${name}`,
        `description: A solver that misbehaves (${name})`,
        'contact: faults@example.org',
        `inputs: ${solver.inputs}`,
        `outputs: ${solver.outputs}`,
        '',
      ].join('\n'),
    );
  }
  return root;
}

/** The pids a `forever` job printed, once its log has them. */
async function foreverPids(dataDir: string, jobId: string): Promise<number[]> {
  const logFile = path.join(dataDir, 'jobs', jobId, 'job.log');
  return vi.waitFor(
    () => {
      const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
      const match = /pid (\d+) child (\d+)/.exec(text);
      if (!match) throw new Error(`the log of job ${jobId} names no pids yet: ${JSON.stringify(text.slice(-300))}`);
      return [Number(match[1]), Number(match[2])];
    },
    { ...WAIT, interval: 50 },
  );
}

/** The host as its own process (`npm run host`), so it can be killed without warning. */
interface HostProcess extends HostClient {
  url: string;
  child: ChildProcess;
}

const KEY = 'fault-key';
const SECRET = 'fault-secret';

async function spawnHost(dataDir: string, solversDir: string): Promise<HostProcess> {
  // A path from the project root, where vitest runs.
  const { child, output } = startScript('server/main.ts', [], {
    OSPARC_LOCAL_DATA: dataDir,
    OSPARC_LOCAL_PORT: '0',
    OSPARC_API_KEY: KEY,
    OSPARC_API_SECRET: SECRET,
    OSPARC_LOCAL_SOLVERS: solversDir,
    OSPARC_LOCAL_CONCURRENCY: '1',
    OSPARC_LOCAL_CHUNK_SIZE: String(CHUNK),
    OSPARC_SLEEPER_SECOND_MS: '10',
    OSPARC_LOCAL_SOLVER_ENV: 'OSPARC_SLEEPER_SECOND_MS',
  });
  const [, url = ''] = await output(/OSPARC_API_HOST=(\S+)/);
  const auth = `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`;
  return { url, child, ...hostClient(url, auth) };
}

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

function integrityOf(dataDir: string): string {
  const db = new Database(path.join(dataDir, 'host.sqlite'));
  try {
    const rows = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
    return rows.map((row) => row.integrity_check).join('\n');
  } finally {
    db.close();
  }
}

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

let solversDir: string;
beforeAll(() => {
  solversDir = writeFaultySolvers();
});
afterAll(() => {
  fs.rmSync(solversDir, { recursive: true, force: true });
});

describe('the host killed (SIGKILL) during an upload and while jobs run, then started again', () => {
  const spawned: ChildProcess[] = [];
  /** Solver processes the kill leaves behind; ended here too should the test fail before the restart does. */
  let orphans: number[] = [];
  let dataDir: string;
  afterAll(async () => {
    for (const pid of orphans) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone, as it should be
      }
    }
    for (const child of spawned) {
      child.kill('SIGKILL');
      await exitOf(child);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists no partial file, lets the upload finish, fails the interrupted jobs, keeps finished ones and ends orphaned solvers', async () => {
    dataDir = makeDataDir();
    const first = await spawnHost(dataDir, solversDir);
    spawned.push(first.child);

    // A job that finished before the crash, with its outputs.
    const { job: finished, status: finishedStatus } = await runJob(first, { input_2: 1 });
    expect(finishedStatus.state).toBe('SUCCESS');
    const outputs = await first.json<{ results: { output_1: FileBody; output_2: number } }>(
      `${RELEASE}/jobs/${finished.id}/outputs`,
    );

    // A solver that runs (and would run forever), and a job queued behind it.
    const running = await createJob(first, {}, faultyRelease('forever'));
    await startJob(first, running.id, faultyRelease('forever'));
    await waitForState(first, running.id, 'STARTED', faultyRelease('forever'));
    orphans = await foreverPids(dataDir, running.id);
    const queued = await createJob(first, { input_2: 1 });
    await startJob(first, queued.id);
    await waitForState(first, queued.id, 'WAITING_FOR_RESOURCES');

    // A multipart upload with part 1 stored and part 2 half sent.
    const bytes = crypto.randomBytes(2 * CHUNK);
    const client = { filename: 'interrupted.bin', filesize: bytes.length, sha256_checksum: sha256(bytes) };
    const upload = await first.json<{ file_id: string; upload_schema: { urls: string[] } }>('/v0/files/content', {
      method: 'POST',
      body: client,
    });
    const [link1, link2] = upload.upload_schema.urls as [string, string];
    const put1 = await fetch(link1, { method: 'PUT', body: new Uint8Array(bytes.subarray(0, CHUNK)) });
    const part1 = { number: 1, e_tag: JSON.parse(put1.headers.get('etag')!) as string };
    const partDir = path.join(dataDir, 'uploads', upload.file_id);
    const halfSent = fetch(link2, {
      method: 'PUT',
      headers: { 'content-length': String(CHUNK) },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array(bytes.subarray(CHUNK, CHUNK + 100)));
        },
      }),
      duplex: 'half',
    } as RequestInit).catch((error: unknown) => error);
    await vi.waitFor(
      () =>
        expect(
          fs.readdirSync(partDir).filter((name) => name.endsWith('.incoming')),
          'the half-sent part 2 is being written to the upload folder',
        ).not.toEqual([]),
      { ...WAIT, interval: 20 },
    );

    first.child.kill('SIGKILL');
    await exitOf(first.child);
    // fetch's network error, as the Fetch standard names it: the host went away mid-body.
    expect(await halfSent).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    // The solver outlived the host: that is what the next start must clean up.
    expect(orphans.map(pidIsAlive)).toEqual([true, true]);
    expect(integrityOf(dataDir)).toBe('ok');

    const second = await spawnHost(dataDir, solversDir);
    spawned.push(second.child);

    for (const pid of orphans) expect(await pidIsGone(pid), `process ${pid}`).toBe(true);
    expect(await processIsGone(orphans[0]!)).toBe(true);

    // No partial file: only the finished job's output files are listed.
    const listed = await second.json<FileBody[]>('/v0/files');
    expect(listed.map((file) => file.id)).toEqual([outputs.results.output_1.id]);
    await second.json(`/v0/files/${upload.file_id}`, { expect: 404 });
    expect(fs.readdirSync(partDir)).toEqual(['1']);

    // The interrupted upload goes on through its links, and completes.
    const relinked = (link: string) =>
      `${second.url.replace(/\/$/, '')}${new URL(link).pathname}${new URL(link).search}`;
    const put2 = await fetch(relinked(link2), { method: 'PUT', body: new Uint8Array(bytes.subarray(CHUNK)) });
    expect(put2.status).toBe(200);
    const part2 = { number: 2, e_tag: JSON.parse(put2.headers.get('etag')!) as string };
    const completed = await second.json<FileBody>(`/v0/files/${upload.file_id}:complete`, {
      method: 'POST',
      body: { client_file: client, uploaded_parts: { parts: [part1, part2] } },
    });
    expect(completed.checksum).toBe(client.sha256_checksum);
    const download = await second.fetch(`/v0/files/${completed.id}/content`);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);

    // Jobs: none is left running; the interrupted ones failed, saying why.
    const all = await second.json<{ items: { id: string; runner_url: string }[] }>(
      '/v0/solvers/-/releases/-/jobs?limit=50',
    );
    expect(all.items).toHaveLength(3);
    for (const job of all.items) {
      const status = await second.json<JobStatusBody>(`${new URL(job.runner_url).pathname}/jobs/${job.id}:inspect`, {
        method: 'POST',
      });
      expect(status.state).not.toBe('STARTED');
      expect(status.stopped_at).toBeTruthy();
    }
    for (const [release, job] of [
      [faultyRelease('forever'), running],
      [RELEASE, queued],
    ] as const) {
      const status = await second.json<JobStatusBody>(`${release}/jobs/${job.id}:inspect`, { method: 'POST' });
      expect(status.state).toBe('FAILED');
      expect(status.errors?.[0]?.msg).toMatch(/restarted while this job was running or waiting/);
    }

    // The finished job and its output file are intact.
    const kept = await second.json<JobStatusBody>(`${RELEASE}/jobs/${finished.id}:inspect`, { method: 'POST' });
    expect(kept.state).toBe('SUCCESS');
    expect(await second.json(`${RELEASE}/jobs/${finished.id}/outputs`)).toEqual(outputs);
    const output = await second.fetch(`/v0/files/${outputs.results.output_1.id}/content`);
    expect((await output.text()).trim()).toMatch(/^[1-9]$/);

    second.child.kill('SIGTERM');
    await exitOf(second.child);
    expect(integrityOf(dataDir)).toBe('ok');
  });
});

describe('solvers that misbehave', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost({ solverDirs: [builtinSolversDir, solversDir], maxLogBytes: MAX_LOG });
  });
  afterAll(async () => {
    await host.close();
  });

  const logSize = (jobId: string) => fs.statSync(path.join(host.dataDir, 'jobs', jobId, 'job.log')).size;
  const logText = (jobId: string) => fs.readFileSync(path.join(host.dataDir, 'jobs', jobId, 'job.log'), 'utf8');
  const NOTE =
    /log was cut here: it reached the limit of 4096 bytes \(OSPARC_LOCAL_MAX_LOG\)\. The solver keeps running/;

  it('caps the log of a solver that writes without end, keeps reading it so the solver is not blocked, and stops it', async () => {
    const release = faultyRelease('log-flood');
    const job = await createJob(host, {}, release);
    await startJob(host, job.id, release);
    const progress = path.join(host.dataDir, 'jobs', job.id, 'written.txt');
    // Wait until the solver has written far more than the cap: the host drained its pipe all along.
    await vi.waitFor(
      () =>
        expect(
          fs.existsSync(progress) ? Number(fs.readFileSync(progress, 'utf8')) : 0,
          'bytes the solver has written',
        ).toBeGreaterThan(1000 * MAX_LOG),
      { ...WAIT, interval: 50 },
    );
    expect(logText(job.id)).toMatch(NOTE);
    expect(logSize(job.id)).toBeLessThanOrEqual(MAX_LOG + 300);
    const during = await host.json<JobStatusBody>(`${release}/jobs/${job.id}:inspect`, { method: 'POST' });
    expect(during.state).toBe('STARTED');

    const pid = host.app.hostContext.db.prepare('SELECT pid FROM jobs WHERE id = ?').get(job.id) as { pid: number };
    const stopped = await host.json<JobStatusBody>(`${release}/jobs/${job.id}:stop`, { method: 'POST' });
    expect(stopped.state).toBe('ABORTED');
    expect(await processIsGone(pid.pid)).toBe(true);
    expect(logSize(job.id)).toBeLessThanOrEqual(MAX_LOG + 300);
  });

  it('lets a solver that floods its log with megabytes finish and succeed, with the log cut and the note', async () => {
    const release = faultyRelease('log-flood');
    const { job, status } = await runJob(host, { megabytes: 8 }, release);
    expect(status.state).toBe('SUCCESS');
    const { results } = await host.json<{ results: { written: number } }>(`${release}/jobs/${job.id}/outputs`);
    expect(results.written).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    expect(logSize(job.id)).toBeLessThanOrEqual(MAX_LOG + 300);
    expect(logText(job.id).match(new RegExp(NOTE, 'g'))).toHaveLength(1);
  });

  it('stops a solver that never ends and ignores SIGTERM: ABORTED, and its whole process tree is gone', async () => {
    const release = faultyRelease('forever');
    const job = await createJob(host, {}, release);
    await startJob(host, job.id, release);
    const pids = await foreverPids(host.dataDir, job.id);
    const stopped = await host.json<JobStatusBody>(`${release}/jobs/${job.id}:stop`, { method: 'POST' });
    expect(stopped.state).toBe('ABORTED');
    expect(stopped.stopped_at).toBeTruthy();
    for (const pid of pids) expect(await pidIsGone(pid), `process ${pid}`).toBe(true);
    expect(logText(job.id)).toMatch(/Stopped on request/);
  });

  it('fails a solver that exits without its declared outputs, naming each missing one', async () => {
    const release = faultyRelease('no-outputs');
    const { job, status } = await runJob(host, {}, release);
    expect(status.state).toBe('FAILED');
    expect(status.errors).toEqual([
      expect.objectContaining({
        loc: ['outputs', 'result'],
        msg: expect.stringMatching(/did not write output result in outputs\/outputs\.json/),
      }),
      expect.objectContaining({
        loc: ['outputs', 'report'],
        msg: expect.stringMatching(/did not write output report: expected the file outputs\/report\.txt/),
      }),
    ]);
    await host.json(`${release}/jobs/${job.id}/outputs`, { expect: 409 });
  });
});
