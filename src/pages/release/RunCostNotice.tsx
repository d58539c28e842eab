import { costOfPlan, usePricingPlan } from '../../api/job-pricing.ts';
import { useDefaultWallet } from '../../api/wallets.ts';
import { creditsLabel } from '../../components/credits.ts';

/** What one run of the release costs, and what the wallet holds, before the user presses Run. */
export function RunCostNotice({ solverKey, version }: { solverKey: string; version: string }) {
  const plan = usePricingPlan(solverKey, version);
  const wallet = useDefaultWallet();
  const cost = costOfPlan(plan.data);
  // A host without pricing plans (or a failed read) says nothing here rather than a wrong price.
  if (cost === undefined) return null;
  const available = wallet.data?.availableCredits;
  return (
    <p className="run-cost" data-testid="run-cost">
      {cost === 0 ? 'A run of this release is free.' : `A run costs ${creditsLabel(cost)}, taken when it starts.`}
      {available !== undefined && ` The wallet has ${creditsLabel(available)}.`}
      {available !== undefined && cost > available && <strong> That is not enough for a run.</strong>}
    </p>
  );
}
