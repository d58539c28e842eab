import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiJson, apiRequest, query } from './client.ts';
import type { OsparcFile, Page } from './types.ts';

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
export async function fetchFilesPage(limit: number, offset: number, signal?: AbortSignal): Promise<Page<OsparcFile>> {
  if (!filesPageMissing) {
    try {
      return await apiJson<Page<OsparcFile>>(`/v0/files/page${query({ limit, offset })}`, { signal });
    } catch (error) {
      if (!(error instanceof ApiError) || !NO_FILES_PAGE.includes(error.status)) throw error;
      filesPageMissing = true;
    }
  }
  const every = await apiJson<OsparcFile[]>('/v0/files', { signal });
  const all = Array.isArray(every) ? every : [];
  // Cut here: no link of the host leads to these pages.
  const links = { first: null, last: null, self: null, next: null, prev: null };
  return { items: all.slice(offset, offset + limit), total: all.length, limit, offset, links };
}

export function searchFiles(params: FileSearch, signal?: AbortSignal): Promise<Page<OsparcFile>> {
  return apiJson<Page<OsparcFile>>(
    `/v0/files:search${query({
      sha256_checksum: params.sha256_checksum,
      file_id: params.file_id,
      limit: params.limit,
      offset: params.offset,
    })}`,
    { signal },
  );
}

export function fetchFile(id: string, signal?: AbortSignal): Promise<OsparcFile> {
  return apiJson<OsparcFile>(filePath(id), { signal });
}

export async function deleteFile(id: string): Promise<void> {
  await apiJson<unknown>(filePath(id), { method: 'DELETE' });
}

/**
 * Answer header of the embedded host naming the filters of its own it applied
 * (`filename_contains` here): a host without it (a real oSPARC deployment) ignores the parameter.
 */
const LOCAL_FILTERS_HEADER = 'x-osparc-local-filters';

export interface FileNamePage {
  page: Page<OsparcFile>;
  /** False when the host did not search by name (the page is then of every file, and is not used). */
  searched: boolean;
}

/** One page of the files whose name contains `text`, searched by the host where it can. */
export async function fetchFileNamePage(
  text: string,
  limit: number,
  offset: number,
  signal?: AbortSignal,
): Promise<FileNamePage> {
  const empty = {
    items: [],
    total: 0,
    limit,
    offset,
    links: { first: null, last: null, self: null, next: null, prev: null },
  };
  if (filesPageMissing) return { page: empty, searched: false };
  try {
    const response = await apiRequest(`/v0/files/page${query({ limit, offset, filename_contains: text })}`, { signal });
    const applied = (response.headers.get(LOCAL_FILTERS_HEADER) ?? '').split(',').map((name) => name.trim());
    return { page: (await response.json()) as Page<OsparcFile>, searched: applied.includes('filename_contains') };
  } catch (error) {
    if (!(error instanceof ApiError) || !NO_FILES_PAGE.includes(error.status)) throw error;
    filesPageMissing = true;
    return { page: empty, searched: false };
  }
}

/** The most files a name search reads where the host cannot search names; beyond it, the page says the search is cut. */
export const FILE_LISTING_CAP = 1000;

export interface FileListing {
  files: OsparcFile[];
  /** How many files the API host holds (may exceed `files.length` when the cap is hit). */
  total: number;
}

/**
 * Every file, page by page up to a cap. The API searches only by checksum or id, so a search by
 * name reads the listing and filters it in the page.
 */
export async function fetchFileListing(signal?: AbortSignal, cap = FILE_LISTING_CAP): Promise<FileListing> {
  const files: OsparcFile[] = [];
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
  page: (limit: number, offset: number) => ['files', 'page', limit, offset] as const,
  search: (params: FileSearch) => ['files', 'search', params] as const,
  byName: (text: string, limit: number, offset: number) => ['files', 'by-name', text, limit, offset] as const,
  file: (id: string) => ['files', 'file', id] as const,
  listing: ['files', 'listing'] as const,
};

export const filesPageQuery = (limit: number, offset: number) =>
  queryOptions({
    queryKey: fileKeys.page(limit, offset),
    queryFn: ({ signal }) => fetchFilesPage(limit, offset, signal),
  });

export const fileSearchQuery = (params: FileSearch) =>
  queryOptions({ queryKey: fileKeys.search(params), queryFn: ({ signal }) => searchFiles(params, signal) });

export const fileNamePageQuery = (text: string, limit: number, offset: number) =>
  queryOptions({
    queryKey: fileKeys.byName(text, limit, offset),
    queryFn: ({ signal }) => fetchFileNamePage(text, limit, offset, signal),
    placeholderData: keepPreviousData,
  });

export function useFileNamePage(text: string, limit: number, offset: number, enabled = true) {
  return useQuery({ ...fileNamePageQuery(text, limit, offset), enabled });
}

export const fileQuery = (id: string) =>
  queryOptions({ queryKey: fileKeys.file(id), queryFn: ({ signal }) => fetchFile(id, signal) });

export const fileListingQuery = () =>
  queryOptions({ queryKey: fileKeys.listing, queryFn: ({ signal }) => fetchFileListing(signal) });

export function useFileListing(enabled = true) {
  return useQuery({ ...fileListingQuery(), enabled });
}

export function useFilesPage(limit: number, offset: number) {
  return useQuery(filesPageQuery(limit, offset));
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
