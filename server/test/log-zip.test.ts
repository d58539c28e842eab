import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinSolversDir } from '../config.ts';
import { LOG_ZIP_FILE, logZipStream } from '../runner/log-zip.ts';
import { startTestHost, type TestHost } from './harness.ts';
import { runJob } from './jobs-helpers.ts';

const KEY = 'simcore/services/comp/me/chatty';
const RELEASE = `/v0/solvers/${encodeURIComponent(KEY)}/releases/1.0.0`;
const LINES = 100_000;

const METADATA = `key: ${KEY}
version: 1.0.0
name: chatty
description: prints a long log
contact: me@example.org
inputs:
outputs:
`;

// About 6 MB of log: large enough for the host to zip it once when the job ends.
const RUN = `const lines = [];
for (let i = 1; i <= ${LINES}; i++) lines.push('line ' + i + ' ' + 'x'.repeat(30));
process.stdout.write(lines.join('\\n') + '\\n');
require('node:fs').writeFileSync(process.env.OUTPUT_FOLDER + '/outputs.json', '{}');
`;

async function logOfZip(host: TestHost, jobId: string): Promise<string> {
  const response = await host.fetch(`${RELEASE}/jobs/${jobId}/outputs/logfile`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/zip');
  const zip = await JSZip.loadAsync(await response.arrayBuffer());
  const names = Object.keys(zip.files);
  expect(names).toEqual(['chatty_1.0.0.log']);
  return zip.file(names[0]!)!.async('string');
}

describe('the log zip of a job with a large log', () => {
  let solvers: string;
  let host: TestHost;

  beforeAll(async () => {
    solvers = fs.mkdtempSync(path.join(os.tmpdir(), 'chatty-solver-'));
    fs.mkdirSync(path.join(solvers, 'chatty', '1.0.0'), { recursive: true });
    fs.writeFileSync(path.join(solvers, 'chatty', '1.0.0', 'metadata.yml'), METADATA);
    fs.writeFileSync(path.join(solvers, 'chatty', 'run.js'), RUN);
    host = await startTestHost({ solverDirs: [builtinSolversDir, solvers] });
  });
  afterAll(async () => {
    await host?.close();
    fs.rmSync(solvers, { recursive: true, force: true });
  });

  it('is made once when the job ends and answers the whole log every time', async () => {
    const { job, status } = await runJob(host, {}, RELEASE);
    expect(status.state).toBe('SUCCESS');

    // Asked for at once, while the host may still be zipping it: the answer is whole either way.
    const first = await logOfZip(host, job.id);
    const lines = first.trimEnd().split('\n');
    expect(lines.filter((line) => / line \d+ x{30}$/.test(line))).toHaveLength(LINES);
    expect(lines.at(-1)).toMatch(/\[host\] Finished successfully$/);

    const prepared = path.join(host.dataDir, 'jobs', job.id, LOG_ZIP_FILE);
    await expect.poll(() => fs.existsSync(prepared), { timeout: 30_000 }).toBe(true);
    expect(await logOfZip(host, job.id)).toBe(first);

    // Deleting the job takes its log zip with it.
    await host.json(`${RELEASE}/jobs/${job.id}`, { method: 'DELETE', expect: 204 });
    expect(fs.existsSync(prepared)).toBe(false);
  });
});

describe('the log zip of a job whose log is still being written', () => {
  it('holds the log as it was when the zip began, streamed, whatever is written meanwhile', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'growing-log-'));
    try {
      const file = path.join(folder, 'growing.log');
      const before = Array.from({ length: 20_000 }, (_, i) => `line ${i + 1}`).join('\n');
      fs.writeFileSync(file, `${before}\n`);
      const stream = logZipStream([{ name: 'growing.log', path: file }], true);
      // The solver goes on writing while the zip is read.
      fs.appendFileSync(file, 'written after the zip began\n');
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
      const zip = await JSZip.loadAsync(Buffer.concat(chunks));
      expect(await zip.file('growing.log')!.async('string')).toBe(`${before}\n`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
