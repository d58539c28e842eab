import crypto from 'node:crypto';
import { Worker } from 'node:worker_threads';

/**
 * The copying and hashing of upload parts, in a thread of its own: the host's main thread
 * meanwhile takes the next parts off the network, and the copy is not held up behind them.
 * Plain JavaScript, so the thread needs no TypeScript loader (tests, tsx and builds alike).
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const fs = require('node:fs');
const STEP = 4 * 1024 * 1024;
const buffers = [Buffer.allocUnsafe(STEP), Buffer.allocUnsafe(STEP)];
const hashes = new Map();

// Appends source to target and feeds it to the assembly's SHA-256, reading the next step while
// the current one is hashed and written.
async function append(key, source, target) {
  let hash = hashes.get(key);
  if (!hash) hashes.set(key, (hash = crypto.createHash('sha256')));
  const input = await fs.promises.open(source, 'r');
  let out;
  let size = 0;
  try {
    out = await fs.promises.open(target, 'a');
    let step = 0;
    let reading = input.read(buffers[0], 0, STEP, null);
    for (;;) {
      const { bytesRead, buffer } = await reading;
      if (bytesRead === 0) return size;
      step++;
      reading = input.read(buffers[step % 2], 0, STEP, null);
      reading.catch(() => undefined);
      hash.update(buffer.subarray(0, bytesRead));
      for (let written = 0; written < bytesRead; ) {
        written += (await out.write(buffer, written, bytesRead - written)).bytesWritten;
      }
      size += bytesRead;
    }
  } finally {
    await input.close();
    if (out) await out.close();
  }
}

let queue = Promise.resolve();
parentPort.on('message', (message) => {
  queue = queue.then(async () => {
    try {
      if (message.type === 'append') {
        const size = await append(message.key, message.source, message.target);
        parentPort.postMessage({ job: message.job, size });
      } else if (message.type === 'digest') {
        const hash = hashes.get(message.key) || crypto.createHash('sha256');
        hashes.delete(message.key);
        parentPort.postMessage({ job: message.job, sha256: hash.digest('hex') });
      } else if (message.type === 'forget') {
        hashes.delete(message.key);
      }
    } catch (error) {
      if (message.job !== undefined) parentPort.postMessage({ job: message.job, error: String((error && error.message) || error) });
    }
  });
});
`;

type Request =
  | { type: 'append'; key: string; source: string; target: string }
  | { type: 'digest'; key: string }
  | { type: 'forget'; key: string };
type Answer = { job: number; size?: number; sha256?: string; error?: string };

let worker: Worker | undefined;
let jobs = 0;
const pending = new Map<number, { resolve: (answer: Answer) => void; reject: (error: Error) => void }>();

function thread(): Worker {
  if (worker) return worker;
  const started = new Worker(WORKER_SOURCE, { eval: true });
  // Idle, it must not keep the host (or a test run) alive.
  started.unref();
  started.on('message', (answer: Answer) => {
    const waiting = pending.get(answer.job);
    pending.delete(answer.job);
    if (answer.error !== undefined) waiting?.reject(new Error(answer.error));
    else waiting?.resolve(answer);
  });
  const lost = (error: Error) => {
    if (worker === started) worker = undefined;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  started.on('error', lost);
  started.on('exit', (code) => lost(new Error(`The part copier stopped (exit code ${code})`)));
  worker = started;
  return started;
}

function ask(request: Request): Promise<Answer> {
  const job = ++jobs;
  return new Promise((resolve, reject) => {
    pending.set(job, { resolve, reject });
    thread().postMessage({ ...request, job });
  });
}

/** One file being assembled from parts, with its running SHA-256 kept in the copier's thread. */
export class PartCopy {
  private readonly key = crypto.randomUUID();

  constructor(readonly targetPath: string) {}

  /** Appends `source` to the file and to its SHA-256; the bytes appended. */
  async append(source: string): Promise<number> {
    return (await ask({ type: 'append', key: this.key, source, target: this.targetPath })).size ?? 0;
  }

  /** The SHA-256 (hex) of everything appended; the copy is spent afterwards. */
  async digest(): Promise<string> {
    return (await ask({ type: 'digest', key: this.key })).sha256 ?? '';
  }

  /** Drops the running SHA-256 of a copy that will not be finished. */
  forget(): void {
    if (worker) worker.postMessage({ type: 'forget', key: this.key, job: undefined });
  }
}
