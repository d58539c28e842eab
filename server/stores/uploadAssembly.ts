import fs from 'node:fs';
import path from 'node:path';
import type { WrittenBytes } from './fileBlobs.ts';
import { PartCopy } from './partCopier.ts';

/**
 * One multipart upload's file, built while its parts arrive: each stored part is appended in
 * part order (parts arrive out of order, so a part waits until every part before it is in)
 * and fed to one SHA-256, both in the copier's thread (partCopier.ts). Completing then only
 * waits for the last parts, finishes the digest and renames the file, instead of reading and
 * writing every byte again.
 */
export class UploadAssembly {
  private readonly copy: PartCopy;
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
  ) {
    this.copy = new PartCopy(targetPath);
  }

  /** Appends the stored parts from the next one on, up to part `last`. Never rejects: a failure is kept for `finish`. */
  advance(last: number): Promise<void> {
    this.work = this.work.then(() => this.appendStored(last));
    return this.work;
  }

  private ready(last: number): boolean {
    return !this.stopped && this.failure === undefined && this.next <= last && this.isStored(this.next);
  }

  private async appendStored(last: number): Promise<void> {
    try {
      while (this.ready(last)) {
        this.size += await this.copy.append(this.partPath(this.next));
        this.next++;
      }
    } catch (error) {
      // Digest and file are now out of step: this assembly can only be thrown away.
      this.failure = error;
    }
  }

  /** Waits until parts 1 to `count` are appended; the file's size and SHA-256. The assembly is spent afterwards. */
  async finish(count: number): Promise<WrittenBytes> {
    await this.advance(count);
    this.stopped = true;
    if (this.failure !== undefined) {
      this.copy.forget();
      throw this.failure;
    }
    if (this.next <= count) {
      this.copy.forget();
      throw new Error(`Part ${this.next} of the upload is not stored`);
    }
    if (this.next === 1) {
      // No part held a byte to append (an empty file): the file still has to exist.
      await fs.promises.mkdir(path.dirname(this.targetPath), { recursive: true });
      await fs.promises.appendFile(this.targetPath, '');
    }
    return { tempPath: this.targetPath, size: this.size, sha256: await this.copy.digest() };
  }

  /** Appends nothing more (the upload was aborted or discarded); the part being copied still finishes. */
  stop(): void {
    this.stopped = true;
    this.work = this.work.then(() => this.copy.forget());
  }
}
