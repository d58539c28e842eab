import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError, apiJson } from './client.ts';
import type { Meta } from './types.ts';

export const fetchMeta = (signal?: AbortSignal) => apiJson<Meta>('/v0/meta', { signal });

/** What the dashboard's own server tells the page (see vite/api-proxy.ts); never the key. */
export interface DashboardConfig {
  apiHost: string;
  hasCredentials: boolean;
}

/** Same-origin, answered by the proxy itself, so it works while the API host is down. */
export const fetchDashboardConfig = (signal?: AbortSignal) =>
  apiJson<DashboardConfig>('/_dashboard/config', { signal });

export const metaKeys = {
  meta: ['meta'] as const,
  hostCheck: ['meta', 'host-check'] as const,
  dashboardConfig: ['dashboard', 'config'] as const,
};

export const metaQuery = () => queryOptions({ queryKey: metaKeys.meta, queryFn: ({ signal }) => fetchMeta(signal) });

export const dashboardConfigQuery = () =>
  queryOptions({
    queryKey: metaKeys.dashboardConfig,
    queryFn: ({ signal }) => fetchDashboardConfig(signal),
    staleTime: Number.POSITIVE_INFINITY,
    // Answered by the dashboard's own server: needed by the banner while the API host is down.
    networkMode: 'always',
  });

export function useMeta() {
  return useQuery(metaQuery());
}

export function useDashboardConfig() {
  return useQuery(dashboardConfigQuery());
}

/** The API host is down when the dashboard cannot reach it or the proxy says it does not answer. */
export function isHostDown(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status === 502 || error.status === 504);
}
