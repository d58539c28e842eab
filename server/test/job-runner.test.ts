import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobLogWriter, lastLogLines, readLogLines, splitLogLine } from '../runner/log.ts';
import { startProcess, stopProcess } from '../runner/process.ts';
import { ProgressTracker, parseProgress } from '../runner/progress.ts';
import { RunQueue } from '../runner/queue.ts';
import { collectOutputs, createWorkFolder, mediaTypeOf, workFolderOf, writeInputs } from '../runner/work-folder.ts';
import { contentSchemaOf } from '../services/ports.ts';
import { pidIsGone } from './jobs-helpers.ts';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'osparc-runner-test-'));
  tempDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('progress read from log lines', () => {
  it('understands the forms oSPARC reads, after an optional timestamp', () => {
    expect(parseProgress('[PROGRESS] 1/3...')).toBe(33);
    expect(parseProgress('2022-06-01T18:15:03.924473521+02:00 [PROGRESS] 2/3...')).toBe(66);
    expect(parseProgress('2022-06-01T18:15:03.923876Z [PROGRESS] 3/3')).toBe(100);
    expect(parseProgress('computing: 23% done')).toBe(23);
    expect(parseProgress('45 percent')).toBe(45);
    expect(parseProgress('0.5')).toBe(50);
    expect(parseProgress('2024-01-01T00:00:00Z 0.25')).toBe(25);
    expect(parseProgress('1.0')).toBe(100);
  });

  it('ignores lines that report no progress', () => {
    expect(parseProgress('Remaining sleep time 0.9999995231628418')).toBeUndefined();
    expect(parseProgress('Will sleep for 3 seconds')).toBeUndefined();
    expect(parseProgress('1.5')).toBeUndefined();
    expect(parseProgress('')).toBeUndefined();
    expect(parseProgress('[PROGRESS] 1/0')).toBeUndefined();
  });

  it('only moves forward', () => {
    const tracker = new ProgressTracker();
    expect(tracker.read('50%')).toBe(50);
    expect(tracker.read('20%')).toBeUndefined();
    expect(tracker.read('no progress here')).toBeUndefined();
    expect(tracker.read('[PROGRESS] 3/4')).toBe(75);
    expect(tracker.current).toBe(75);
  });
});

describe('job log file', () => {
  it('stamps each line with an ISO timestamp in microseconds', () => {
    const file = path.join(tempDir(), 'job.log');
    const log = new JobLogWriter(file, 1024 * 1024);
    log.write(['Will sleep for 3 seconds', '[PROGRESS] 1/3...']);
    log.close();
    const lines = readLogLines(file);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z Will sleep for 3 seconds$/);
    expect(splitLogLine(lines[1]!).text).toBe('[PROGRESS] 1/3...');
    expect(lastLogLines(file, 1)).toEqual(['[PROGRESS] 1/3...']);
  });

  it('cuts a log past its size limit with one note saying so', () => {
    const file = path.join(tempDir(), 'job.log');
    const log = new JobLogWriter(file, 400);
    const kept = log.write(Array.from({ length: 50 }, (_, i) => `line number ${i}`));
    expect(log.truncated).toBe(true);
    expect(log.write(['after the cut'])).toEqual([]);
    log.close();
    const lines = readLogLines(file);
    expect(lines).toEqual(kept);
    expect(lines.length).toBeLessThan(50);
    expect(lines.at(-1)).toMatch(/log was cut.*400 bytes/);
    expect(lines.filter((line) => /log was cut/.test(line))).toHaveLength(1);
  });
});

describe('run queue', () => {
  it('runs at most `concurrency` tasks, the rest first in, first out', async () => {
    const queue = new RunQueue(2);
    const order: string[] = [];
    const finishers = new Map<string, () => void>();
    const task = (id: string) => () =>
      new Promise<void>((resolve) => {
        order.push(id);
        finishers.set(id, resolve);
      });
    expect(queue.enqueue('a', task('a'))).toBe(true);
    expect(queue.enqueue('b', task('b'))).toBe(true);
    expect(queue.enqueue('c', task('c'))).toBe(false);
    expect(queue.enqueue('d', task('d'))).toBe(false);
    expect(queue.enqueue('e', task('e'))).toBe(false);
    expect(queue.cancel('d')).toBe(true);
    expect(queue.waitingIds).toEqual(['c', 'e']);
    await vi.waitFor(() => expect(order, 'tasks started').toEqual(['a', 'b']));
    finishers.get('b')!();
    await vi.waitFor(() => expect(order, 'tasks started once b finished').toEqual(['a', 'b', 'c']));
    expect(queue.runningCount).toBe(2);
    expect(queue.waitingIds).toEqual(['e']);
    finishers.get('a')!();
    await vi.waitFor(() => expect(order, 'tasks started once a finished').toEqual(['a', 'b', 'c', 'e']));
    expect(queue.waitingIds).toEqual([]);
  });

  it('gives the slot back when a task throws', async () => {
    const queue = new RunQueue(1);
    let ran = false;
    queue.enqueue('bad', async () => {
      throw new Error('boom');
    });
    queue.enqueue('next', async () => {
      ran = true;
    });
    await vi.waitFor(() => expect(ran, 'the task after the one that threw ran').toBe(true));
  });
});

describe('solver process', () => {
  it('hands stdout and stderr over line by line, with a final partial line', async () => {
    const lines: string[] = [];
    const proc = startProcess({
      command: [
        'node',
        '-e',
        'process.stdout.write("one\\ntwo\\r\\nthr"); process.stdout.write("ee\\nlast"); console.error("oops")',
      ],
      cwd: tempDir(),
      env: {},
      onLines: (chunk, stream) => lines.push(...chunk.map((line) => `${stream}:${line}`)),
    });
    const exit = await proc.exited;
    expect(exit.code).toBe(0);
    expect(lines.filter((l) => l.startsWith('stdout:'))).toEqual([
      'stdout:one',
      'stdout:two',
      'stdout:three',
      'stdout:last',
    ]);
    expect(lines).toContain('stderr:oops');
  });

  it('passes the folders through the environment and reports the exit code', async () => {
    const lines: string[] = [];
    const proc = startProcess({
      command: ['node', '-e', 'console.log(process.env.INPUT_FOLDER); process.exit(3)'],
      cwd: tempDir(),
      env: { INPUT_FOLDER: '/some/inputs' },
      onLines: (chunk) => lines.push(...chunk),
    });
    expect((await proc.exited).code).toBe(3);
    expect(lines).toEqual(['/some/inputs']);
  });

  it('reports a command that cannot start', async () => {
    const proc = startProcess({ command: ['/no/such/solver'], cwd: tempDir(), env: {}, onLines: () => {} });
    const exit = await proc.exited;
    expect(exit.spawnError).toMatchObject({ code: 'ENOENT', syscall: 'spawn /no/such/solver' });
  });

  it('stops the whole process group, children included', async () => {
    const lines: string[] = [];
    // The solver starts a child that would outlive it, and tells its pid.
    const script = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log('child ' + child.pid);
      setInterval(() => {}, 1000);`;
    const proc = startProcess({
      command: ['node', '-e', script],
      cwd: tempDir(),
      env: {},
      onLines: (l) => lines.push(...l),
    });
    const childLine = await vi.waitFor(
      () => {
        const line = lines.find((candidate) => candidate.startsWith('child '));
        if (!line) throw new Error(`the solver has not named its child yet: ${JSON.stringify(lines)}`);
        return line;
      },
      { timeout: 10_000, interval: 20 },
    );
    const childPid = Number(childLine.split(' ')[1]);
    const exit = await stopProcess(proc);
    expect(exit.signal).toBe('SIGTERM');
    expect(await pidIsGone(childPid)).toBe(true);
  });
});

describe('work folder', () => {
  const ports = {
    input_1: { type: 'data:text/plain', fileToKeyMap: { 'single_number.txt': 'input_1' } },
    input_2: { type: 'integer' },
    table: { type: 'data:text/csv' },
  };

  it('writes inputs.json with the values and copies file inputs under their port names', () => {
    const data = tempDir();
    const source = path.join(data, 'stored-bytes');
    fs.writeFileSync(source, '3');
    const folder = workFolderOf(data, 'job-1');
    createWorkFolder(folder);
    writeInputs(
      folder,
      ports,
      { input_1: { id: 'f1', filename: '../../evil.txt' }, input_2: 4, table: { id: 'f2', filename: 'x.csv' } },
      () => source,
    );
    expect(JSON.parse(fs.readFileSync(path.join(folder.inputs, 'inputs.json'), 'utf8'))).toEqual({ input_2: 4 });
    expect(fs.readFileSync(path.join(folder.inputs, 'single_number.txt'), 'utf8')).toBe('3');
    expect(fs.existsSync(path.join(folder.inputs, 'table'))).toBe(true);
    expect(fs.readdirSync(folder.inputs).sort()).toEqual(['inputs.json', 'single_number.txt', 'table']);
  });

  it('collects outputs.json values and output files, and names what is missing', () => {
    const folder = workFolderOf(tempDir(), 'job-2');
    createWorkFolder(folder);
    const outputPorts = {
      output_1: { type: 'data:text/plain', fileToKeyMap: { 'single_number.txt': 'output_1' } },
      output_2: { type: 'integer' },
      plot: { type: 'data:image/png' },
      summary: { type: 'number' },
    };
    fs.writeFileSync(path.join(folder.outputs, 'single_number.txt'), '7');
    fs.writeFileSync(path.join(folder.outputs, 'plot.png'), 'png');
    fs.writeFileSync(path.join(folder.outputs, 'outputs.json'), JSON.stringify({ output_2: 4 }));
    const collected = collectOutputs(folder, outputPorts);
    expect(collected.values).toEqual({ output_2: 4 });
    expect(collected.files.map((f) => [f.key, f.filename, f.contentType])).toEqual([
      ['output_1', 'single_number.txt', 'text/plain'],
      ['plot', 'plot.png', 'image/png'],
    ]);
    expect(collected.problems).toEqual([{ key: 'summary', msg: expect.stringMatching(/summary/) }]);
  });

  // As upstream's catalog (packages/models-library/src/models_library/utils/services_io.py,
  // guess_media_type, used by api_schemas_catalog/services_ports.py): the port type less its
  // `data:` prefix, so `data:*/*` (models_library/services_constants.py, ANY_FILETYPE) is `*/*`.
  it("reads a file port's media type as the catalog does, and names an any-type output by its file", () => {
    expect(mediaTypeOf({ type: 'data:*/*' })).toBe('*/*');
    expect(mediaTypeOf({ type: 'data:text/csv' })).toBe('text/csv');
    expect(mediaTypeOf({ type: 'integer' })).toBeUndefined();
    expect(contentSchemaOf({ type: 'data:*/*', label: 'Any file', description: 'Any file' })).toEqual({
      type: 'string',
      title: 'Any file',
      description: 'Any file',
      content_media_type: '*/*',
    });

    const folder = workFolderOf(tempDir(), 'job-3');
    createWorkFolder(folder);
    fs.writeFileSync(path.join(folder.outputs, 'anything.json'), '{}');
    fs.writeFileSync(path.join(folder.outputs, 'picture.svg'), '<svg/>');
    const collected = collectOutputs(folder, { anything: { type: 'data:*/*' }, picture: { type: 'data:image/*' } });
    expect(collected.problems).toEqual([]);
    expect(collected.files.map((f) => [f.key, f.filename, f.contentType])).toEqual([
      ['anything', 'anything.json', undefined],
      ['picture', 'picture.svg', undefined],
    ]);
  });
});
