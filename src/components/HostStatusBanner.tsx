import { onlineManager, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { fetchMeta, isHostDown, metaKeys, useDashboardConfig } from '../api/meta.ts';

/** Wait before checking again: 1 s, 2 s, 4 s … up to 30 s while the host stays down. */
function hostCheckDelayMs(failures: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
}

/**
 * Data widget: a banner on every page while the API host does not answer. Any request that
 * finds the host gone triggers a check of `/v0/meta`; while it fails the check repeats with
 * backoff, and once the host answers again the banner goes and failed queries are refetched.
 * While the host is down every other query is paused (TanStack's offline mode): polling pages
 * such as a running job's stop asking, so the only requests left are the backed-off checks.
 */
export function HostStatusBanner() {
  const queryClient = useQueryClient();
  const config = useDashboardConfig();
  const failures = useRef(0);
  const check = useQuery({
    queryKey: metaKeys.hostCheck,
    queryFn: async ({ signal }) => {
      try {
        const meta = await fetchMeta(signal);
        failures.current = 0;
        return meta;
      } catch (error) {
        failures.current += 1;
        throw error;
      }
    },
    retry: false,
    staleTime: 0,
    refetchInterval: (query) =>
      query.state.status === 'error' && isHostDown(query.state.error) ? hostCheckDelayMs(failures.current) : false,
    refetchOnWindowFocus: true,
    // The check is what finds the host back, so it runs while the other queries are paused.
    networkMode: 'always',
  });
  const down = check.isError && isHostDown(check.error);

  // Paused queries (polls included) continue by themselves once this is set back online.
  useEffect(() => {
    onlineManager.setOnline(!down);
  }, [down]);
  useEffect(() => () => onlineManager.setOnline(true), []);

  // Another request saw the host gone: check now instead of waiting for the next poll.
  useEffect(() => {
    const onError = (error: unknown) => {
      if (!isHostDown(error)) return;
      const state = queryClient.getQueryState(metaKeys.hostCheck);
      if (state?.fetchStatus !== 'fetching' && state?.status !== 'error') {
        void queryClient.refetchQueries({ queryKey: metaKeys.hostCheck, exact: true });
      }
    };
    const stopQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    const stopMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    return () => {
      stopQueries();
      stopMutations();
    };
  }, [queryClient]);

  // Back up: whatever failed while it was down gets another chance.
  const wasDown = useRef(false);
  useEffect(() => {
    if (down) wasDown.current = true;
    else if (wasDown.current && check.isSuccess) {
      wasDown.current = false;
      void queryClient.refetchQueries({ predicate: (query) => query.state.status === 'error' });
    }
  }, [down, check.isSuccess, queryClient]);

  if (!down) return null;
  const apiHost = config.data?.apiHost;
  return (
    <div className="container">
      <article role="alert" className="host-down-banner">
        <strong>
          {apiHost ? `The API host at ${apiHost} does not answer.` : 'The dashboard cannot reach the API host.'}
        </strong>{' '}
        Nothing can be loaded or run until it is back; this page checks again by itself and recovers as soon as it
        answers.{' '}
        <button
          type="button"
          className="secondary outline"
          aria-busy={check.isFetching}
          disabled={check.isFetching}
          onClick={() => void check.refetch()}
        >
          Check now
        </button>
      </article>
    </div>
  );
}
