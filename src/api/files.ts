import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiJson, apiRequest, appliedLocalParams, query } from './client.ts';
import { FILE_ORDERS, type FileView } from './file-view.ts';
import type { DescribedFile, Page } from './types.ts';

/** The largest page the API serves (`limit` is 1..50 upstream). */
export const FILES_PAGE_LIMIT = 50;

export interface FileSearch {
  sha256_checksum?: string;
  file_id?: string;
  limit?: number;
  offset?: number;
}

function filePath(id: string): string {
  return `/v0/files/${encodeURIComponent(id)}`;
}

/** Same-origin link to a file's bytes; the proxy follows a storage redirect, so it works in <a download>. */
export function fileContentUrl(id: string): string {
  return `${filePath(id)}/content`;
}

// --- fetchers -------------------------------------------------------------------------------

/**
 * What a host without `/v0/files/page` answers for it: 404, 405, 501 (upstream hides it), or 422
 * when it takes `page` for the `{file_id}` of `GET /v0/files/{file_id}` and refuses it as no UUID.
 */
const NO_FILES_PAGE = [404, 405, 422, 501];
/** Set once this host turned out to lack `/v0/files/page`: later pages go straight to the fallback. */
let filesPageMissing = false;

/** A page of files, and whether the host applied every parameter of its own that was sent. */
export interface FileViewPage {
  page: Page<DescribedFile>;
  /**
   * True when the host applied all that was asked (a view's name search, origin and order);
   * false when it ignored part of it (a real oSPARC deployment) or has no files page: the page is
   * then of every file in the host's own order, and the view is applied in the dashboard (see
   * file-view.ts).
   */
  applied: boolean;
}

/**
 * One page of the files from `/v0/files/page` with the embedded host's own parameters, where the
 * host has that route (the embedded one does); else the spec's own `GET /v0/files` (every file at
 * once), cut into the same page here, with none of the parameters applied.
 */
async function requestFilesPage(
  limit: number,
  offset: number,
  local: Record<string, string | undefined>,
  signal?: AbortSignal,
): Promise<FileViewPage> {
  const sent = Object.entries(local).flatMap(([name, value]) => (value === undefined ? [] : [name]));
  if (!filesPageMissing) {
    try {
      const response = await apiRequest(`/v0/files/page${query({ limit, offset, ...local })}`, { signal });
      return { page: (await response.json()) as Page<DescribedFile>, applied: appliedLocalParams(response, sent) };
    } catch (error) {
      if (!(error instanceof ApiError) || !NO_FILES_PAGE.includes(error.status)) throw error;
      filesPageMissing = true;
    }
  }
  const every = await apiJson<DescribedFile[]>('/v0/files', { signal });
  const all = Array.isArray(every) ? every : [];
  // Cut here: no link of the host leads to these pages.
  const links = { first: null, last: null, self: null, next: null, prev: null };
  return {
    page: { items: all.slice(offset, offset + limit), total: all.length, limit, offset, links },
    applied: sent.length === 0,
  };
}

/** One page of every file, in the host's own order. */
export async function fetchFilesPage(
  limit: number,
  offset: number,
  signal?: AbortSignal,
): Promise<Page<DescribedFile>> {
  return (await requestFilesPage(limit, offset, {}, signal)).page;
}

/** One page of the files as the view asks, filtered and ordered by the host where it can. */
export function fetchFileViewPage(
  view: FileView,
  limit: number,
  offset: number,
  signal?: AbortSignal,
): Promise<FileViewPage> {
  const text = view.nameContains.trim();
  const { order_by, order } = FILE_ORDERS[view.order];
  return requestFilesPage(
    limit,
    offset,
    {
      // The embedded host's search: text in the name, or the start of the checksum.
      search: text || undefined,
      produced_by: view.origin === 'all' ? undefined : view.origin,
      order_by,
      order,
    },
    signal,
  );
}

export function searchFiles(params: FileSearch, signal?: AbortSignal): Promise<Page<DescribedFile>> {
  return apiJson<Page<DescribedFile>>(
    `/v0/files:search${query({
      sha256_checksum: params.sha256_checksum,
      file_id: params.file_id,
      limit: params.limit,
      offset: params.offset,
    })}`,
    { signal },
  );
}

export function fetchFile(id: string, signal?: AbortSignal): Promise<DescribedFile> {
  return apiJson<DescribedFile>(filePath(id), { signal });
}

export async function deleteFile(id: string): Promise<void> {
  await apiJson<unknown>(filePath(id), { method: 'DELETE' });
}

/** The most files read to filter or order them here where the host cannot; beyond it, the page says the view is cut. */
export const FILE_LISTING_CAP = 1000;

export interface FileListing {
  files: DescribedFile[];
  /** How many files the API host holds (may exceed `files.length` when the cap is hit). */
  total: number;
}

/**
 * Every file, page by page up to a cap. The API searches only by checksum or id, so where the
 * host cannot filter or order files the view reads the listing and applies itself to it.
 */
export async function fetchFileListing(signal?: AbortSignal, cap = FILE_LISTING_CAP): Promise<FileListing> {
  const files: DescribedFile[] = [];
  let total = 0;
  for (let offset = 0; offset < cap; offset += FILES_PAGE_LIMIT) {
    const page = await fetchFilesPage(FILES_PAGE_LIMIT, offset, signal);
    total = page.total;
    files.push(...page.items);
    if (page.items.length === 0 || files.length >= total) break;
  }
  return { files, total };
}

// --- query options and hooks ----------------------------------------------------------------

export const fileKeys = {
  all: ['files'] as const,
  view: (view: FileView, limit: number, offset: number) => ['files', 'view', view, limit, offset] as const,
  search: (params: FileSearch) => ['files', 'search', params] as const,
  file: (id: string) => ['files', 'file', id] as const,
  listing: ['files', 'listing'] as const,
};

export const fileSearchQuery = (params: FileSearch) =>
  queryOptions({ queryKey: fileKeys.search(params), queryFn: ({ signal }) => searchFiles(params, signal) });

export const fileViewPageQuery = (view: FileView, limit: number, offset: number) =>
  queryOptions({
    queryKey: fileKeys.view(view, limit, offset),
    queryFn: ({ signal }) => fetchFileViewPage(view, limit, offset, signal),
    placeholderData: keepPreviousData,
  });

export function useFileViewPage(view: FileView, limit: number, offset: number, enabled = true) {
  return useQuery({ ...fileViewPageQuery(view, limit, offset), enabled });
}

export const fileQuery = (id: string) =>
  queryOptions({ queryKey: fileKeys.file(id), queryFn: ({ signal }) => fetchFile(id, signal) });

export const fileListingQuery = () =>
  queryOptions({ queryKey: fileKeys.listing, queryFn: ({ signal }) => fetchFileListing(signal) });

export function useFileListing(enabled = true) {
  return useQuery({ ...fileListingQuery(), enabled });
}

export function useFileSearch(params: FileSearch, enabled = true) {
  return useQuery({ ...fileSearchQuery(params), enabled });
}

export function useDeleteFile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteFile(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: fileKeys.all }),
  });
}
