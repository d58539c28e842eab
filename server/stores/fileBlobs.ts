import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What was learned about bytes while they were written. */
export interface WrittenBytes {
  /** Where the bytes wait until they are committed (or discarded). */
  tempPath: string;
  size: number;
  /** Hex digests, of those asked for (see `Digests`). */
  sha256?: string;
  md5?: string;
}

/** Which digests a write computes: each is a pass of CPU over every byte, so only the needed ones. */
export interface Digests {
  sha256: boolean;
  md5: boolean;
}

const BOTH_DIGESTS: Digests = { sha256: true, md5: true };

/**
 * Bytes a file write may hold back while the disk catches up: socket chunks (64 KiB) gather
 * and go out as one write of many, rather than one write and one pause of the socket each.
 */
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;

/** Thrown while streaming when a body goes past the number of bytes it was allowed. */
export class TooManyBytesError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}

/** Hashes (SHA-256 and MD5) and counts the bytes flowing through, refusing any beyond `limit`. */
class HashingCounter extends Transform {
  readonly sha256: crypto.Hash | undefined;
  readonly md5: crypto.Hash | undefined;
  size = 0;

  constructor(
    private readonly limit: number,
    digests: Digests,
  ) {
    super();
    this.sha256 = digests.sha256 ? crypto.createHash('sha256') : undefined;
    this.md5 = digests.md5 ? crypto.createHash('md5') : undefined;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.limit) {
      callback(new TooManyBytesError(this.limit));
      return;
    }
    this.sha256?.update(chunk);
    this.md5?.update(chunk);
    callback(null, chunk);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function assertId(id: string): void {
  // Ids become path segments: only ever a UUID, never anything a client chose.
  if (!UUID.test(id)) throw new Error(`Not a storage id: ${JSON.stringify(id)}`);
}

/**
 * File bytes in the data folder. Finished files live under `files/<id>`; every write goes
 * to `files/.incoming/` first and is renamed into place only once complete, so a crash
 * never leaves a partial file under a real id. Upload parts live under `uploads/<id>/<n>`, the
 * file being assembled from them beside them (`uploads/<id>/.assembled`).
 */
export class FileBlobStore {
  readonly filesDir: string;
  readonly incomingDir: string;
  readonly uploadsDir: string;

  constructor(dataDir: string) {
    this.filesDir = path.join(dataDir, 'files');
    this.incomingDir = path.join(this.filesDir, '.incoming');
    this.uploadsDir = path.join(dataDir, 'uploads');
    fs.mkdirSync(this.incomingDir, { recursive: true });
    fs.mkdirSync(this.uploadsDir, { recursive: true });
  }

  pathOf(id: string): string {
    assertId(id);
    return path.join(this.filesDir, id);
  }

  partDir(uploadId: string): string {
    assertId(uploadId);
    return path.join(this.uploadsDir, uploadId);
  }

  partPath(uploadId: string, number: number): string {
    if (!Number.isInteger(number) || number < 1) throw new Error(`Not a part number: ${number}`);
    return path.join(this.partDir(uploadId), String(number));
  }

  /** Where an upload's file is assembled from its parts; it goes with the parts (and a restart sweeps it). */
  assemblyPath(uploadId: string): string {
    return path.join(this.partDir(uploadId), '.assembled');
  }

  /** Streams `source` into a temporary file beside `finalDir`, hashing as it goes. */
  async write(
    source: NodeJS.ReadableStream | AsyncIterable<Buffer>,
    limit = Number.MAX_SAFE_INTEGER,
    finalDir?: string,
    digests: Digests = BOTH_DIGESTS,
  ) {
    const dir = finalDir ?? this.incomingDir;
    fs.mkdirSync(dir, { recursive: true });
    const tempPath = path.join(dir, `.${crypto.randomUUID()}.incoming`);
    const counter = new HashingCounter(limit, digests);
    try {
      await pipeline(
        source,
        counter,
        fs.createWriteStream(tempPath, { flags: 'wx', highWaterMark: WRITE_BUFFER_BYTES }),
      );
    } catch (error) {
      fs.rmSync(tempPath, { force: true });
      throw error;
    }
    const written: WrittenBytes = {
      tempPath,
      size: counter.size,
      sha256: counter.sha256?.digest('hex'),
      md5: counter.md5?.digest('hex'),
    };
    return written;
  }

  /** Moves finished bytes into their final place (an atomic rename on the same disk). */
  commit(tempPath: string, finalPath: string): void {
    fs.renameSync(tempPath, finalPath);
  }

  discard(tempPath: string): void {
    fs.rmSync(tempPath, { force: true });
  }

  remove(id: string): void {
    fs.rmSync(this.pathOf(id), { force: true });
  }

  removeParts(uploadId: string): void {
    fs.rmSync(this.partDir(uploadId), { recursive: true, force: true });
  }

  /**
   * After a restart: drops temporary files of interrupted writes, and bytes of files the
   * database does not know (a crash between a rename and its row).
   */
  sweepFiles(knownFile: (id: string) => boolean): void {
    fs.rmSync(this.incomingDir, { recursive: true, force: true });
    fs.mkdirSync(this.incomingDir, { recursive: true });
    for (const name of fs.readdirSync(this.filesDir)) {
      if (name.startsWith('.')) continue;
      if (!UUID.test(name) || !knownFile(name)) fs.rmSync(path.join(this.filesDir, name), { force: true });
    }
  }

  /** After a restart: drops the bytes of uploads and parts the database does not know. */
  sweepUploads(knownUpload: (id: string) => boolean, knownPart: (uploadId: string, number: number) => boolean): void {
    for (const name of fs.readdirSync(this.uploadsDir)) {
      const dir = path.join(this.uploadsDir, name);
      if (!UUID.test(name) || !knownUpload(name)) {
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
      for (const part of fs.readdirSync(dir)) {
        if (!/^[1-9]\d*$/.test(part) || !knownPart(name, Number(part)))
          fs.rmSync(path.join(dir, part), { force: true });
      }
    }
  }
}
