/// <reference lib="webworker" />
import { sha256OfBlob } from './sha256.ts';

/** Messages between the page and this worker. */
export type HashRequest = { file: Blob };
export type HashMessage =
  | { type: 'progress'; loaded: number }
  | { type: 'done'; sha256: string }
  | { type: 'error'; message: string };

// Hashing a large file takes seconds of CPU: here it does not freeze the page.
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<HashRequest>) => {
  const post = (message: HashMessage) => scope.postMessage(message);
  try {
    const sha256 = await sha256OfBlob(event.data.file, (loaded) => post({ type: 'progress', loaded }));
    post({ type: 'done', sha256 });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
