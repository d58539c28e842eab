import { useId } from 'react';
import { useJobCharge, useJobPricingUnit } from '../../api/job-pricing.ts';
import type { JobRef } from '../../api/jobs.ts';
import type { JobStatus } from '../../api/types.ts';
import { creditsLabel } from '../../components/credits.ts';
import { formatTime } from '../../lib/format.ts';

/** The job's pricing unit and what its start took from the wallet. */
export function JobCostSection({ jobRef, status }: { jobRef: JobRef; status: JobStatus | undefined }) {
  const headingId = useId();
  const unit = useJobPricingUnit(jobRef);
  const charge = useJobCharge(jobRef, status?.state);
  // A host without pricing units for this job shows nothing rather than a guess.
  if (!unit.data) return null;
  const started = status && status.state !== 'NOT_STARTED';
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Cost</h2>
      <dl className="job-facts">
        <div>
          <dt>Price of a run</dt>
          <dd>
            {creditsLabel(unit.data.currentCostPerUnit)} <small>({unit.data.unitName} pricing unit)</small>
          </dd>
        </div>
        {charge.data && (
          <div>
            <dt>Charged</dt>
            <dd data-testid="job-charged">
              {charge.data.charged_at
                ? `${creditsLabel(charge.data.credits)} at ${formatTime(charge.data.charged_at)}`
                : started
                  ? 'Nothing: the run was free'
                  : 'Nothing yet: the price is taken when the job starts'}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
