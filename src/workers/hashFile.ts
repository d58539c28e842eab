import type { HashMessage, HashRequest } from './sha256.worker.ts';

export interface HashOptions {
  onProgress?: (loaded: number) => void;
  signal?: AbortSignal;
}

function abortError(): DOMException {
  return new DOMException('The upload was cancelled', 'AbortError');
}

/** Hashes on the main thread, where no Worker exists (tests, very old browsers). */
async function hashHere(file: Blob, options: HashOptions): Promise<string> {
  const { sha256OfBlob } = await import('./sha256.ts');
  return sha256OfBlob(file, options.onProgress, () => Boolean(options.signal?.aborted));
}

/** SHA-256 (hex) of a file, computed in a Web Worker; cancelling stops the worker. */
export function sha256OfFile(file: Blob, options: HashOptions = {}): Promise<string> {
  if (options.signal?.aborted) return Promise.reject(abortError());
  if (typeof Worker === 'undefined') return hashHere(file, options);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./sha256.worker.ts', import.meta.url), { type: 'module' });
    const finish = () => {
      worker.terminate();
      options.signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(abortError());
    };
    options.signal?.addEventListener('abort', onAbort);
    worker.onmessage = (event: MessageEvent<HashMessage>) => {
      const message = event.data;
      if (message.type === 'progress') options.onProgress?.(message.loaded);
      else if (message.type === 'done') {
        finish();
        resolve(message.sha256);
      } else {
        finish();
        reject(new Error(`Could not read the file to hash it: ${message.message}`));
      }
    };
    worker.onerror = (event) => {
      finish();
      reject(new Error(`Could not hash the file: ${event.message}`));
    };
    const request: HashRequest = { file };
    worker.postMessage(request);
  });
}
