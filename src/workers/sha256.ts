import { createSHA256 } from 'hash-wasm';

/** Bytes read per step: large enough to be fast, small enough that memory stays flat. */
export const HASH_SLICE_BYTES = 4 * 1024 * 1024;

/**
 * SHA-256 of a blob, read slice by slice so a file of any size never sits in memory whole.
 * `onProgress` receives the bytes hashed so far.
 */
export async function sha256OfBlob(
  blob: Blob,
  onProgress?: (loaded: number) => void,
  isCancelled: () => boolean = () => false,
): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  for (let offset = 0; offset < blob.size; offset += HASH_SLICE_BYTES) {
    if (isCancelled()) throw new DOMException('Hashing was cancelled', 'AbortError');
    const slice = blob.slice(offset, Math.min(offset + HASH_SLICE_BYTES, blob.size));
    hasher.update(new Uint8Array(await slice.arrayBuffer()));
    onProgress?.(Math.min(offset + HASH_SLICE_BYTES, blob.size));
  }
  return hasher.digest('hex');
}
