import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api/client.ts';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // 4xx answers will not change by asking again; network failures and 5xx may.
        retry: (failureCount, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
      },
      // Queries pause while the API host is down (see HostStatusBanner); an action the user
      // takes then must fail at once with a message instead of waiting unseen.
      mutations: { networkMode: 'always' },
    },
  });
}
