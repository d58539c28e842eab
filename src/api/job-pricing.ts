import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiJson, encodeKey } from './client.ts';
import { type JobRef, jobKeys, jobPath } from './jobs.ts';
import type { JobCharge, PricingPlan, PricingUnit } from './types.ts';
import { walletKeys } from './wallets.ts';

export const fetchPricingPlan = (solverKey: string, version: string, signal?: AbortSignal) =>
  apiJson<PricingPlan>(`/v0/solvers/${encodeKey(solverKey)}/releases/${encodeURIComponent(version)}/pricing_plan`, {
    signal,
  });

export const fetchJobPricingUnit = (ref: JobRef, signal?: AbortSignal) =>
  apiJson<PricingUnit>(`${jobPath(ref)}/pricing_unit`, { signal });

/** What the job's start took from the wallet; an extension of the embedded host. */
export const fetchJobCharge = (ref: JobRef, signal?: AbortSignal) =>
  apiJson<JobCharge>(`${jobPath(ref)}/charge`, { signal });

export const deleteJobAssets = (ref: JobRef) => apiJson<void>(`${jobPath(ref)}/assets`, { method: 'DELETE' });

/** The cost of one job of a release: its pricing plan's default unit. */
export function costOfPlan(plan: PricingPlan | undefined): number | undefined {
  const units = plan?.pricingUnits ?? [];
  return (units.find((unit) => unit.default) ?? units[0])?.currentCostPerUnit;
}

export const pricingKeys = {
  plan: (solverKey: string, version: string) => ['solvers', 'releases', solverKey, version, 'pricing-plan'] as const,
  unit: (ref: JobRef) => [...jobKeys.job(ref), 'pricing-unit'] as const,
  charge: (ref: JobRef) => [...jobKeys.job(ref), 'charge'] as const,
};

export function usePricingPlan(solverKey: string, version: string) {
  return useQuery(
    queryOptions({
      queryKey: pricingKeys.plan(solverKey, version),
      queryFn: ({ signal }) => fetchPricingPlan(solverKey, version, signal),
      retry: false,
    }),
  );
}

export function useJobPricingUnit(ref: JobRef) {
  return useQuery({
    queryKey: pricingKeys.unit(ref),
    queryFn: ({ signal }) => fetchJobPricingUnit(ref, signal),
    retry: false,
  });
}

/** Read again when the job's state changes: the charge is made at start. */
export function useJobCharge(ref: JobRef, state: string | undefined) {
  return useQuery({
    queryKey: [...pricingKeys.charge(ref), state],
    queryFn: ({ signal }) => fetchJobCharge(ref, signal),
    retry: false,
  });
}

/** Frees a finished job's space: its outputs and logs are gone afterwards, its record stays. */
export function useDeleteJobAssets(ref: JobRef) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteJobAssets(ref),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: jobKeys.job(ref) });
      await queryClient.invalidateQueries({ queryKey: walletKeys.all });
    },
  });
}
