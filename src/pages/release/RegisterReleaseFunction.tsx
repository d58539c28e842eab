import { useMemo } from 'react';
import { useHostHasFunctions } from '../../api/functions.ts';
import type { Solver, SolverPort } from '../../api/types.ts';
import { inputSchemaOfPorts, outputSchemaOfPorts } from '../../components/functions/function-schema.ts';
import { RegisterFunctionButton } from '../../components/functions/RegisterFunctionDialog.tsx';
import { jobValuesFromForm, planPortForm } from '../../components/port-form/port-schema.ts';
import { readRunForm } from './run-form-storage.ts';

/** "Register as function" for a release, on hosts that have functions; defaults are the run form's values. */
export function RegisterReleaseFunction({ solver, ports }: { solver: Solver; ports: SolverPort[] }) {
  const available = useHostHasFunctions();
  const plan = useMemo(() => planPortForm(ports), [ports]);
  if (!available.data) return null;
  // A block of its own, not a paragraph: the button's dialog (headings, a form) cannot sit in a <p>.
  return (
    <div className="register-function">
      <RegisterFunctionButton
        base={{
          function_class: 'SOLVER',
          solver_key: solver.id,
          solver_version: solver.version,
          input_schema: inputSchemaOfPorts(ports),
          output_schema: outputSchemaOfPorts(ports),
        }}
        suggestedTitle={`${solver.title} ${solver.version}`}
        currentValues={() => jobValuesFromForm(readRunForm(solver.id, solver.version), plan)}
      />
    </div>
  );
}
