import { ApiError, apiRequest } from './client.ts';
import { type JobRef, jobPath } from './jobs.ts';
import type { JobLog } from './types.ts';

/** One log file from a job's log zip. */
export interface LogFile {
  name: string;
  text: string;
}

/**
 * Unzips a job's log zip in the browser. JSZip is loaded only here, when a log zip is opened.
 * Folders are skipped; every other entry is read as UTF-8 text, in the zip's order.
 */
export async function unzipLogs(zip: Blob): Promise<LogFile[]> {
  const { default: JSZip } = await import('jszip');
  const archive = await JSZip.loadAsync(await zip.arrayBuffer());
  const entries = Object.values(archive.files).filter((entry) => !entry.dir);
  return Promise.all(entries.map(async (entry) => ({ name: entry.name, text: await entry.async('string') })));
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

/** Saves bytes the page already holds as a download with the given file name. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the bytes are released.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
