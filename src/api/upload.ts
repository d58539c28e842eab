import { ApiError, errorFromResponse, sessionAuthHeader } from './client.ts';
import type { OsparcFile } from './types.ts';

export interface UploadProgress {
  phase: 'hashing' | 'uploading' | 'completing';
  loaded: number;
  total: number;
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** Sends one file to the API host through the dashboard's proxy and resolves with the stored file. */
export function uploadFile(file: File, options: UploadOptions = {}): Promise<OsparcFile> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', '/v0/files/content');
    request.setRequestHeader('Accept', 'application/json');
    for (const [name, value] of Object.entries(sessionAuthHeader())) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) =>
      options.onProgress?.({ phase: 'uploading', loaded: event.loaded, total: event.total || file.size });
    request.onload = async () => {
      const response = new Response(request.responseText || null, { status: request.status });
      if (request.status >= 200 && request.status < 300) resolve(JSON.parse(request.responseText) as OsparcFile);
      else reject(await errorFromResponse(response));
    };
    request.onerror = () => reject(new ApiError('The API host does not answer: the upload could not be sent.', 0));
    request.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    options.signal?.addEventListener('abort', () => request.abort());
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}
