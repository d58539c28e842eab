import { ApiError, apiRequest } from './client.ts';
import { type JobRef, jobPath } from './jobs.ts';
import type { JobLog } from './types.ts';

/** JSZip, loaded only when a log zip is opened; asking early lets it load while the zip downloads. */
export function loadJsZip() {
  return import('jszip').then((module) => module.default);
}

/** Inflated bytes of one zip entry in pieces; JSZip has this stream but does not declare it. */
interface EntryStream {
  on(event: 'data', listener: (chunk: Uint8Array, meta: { percent: number }) => void): EntryStream;
  on(event: 'end', listener: () => void): EntryStream;
  on(event: 'error', listener: (error: Error) => void): EntryStream;
  resume(): EntryStream;
  pause(): EntryStream;
}

/** A job's log zip, opened in the browser: the names of its log files, each readable as a stream of text. */
export interface LogArchive {
  /** The log files (folders left out), in the zip's order. */
  names: string[];
  /**
   * Inflates one log file and hands its text to `onText` piece by piece as UTF-8 is decoded, with
   * how much of the file has been read (0–100), so the first lines can show before the rest is read.
   * Resolves at the end of the file; stops (and rejects) when `signal` aborts.
   */
  read(name: string, onText: (text: string, percent: number) => void, signal?: AbortSignal): Promise<void>;
}

export async function openLogZip(zip: ArrayBuffer | Blob): Promise<LogArchive> {
  const JSZip = await loadJsZip();
  const archive = await JSZip.loadAsync(zip);
  const names = Object.values(archive.files)
    .filter((entry) => !entry.dir)
    .map((entry) => entry.name);
  return {
    names,
    read(name, onText, signal) {
      const entry = archive.file(name);
      if (!entry) return Promise.reject(new Error(`The log zip has no file ${name}`));
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const decoder = new TextDecoder();
        const stream = (entry as unknown as { internalStream(type: 'uint8array'): EntryStream }).internalStream(
          'uint8array',
        );
        signal?.addEventListener(
          'abort',
          () => {
            stream.pause();
            reject(signal.reason);
          },
          { once: true },
        );
        stream
          .on('data', (chunk, meta) => {
            // Pieces already inflated when the reading stopped are dropped.
            if (signal?.aborted) return;
            const text = decoder.decode(chunk, { stream: true });
            if (text) onText(text, meta.percent);
          })
          .on('error', reject)
          .on('end', () => {
            const rest = decoder.decode();
            if (rest) onText(rest, 100);
            resolve();
          })
          .resume();
      });
    },
  };
}

function isErrorBody(value: unknown): value is { errors: unknown[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { errors?: unknown }).errors);
}

/**
 * Follows a running job's live log stream (`GET .../logstream`, one JobLog JSON per line)
 * and hands each JobLog to `onLog` as it arrives. Resolves when the host ends the stream
 * (the job stopped); rejects with an ApiError when the host has no stream for it.
 */
export async function streamJobLogs(ref: JobRef, onLog: (log: JobLog) => void, signal?: AbortSignal): Promise<void> {
  const response = await apiRequest(`${jobPath(ref)}/logstream`, {
    signal,
    headers: { Accept: 'application/x-ndjson' },
  });
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  const handle = (line: string) => {
    if (!line.trim()) return;
    const value: unknown = JSON.parse(line);
    if (isErrorBody(value)) {
      const messages = value.errors.map((error) =>
        typeof error === 'string' ? error : ((error as { msg?: string }).msg ?? JSON.stringify(error)),
      );
      throw new ApiError(`The log stream ended with an error: ${messages.join('; ')}`, 200, messages);
    }
    onLog(value as JobLog);
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    pending += value;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) handle(line);
  }
  handle(pending);
}
