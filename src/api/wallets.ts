import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiJson } from './client.ts';
import type { CreditPrice, Wallet } from './types.ts';

export const fetchDefaultWallet = (signal?: AbortSignal) => apiJson<Wallet>('/v0/wallets/default', { signal });

export const fetchCreditPrice = (signal?: AbortSignal) => apiJson<CreditPrice>('/v0/credits/price', { signal });

export const walletKeys = {
  all: ['wallets'] as const,
  default: ['wallets', 'default'] as const,
  creditPrice: ['credits', 'price'] as const,
};

export const defaultWalletQuery = () =>
  queryOptions({ queryKey: walletKeys.default, queryFn: ({ signal }) => fetchDefaultWallet(signal) });

export const creditPriceQuery = () =>
  queryOptions({ queryKey: walletKeys.creditPrice, queryFn: ({ signal }) => fetchCreditPrice(signal) });

export function useDefaultWallet() {
  return useQuery(defaultWalletQuery());
}

export function useCreditPrice() {
  return useQuery(creditPriceQuery());
}
