import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import { fileContentUrl } from './files.ts';
import type { OsparcFile } from './types.ts';

/**
 * Reading a file's bytes in the page: its size, the first bytes of a text file, an image.
 * The File resource carries no size, so it comes from the download's headers.
 */

/** The size of a file's content from a HEAD of its download, or null when the host does not say. */
export async function fetchContentLength(id: string, signal?: AbortSignal): Promise<number | null> {
  try {
    const response = await apiRequest(fileContentUrl(id), { method: 'HEAD', signal, headers: { Accept: '*/*' } });
    const length = Number(response.headers.get('Content-Length') ?? Number.NaN);
    return Number.isFinite(length) && length >= 0 ? length : null;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    return null; // an unknown size is shown as such, not as an error
  }
}

export interface TextPreview {
  text: string;
  /** True when the file holds more than the preview shows. */
  truncated: boolean;
}

/** The first `maxBytes` of a file as text; asks for a byte range and stops reading there either way. */
export async function fetchTextPreview(id: string, maxBytes: number, signal?: AbortSignal): Promise<TextPreview> {
  const response = await apiRequest(fileContentUrl(id), {
    signal,
    headers: { Accept: '*/*', Range: `bytes=0-${maxBytes - 1}` },
  });
  const total = Number(/\/(\d+)$/.exec(response.headers.get('Content-Range') ?? '')?.[1] ?? Number.NaN);
  const chunks: Uint8Array[] = [];
  let received = 0;
  let more = false;
  const reader = response.body?.getReader();
  while (reader) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    if (received >= maxBytes) {
      more = received > maxBytes;
      await reader.cancel();
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(received, maxBytes));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - at);
    bytes.set(part, at);
    at += part.length;
    if (at >= bytes.length) break;
  }
  const truncated = more || (Number.isFinite(total) && total > bytes.length);
  return { text: new TextDecoder().decode(bytes), truncated };
}

/** Images above this size are offered for download only, not previewed. */
export const IMAGE_PREVIEW_LIMIT = 20 * 1024 * 1024;

/** A file's bytes as a Blob of the given type (an <img> needs the right type for SVG). */
export async function fetchImageBlob(id: string, type: string, signal?: AbortSignal): Promise<Blob> {
  const response = await apiRequest(fileContentUrl(id), { signal, headers: { Accept: type } });
  return new Blob([await response.arrayBuffer()], { type });
}

export type PreviewKind = 'table' | 'text' | 'image' | null;

const TABLE_TYPES = new Set(['text/csv', 'text/tab-separated-values']);
const TABLE_EXTENSIONS = new Set(['csv', 'tsv']);

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  svg: 'image/svg+xml',
};
const TEXT_EXTENSIONS = new Set(['txt', 'log', 'csv', 'tsv', 'json', 'md', 'dat', 'out', 'yml', 'yaml', 'xml', 'ini']);

function extensionOf(filename: string): string {
  return /\.([^./]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
}

/** The image type to preview a file as (png, jpeg, svg), from its content type or name. */
export function imageTypeOf(file: OsparcFile): string | null {
  const type = file.content_type?.split(';')[0]?.trim().toLowerCase();
  if (type && Object.values(IMAGE_TYPES).includes(type)) return type;
  return IMAGE_TYPES[extensionOf(file.filename)] ?? null;
}

/** How a file can be previewed in the page: a table (CSV, TSV), text, an image, or not at all. */
export function previewKindOf(file: OsparcFile): PreviewKind {
  if (imageTypeOf(file)) return 'image';
  const type = file.content_type?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (TABLE_TYPES.has(type) || TABLE_EXTENSIONS.has(extensionOf(file.filename))) return 'table';
  if (type.startsWith('text/') || type === 'application/json' || type.endsWith('+json')) return 'text';
  if ((!type || type === 'application/octet-stream') && TEXT_EXTENSIONS.has(extensionOf(file.filename))) return 'text';
  return null;
}

export const fileSizeQuery = (id: string) =>
  queryOptions({
    queryKey: ['files', 'file', id, 'size'] as const,
    queryFn: ({ signal }) => fetchContentLength(id, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const textPreviewQuery = (id: string, maxBytes: number) =>
  queryOptions({
    queryKey: ['files', 'file', id, 'text-preview', maxBytes] as const,
    queryFn: ({ signal }) => fetchTextPreview(id, maxBytes, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const imageBlobQuery = (id: string, type: string) =>
  queryOptions({
    queryKey: ['files', 'file', id, 'image', type] as const,
    queryFn: ({ signal }) => fetchImageBlob(id, type, signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30_000,
  });
