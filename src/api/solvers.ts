import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiJson, encodeKey, query } from './client.ts';
import type { OnePage, Page, Solver, SolverPort } from './types.ts';

/** The largest page the API serves (`limit` is 1..50 upstream); index.html preloads the first such page. */
export const SOLVERS_PAGE_LIMIT = 50;

export function fetchSolversPage(limit: number, offset: number, signal?: AbortSignal): Promise<Page<Solver>> {
  return apiJson<Page<Solver>>(`/v0/solvers/page${query({ limit, offset })}`, { signal });
}

/** The most solvers the catalog reads: a host whose `total` promises more is shown in part, and says so. */
export const SOLVER_LISTING_CAP = 2000;

/** The solvers read, and how many the host says it has (`total` of its pages, which may be more). */
export interface SolverListing {
  solvers: Solver[];
  total: number;
}

/**
 * Every solver (latest release), walking `/v0/solvers/page` until `total` is reached (or the
 * cap). The API has no text search for solvers, so the catalog searches and sorts in the page;
 * doing that over one page only would hide matches on the others.
 */
export async function fetchAllSolvers(signal?: AbortSignal): Promise<SolverListing> {
  const solvers: Solver[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (let offset = 0; offset < SOLVER_LISTING_CAP; offset += SOLVERS_PAGE_LIMIT) {
    const page = await fetchSolversPage(SOLVERS_PAGE_LIMIT, offset, signal);
    total = Math.max(total, page.total ?? 0);
    for (const solver of page.items) {
      // A page that shifted while the walk went on repeats a solver: it is listed once.
      const id = `${solver.id} ${solver.version}`;
      if (!seen.has(id)) solvers.push(solver);
      seen.add(id);
    }
    // An empty page ends the walk even if `total` promised more (items removed meanwhile).
    if (page.items.length === 0 || solvers.length >= page.total) break;
  }
  return { solvers, total: Math.max(total, solvers.length) };
}

export function releasesPath(key: string): string {
  return `/v0/solvers/${encodeKey(key)}/releases`;
}

export function fetchSolverReleases(key: string, signal?: AbortSignal): Promise<Solver[]> {
  return apiJson<Solver[]>(releasesPath(key), { signal });
}

export function fetchSolverRelease(key: string, version: string, signal?: AbortSignal): Promise<Solver> {
  return apiJson<Solver>(`${releasesPath(key)}/${encodeURIComponent(version)}`, { signal });
}

export async function fetchSolverPorts(key: string, version: string, signal?: AbortSignal): Promise<SolverPort[]> {
  const page = await apiJson<OnePage<SolverPort>>(`${releasesPath(key)}/${encodeURIComponent(version)}/ports`, {
    signal,
  });
  return page.items;
}

// --- query options and hooks ----------------------------------------------------------------

export const solverKeys = {
  all: ['solvers'] as const,
  page: (limit: number, offset: number) => ['solvers', 'page', limit, offset] as const,
  everySolver: ['solvers', 'every'] as const,
  releases: (key: string) => ['solvers', 'releases', key] as const,
  release: (key: string, version: string) => ['solvers', 'releases', key, version] as const,
  ports: (key: string, version: string) => ['solvers', 'releases', key, version, 'ports'] as const,
};

export const solversPageQuery = (limit: number, offset: number) =>
  queryOptions({
    queryKey: solverKeys.page(limit, offset),
    queryFn: ({ signal }) => fetchSolversPage(limit, offset, signal),
  });

/** An error younger than this is shown as it is when a component mounts, not asked again at once. */
const FRESH_ERROR_MS = 5_000;

/**
 * Every solver's latest release. The start page fetches it before React mounts (main.tsx), and
 * that fetch has already waited out and retried a busy host: mounting does not send the same
 * tries again on top of a fresh error ("Try again" does).
 */
export const allSolversQuery = () =>
  queryOptions({
    queryKey: solverKeys.everySolver,
    queryFn: ({ signal }) => fetchAllSolvers(signal),
    retryOnMount: (query) =>
      !(query.state.status === 'error' && Date.now() - query.state.errorUpdatedAt < FRESH_ERROR_MS),
  });

export const solverReleasesQuery = (key: string) =>
  queryOptions({ queryKey: solverKeys.releases(key), queryFn: ({ signal }) => fetchSolverReleases(key, signal) });

export const solverReleaseQuery = (key: string, version: string) =>
  queryOptions({
    queryKey: solverKeys.release(key, version),
    queryFn: ({ signal }) => fetchSolverRelease(key, version, signal),
  });

/** A release's ports do not change while it is published. */
export const solverPortsQuery = (key: string, version: string) =>
  queryOptions({
    queryKey: solverKeys.ports(key, version),
    queryFn: ({ signal }) => fetchSolverPorts(key, version, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export function useSolversPage(limit: number, offset: number) {
  return useQuery(solversPageQuery(limit, offset));
}

export function useAllSolvers() {
  return useQuery(allSolversQuery());
}

export function useSolverReleases(key: string) {
  return useQuery(solverReleasesQuery(key));
}

export function useSolverRelease(key: string, version: string) {
  return useQuery(solverReleaseQuery(key, version));
}

export function useSolverPorts(key: string, version: string) {
  return useQuery(solverPortsQuery(key, version));
}

/** A solver key's last part, the name people know it by: `simcore/services/comp/itis/sleeper` → sleeper. */
export function solverShortName(key: string): string {
  return key.split('/').pop() || key;
}
