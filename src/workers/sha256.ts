import { createSHA256 } from 'hash-wasm';

/** Bytes read per step: large enough that each read's fixed cost is small, small enough that memory stays flat. */
export const HASH_SLICE_BYTES = 8 * 1024 * 1024;
/** Slices being read while the current one is hashed: reading and hashing overlap. */
const READ_AHEAD = 2;

/**
 * SHA-256 of a blob, read slice by slice so a file of any size never sits in memory whole
 * (at most 1 + READ_AHEAD slices at a time). `onProgress` receives the bytes hashed so far.
 */
export async function sha256OfBlob(
  blob: Blob,
  onProgress?: (loaded: number) => void,
  isCancelled: () => boolean = () => false,
): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  const reads: Promise<ArrayBuffer>[] = [];
  let readFrom = 0;
  const readAhead = () => {
    while (reads.length <= READ_AHEAD && readFrom < blob.size) {
      const read = blob.slice(readFrom, Math.min(readFrom + HASH_SLICE_BYTES, blob.size)).arrayBuffer();
      // A read still pending when hashing stops (cancel, failure) must not surface as unhandled.
      read.catch(() => undefined);
      reads.push(read);
      readFrom += HASH_SLICE_BYTES;
    }
  };
  readAhead();
  let hashed = 0;
  for (let next = reads.shift(); next; next = reads.shift()) {
    if (isCancelled()) throw new DOMException('Hashing was cancelled', 'AbortError');
    const bytes = new Uint8Array(await next);
    readAhead();
    hasher.update(bytes);
    hashed += bytes.byteLength;
    onProgress?.(hashed);
  }
  return hasher.digest('hex');
}
