import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiJson, query } from './client.ts';
import type { LicensedItem, LicensedItemCheckout, Page } from './types.ts';
import { walletKeys } from './wallets.ts';

/** The catalogue is small: one page of the largest size the API serves. */
const PAGE = query({ limit: 50, offset: 0 });

export const fetchLicensedItems = (signal?: AbortSignal) =>
  apiJson<Page<LicensedItem>>(`/v0/licensed-items${PAGE}`, { signal });

export const fetchAvailableLicensedItems = (walletId: number, signal?: AbortSignal) =>
  apiJson<Page<LicensedItem>>(`/v0/wallets/${walletId}/licensed-items${PAGE}`, { signal });

/** Checkouts not yet released; an extension of the embedded host. */
export const fetchActiveCheckouts = (signal?: AbortSignal) =>
  apiJson<LicensedItemCheckout[]>('/v0/licensed-items/checked-out-items', { signal });

export const checkoutLicensedItem = (walletId: number, itemId: string, seats: number) =>
  apiJson<LicensedItemCheckout>(`/v0/wallets/${walletId}/licensed-items/${itemId}/checkout`, {
    method: 'POST',
    body: { number_of_seats: seats, service_run_id: `dashboard-${Date.now()}` },
  });

export const releaseLicensedItem = (checkout: LicensedItemCheckout) =>
  apiJson<LicensedItemCheckout>(
    `/v0/licensed-items/${checkout.licensed_item_id}/checked-out-items/${checkout.licensed_item_checkout_id}/release`,
    { method: 'POST' },
  );

export const licensedItemKeys = {
  all: ['licensed-items'] as const,
  catalogue: ['licensed-items', 'catalogue'] as const,
  available: (walletId: number) => ['licensed-items', 'available', walletId] as const,
  checkouts: ['licensed-items', 'checkouts'] as const,
};

export function useLicensedItems() {
  return useQuery({ queryKey: licensedItemKeys.catalogue, queryFn: ({ signal }) => fetchLicensedItems(signal) });
}

export function useAvailableLicensedItems(walletId: number | undefined) {
  return useQuery({
    queryKey: licensedItemKeys.available(walletId ?? 0),
    queryFn: ({ signal }) => fetchAvailableLicensedItems(walletId ?? 0, signal),
    enabled: walletId !== undefined,
  });
}

export function useActiveCheckouts() {
  return useQuery({
    queryKey: licensedItemKeys.checkouts,
    queryFn: ({ signal }) => fetchActiveCheckouts(signal),
    retry: false,
  });
}

/** After a checkout or a release, the items, the checkouts and the wallet's credits are read again. */
function useLicenseMutation<T>(mutationFn: (value: T) => Promise<LicensedItemCheckout>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: licensedItemKeys.all }),
        queryClient.invalidateQueries({ queryKey: walletKeys.all }),
      ]);
    },
  });
}

export function useCheckoutLicensedItem(walletId: number) {
  return useLicenseMutation((item: LicensedItem) => checkoutLicensedItem(walletId, item.licensed_item_id, 1));
}

export function useReleaseLicensedItem() {
  return useLicenseMutation(releaseLicensedItem);
}
