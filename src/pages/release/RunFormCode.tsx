import { useMemo } from 'react';
import type { SolverPort } from '../../api/types.ts';
import { CodeExportButton } from '../../components/CodeExportDialog.tsx';
import { jobValuesFromForm, type PortFormData, planPortForm } from '../../components/port-form/port-schema.ts';
import type { SweepPlan } from '../../sweep/plan.ts';

/**
 * The run form's "Code": the script that runs the release with the values the form holds now,
 * or, when inputs are swept, the script that runs the whole sweep.
 */
export function RunFormCode({
  solverKey,
  version,
  ports,
  formData,
  sweep,
}: {
  solverKey: string;
  version: string;
  ports: SolverPort[];
  formData: PortFormData | undefined;
  /** The form's sweep; `null` when no input is swept. */
  sweep: SweepPlan | null;
}) {
  const plan = useMemo(() => planPortForm(ports), [ports]);
  const spec = useMemo(
    () =>
      sweep && !sweep.ready
        ? null
        : { solverKey, version, values: jobValuesFromForm(formData, plan), sweep: sweep?.axes },
    [solverKey, version, formData, plan, sweep],
  );
  return (
    <div className="run-form-code">
      <CodeExportButton
        spec={spec}
        unavailable="The sweep has errors: fix them to see its script."
        subject={sweep ? `for this sweep of ${sweep.size} jobs` : 'for these values'}
      />
    </div>
  );
}
