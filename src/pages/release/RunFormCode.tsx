import { useMemo } from 'react';
import type { SolverPort } from '../../api/types.ts';
import { CodeExportButton } from '../../components/CodeExportDialog.tsx';
import { jobValuesFromForm, type PortFormData, planPortForm } from '../../components/port-form/port-schema.ts';

/** The run form's "Code": the script that runs the release with the values the form holds now. */
export function RunFormCode({
  solverKey,
  version,
  ports,
  formData,
}: {
  solverKey: string;
  version: string;
  ports: SolverPort[];
  formData: PortFormData | undefined;
}) {
  const plan = useMemo(() => planPortForm(ports), [ports]);
  const spec = useMemo(
    () => ({ solverKey, version, values: jobValuesFromForm(formData, plan) }),
    [solverKey, version, formData, plan],
  );
  return (
    <div className="run-form-code">
      <CodeExportButton spec={spec} subject="for these values" />
    </div>
  );
}
