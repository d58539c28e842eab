import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { WrittenBytes } from './fileBlobs.ts';

/** Bytes copied per step: a few large reads and writes per part rather than many small ones. */
const STEP_BYTES = 4 * 1024 * 1024;

/**
 * One multipart upload's file, built while its parts arrive: each stored part is appended in
 * part order (parts arrive out of order, so a part waits until every part before it is in)
 * and fed to one SHA-256. Completing then only waits for the last parts, finishes the digest
 * and renames the file, instead of reading and writing every byte again.
 */
export class UploadAssembly {
  private readonly sha256 = crypto.createHash('sha256');
  private size = 0;
  /** The part to append next. */
  private next = 1;
  /** Appending runs one batch at a time, in the order it was asked for. */
  private work: Promise<void> = Promise.resolve();
  private failure: unknown;
  private stopped = false;

  constructor(
    /** Where the file grows; it must not exist yet. */
    readonly targetPath: string,
    private readonly partPath: (number: number) => string,
    private readonly isStored: (number: number) => boolean,
  ) {}

  /** Appends the stored parts from the next one on, up to part `last`. Never rejects: a failure is kept for `finish`. */
  advance(last: number): Promise<void> {
    this.work = this.work.then(() => this.appendStored(last));
    return this.work;
  }

  private ready(last: number): boolean {
    return !this.stopped && this.failure === undefined && this.next <= last && this.isStored(this.next);
  }

  private async appendStored(last: number): Promise<void> {
    if (!this.ready(last)) return;
    let out: fs.promises.FileHandle | undefined;
    try {
      out = await fs.promises.open(this.targetPath, 'a');
      const buffers: [Buffer, Buffer] = [Buffer.allocUnsafe(STEP_BYTES), Buffer.allocUnsafe(STEP_BYTES)];
      while (this.ready(last)) {
        await this.append(this.partPath(this.next), out, buffers);
        this.next++;
      }
    } catch (error) {
      // Digest and file are now out of step: this assembly can only be thrown away.
      this.failure = error;
    } finally {
      await out?.close().catch(() => undefined);
    }
  }

  /** Copies one part to the end of the file, reading the next step while the current one is hashed and written. */
  private async append(source: string, out: fs.promises.FileHandle, buffers: [Buffer, Buffer]): Promise<void> {
    const input = await fs.promises.open(source, 'r');
    try {
      let step = 0;
      let reading = input.read(buffers[0], 0, STEP_BYTES, null);
      for (;;) {
        const { bytesRead, buffer } = await reading;
        if (bytesRead === 0) return;
        step++;
        reading = input.read(buffers[step % 2]!, 0, STEP_BYTES, null);
        // A failed write must not leave the read ahead unhandled.
        reading.catch(() => undefined);
        const bytes = buffer.subarray(0, bytesRead);
        this.sha256.update(bytes);
        for (let written = 0; written < bytesRead; ) {
          written += (await out.write(bytes, written, bytesRead - written)).bytesWritten;
        }
        this.size += bytesRead;
      }
    } finally {
      await input.close();
    }
  }

  /** Waits until parts 1 to `count` are appended; the file's size and SHA-256. The assembly is spent afterwards. */
  async finish(count: number): Promise<WrittenBytes> {
    await this.advance(count);
    this.stopped = true;
    if (this.failure !== undefined) throw this.failure;
    if (this.next <= count) throw new Error(`Part ${this.next} of the upload is not stored`);
    if (this.next === 1) {
      // No part held a byte to append (an empty file): the file still has to exist.
      await fs.promises.mkdir(path.dirname(this.targetPath), { recursive: true });
      await fs.promises.appendFile(this.targetPath, '');
    }
    return { tempPath: this.targetPath, size: this.size, sha256: this.sha256.digest('hex') };
  }

  /** Appends nothing more (the upload was aborted or discarded); the part being copied still finishes. */
  stop(): void {
    this.stopped = true;
  }
}
