import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiJson, encodeKey, query } from './client.ts';
import type { Page, Solver } from './types.ts';

export function fetchSolversPage(limit: number, offset: number, signal?: AbortSignal): Promise<Page<Solver>> {
  return apiJson<Page<Solver>>(`/v0/solvers/page${query({ limit, offset })}`, { signal });
}

export const solversPageQuery = (limit: number, offset: number) =>
  queryOptions({
    queryKey: ['solvers', 'page', limit, offset],
    queryFn: ({ signal }) => fetchSolversPage(limit, offset, signal),
  });

export function useSolversPage(limit: number, offset: number) {
  return useQuery(solversPageQuery(limit, offset));
}

/** Route path of a solver release page. */
export function releasePath(key: string, version: string): string {
  return `/solvers/${encodeKey(key)}/releases/${encodeURIComponent(version)}`;
}
