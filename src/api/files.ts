import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiJson, apiRequest, appliedLocalParams, query } from './client.ts';
import { FILE_ORDERS, type FileView, isDefaultFileView } from './file-view.ts';
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

/**
 * One page of every file: `/v0/files/page` where the host has it (the embedded one does), else
 * the spec's own `GET /v0/files` (every file at once), cut into the same page here.
 */
export async function fetchFilesPage(
  limit: number,
  offset: number,
  signal?: AbortSignal,
): Promise<Page<DescribedFile>> {
  if (!filesPageMissing) {
    try {
      return await apiJson<Page<DescribedFile>>(`/v0/files/page${query({ limit, offset })}`, { signal });
    } catch (error) {
      if (!(error instanceof ApiError) || !NO_FILES_PAGE.includes(error.status)) throw error;
      filesPageMissing = true;
    }
  }
  return pageCutHere(await fetchEveryFile(signal), limit, offset);
}

/** The spec's own listing of every file at once. */
async function fetchEveryFile(signal?: AbortSignal): Promise<DescribedFile[]> {
  const every = await apiJson<DescribedFile[]>('/v0/files', { signal });
  return Array.isArray(every) ? every : [];
}

/** A page cut here out of files read whole: no link of the host leads to it. */
function pageCutHere<T>(all: T[], limit: number, offset: number): Page<T> {
  const links = { first: null, last: null, self: null, next: null, prev: null };
  return { items: all.slice(offset, offset + limit), total: all.length, limit, offset, links };
}

export interface FileViewPage {
  page: Page<DescribedFile>;
  /**
   * True when the host applied the whole view (its name filter, origin and order); false when it
   * ignored part of it (a real oSPARC deployment) or has no files page: the page is then of every
   * file in the host's own order, and the view is applied in the dashboard (see file-view.ts).
   */
  applied: boolean;
}

/** One page of the files as the view asks, filtered and ordered by the host where it can. */
export async function fetchFileViewPage(
  view: FileView,
  limit: number,
  offset: number,
  signal?: AbortSignal,
): Promise<FileViewPage> {
  if (filesPageMissing) return { page: await fetchFilesPage(limit, offset, signal), applied: isDefaultFileView(view) };
  const text = view.nameContains.trim();
  const { order_by, order } = FILE_ORDERS[view.order];
  const local = {
    // The embedded host's search: text in the name, or the start of the checksum.
    search: text || undefined,
    produced_by: view.origin === 'all' ? undefined : view.origin,
    order_by,
    order,
  };
  const sent = Object.entries(local).flatMap(([name, value]) => (value === undefined ? [] : [name]));
  try {
    const response = await apiRequest(`/v0/files/page${query({ limit, offset, ...local })}`, { signal });
    return { page: (await response.json()) as Page<DescribedFile>, applied: appliedLocalParams(response, sent) };
  } catch (error) {
    if (!(error instanceof ApiError) || !NO_FILES_PAGE.includes(error.status)) throw error;
    filesPageMissing = true;
    return { page: await fetchFilesPage(limit, offset, signal), applied: isDefaultFileView(view) };
  }
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
