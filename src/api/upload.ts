import pLimit from 'p-limit';
import { sha256OfFile } from '../workers/hashFile.ts';
import { ApiError, apiJson, apiRequest, errorFromResponse } from './client.ts';
import { searchFiles } from './files.ts';
import { DASHBOARD_REQUEST_HEADER, DASHBOARD_REQUEST_VALUE } from './request-marker.ts';
import type { ClientFile, ClientFileUploadData, OsparcFile, ProgramJobTarget, UploadedPart } from './types.ts';

export interface UploadProgress {
  phase: 'hashing' | 'uploading' | 'completing';
  loaded: number;
  total: number;
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
  /** Upload into a program job's workspace (`UserFileToProgramJob`): never reused, since it must land there. */
  into?: ProgramJobTarget;
}

export interface UploadResult {
  file: OsparcFile;
  /** The API host already held a file with this name and checksum: nothing was sent. */
  reused: boolean;
}

/** Chunks sent at the same time: enough to fill the line, few enough for a shared machine. */
const PARALLEL_CHUNKS = 3;
const CHUNK_ATTEMPTS = 3;

function cancelled(): DOMException {
  return new DOMException('The upload was cancelled', 'AbortError');
}

export function isCancelled(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'AbortError';
}

/** A file already on the host with this checksum and the same name, as the Python client looks it up. */
async function findSameFile(file: File, sha256: string, signal?: AbortSignal): Promise<OsparcFile | undefined> {
  const page = await searchFiles({ sha256_checksum: sha256, limit: 50 }, signal);
  return page.items.find((candidate) => candidate.filename === file.name);
}

/** The part's e_tag from its `ETag` header, which S3 (and the embedded host) send quoted. */
function eTagOf(header: string | null): string {
  if (!header) throw new ApiError('The storage did not return an ETag for an uploaded part.', 502);
  try {
    const parsed: unknown = JSON.parse(header);
    return typeof parsed === 'string' ? parsed : header;
  } catch {
    return header;
  }
}

/**
 * PUTs one part to its (presigned, same-origin relayed) link with no Authorization header,
 * reporting bytes as they leave.
 */
function putChunk(url: string, body: Blob, onSent: (loaded: number) => void, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const request = new XMLHttpRequest();
    const onAbort = () => request.abort();
    signal?.addEventListener('abort', onAbort);
    const done = () => signal?.removeEventListener('abort', onAbort);
    request.open('PUT', url);
    request.setRequestHeader(DASHBOARD_REQUEST_HEADER, DASHBOARD_REQUEST_VALUE);
    request.upload.onprogress = (event) => onSent(event.loaded);
    request.onload = async () => {
      done();
      if (request.status >= 200 && request.status < 300) {
        onSent(body.size);
        try {
          resolve(eTagOf(request.getResponseHeader('ETag')));
        } catch (error) {
          reject(error);
        }
        return;
      }
      const text = request.responseText;
      reject(await errorFromResponse(new Response(text || null, { status: request.status })));
    };
    request.onerror = () => {
      done();
      reject(new ApiError('The storage does not answer: a part of the file could not be sent.', 0));
    };
    request.onabort = () => {
      done();
      reject(cancelled());
    };
    request.send(body);
  });
}

/** Network failures and server errors are worth another try; a refused link is not. */
function worthRetrying(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

async function uploadParts(
  file: File,
  schema: ClientFileUploadData['upload_schema'],
  options: UploadOptions,
): Promise<UploadedPart[]> {
  const { chunk_size: chunkSize, urls } = schema;
  if (urls.length === 0 || (file.size > 0 && chunkSize * urls.length < file.size)) {
    throw new ApiError(
      `The API host gave ${urls.length} upload links of ${chunkSize} bytes for a ${file.size}-byte file.`,
      502,
    );
  }
  const partCount = file.size === 0 ? 1 : Math.ceil(file.size / chunkSize);
  const sent = new Array<number>(partCount).fill(0);
  const report = () =>
    options.onProgress?.({
      phase: 'uploading',
      loaded: sent.reduce((sum, n) => sum + n, 0),
      total: file.size,
    });
  const parts: UploadedPart[] = [];
  // Ends the parts still in flight once one has failed for good (or the caller cancels), so
  // nothing more is sent to an upload that is about to be aborted.
  const stop = new AbortController();
  const follow = () => stop.abort();
  if (options.signal?.aborted) stop.abort();
  else options.signal?.addEventListener('abort', follow, { once: true });
  let failure: { error: unknown } | undefined;
  const sendPart = async (index: number) => {
    // Parts still queued once the upload has failed or been cancelled are not sent.
    if (stop.signal.aborted) return;
    const url = urls[index] as string;
    // file.slice is a view: the bytes are read only as the request sends them.
    const body = file.slice(index * chunkSize, Math.min((index + 1) * chunkSize, file.size));
    for (let attempt = 1; ; attempt++) {
      try {
        const eTag = await putChunk(
          url,
          body,
          (loaded) => {
            sent[index] = loaded;
            report();
          },
          stop.signal,
        );
        parts.push({ number: index + 1, e_tag: eTag });
        return;
      } catch (error) {
        sent[index] = 0;
        if (attempt >= CHUNK_ATTEMPTS || !worthRetrying(error) || stop.signal.aborted) {
          // The first failure is the one reported; the parts it cut short only echo it.
          failure ??= { error };
          stop.abort();
          throw failure.error;
        }
      }
    }
  };
  const limit = pLimit(PARALLEL_CHUNKS);
  report();
  try {
    await Promise.all(Array.from({ length: partCount }, (_, index) => limit(() => sendPart(index))));
  } finally {
    limit.clearQueue();
    options.signal?.removeEventListener('abort', follow);
  }
  return parts.sort((a, b) => a.number - b.number);
}

/** Tells the host to drop a started upload; failing to do so must not hide the real error. */
async function abortUpload(link: string, clientFile: ClientFile): Promise<void> {
  try {
    await apiRequest(link, {
      method: 'POST',
      body: JSON.stringify({ client_file: clientFile }),
      headers: { 'Content-Type': 'application/json' },
    });
  } catch {
    // the link expires on its own
  }
}

/**
 * Uploads a file the way the oSPARC Python client does: hash it (off the main thread), reuse
 * a file with the same checksum and name if the host has one, else send it in chunks to the
 * links the host hands out and complete the upload (aborting it on failure or cancel).
 */
export async function uploadOrReuseFile(file: File, options: UploadOptions = {}): Promise<UploadResult> {
  const { signal, onProgress } = options;
  onProgress?.({ phase: 'hashing', loaded: 0, total: file.size });
  const sha256 = await sha256OfFile(file, {
    signal,
    onProgress: (loaded) => onProgress?.({ phase: 'hashing', loaded, total: file.size }),
  });
  const existing = options.into ? undefined : await findSameFile(file, sha256, signal);
  if (existing) {
    onProgress?.({ phase: 'completing', loaded: file.size, total: file.size });
    return { file: existing, reused: true };
  }

  const clientFile: ClientFile = { filename: file.name, filesize: file.size, sha256_checksum: sha256, ...options.into };
  const started = await apiJson<ClientFileUploadData>('/v0/files/content', {
    method: 'POST',
    body: clientFile,
    signal,
  });
  const { links } = started.upload_schema;
  try {
    const parts = await uploadParts(file, started.upload_schema, options);
    if (signal?.aborted) throw cancelled();
    onProgress?.({ phase: 'completing', loaded: file.size, total: file.size });
    const stored = await apiJson<OsparcFile>(links.complete_upload, {
      method: 'POST',
      body: { client_file: clientFile, uploaded_parts: { parts } },
    });
    return { file: stored, reused: false };
  } catch (error) {
    await abortUpload(links.abort_upload, clientFile);
    throw error;
  }
}

/** Uploads (or reuses) a file and resolves with the file resource on the API host. */
export async function uploadFile(file: File, options: UploadOptions = {}): Promise<OsparcFile> {
  return (await uploadOrReuseFile(file, options)).file;
}
