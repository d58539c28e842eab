import type { UseQueryResult } from '@tanstack/react-query';
import { useId } from 'react';
import { isNotFound } from '../api/client.ts';
import type { JobInputs, SolverPort } from '../api/types.ts';
import { InputsTable } from './InputsTable.tsx';
import { QueryError } from './QueryError.tsx';

/**
 * The "Inputs" section of a job page (solver or study job). A host that gives no inputs back
 * for this job (404: no route and no record in its metadata) is said plainly, not as an error.
 */
export function JobInputsSection({
  inputs,
  ports,
}: {
  inputs: UseQueryResult<JobInputs>;
  ports: readonly SolverPort[] | undefined;
}) {
  const headingId = useId();
  const unreported = inputs.isError && isNotFound(inputs.error);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Inputs</h2>
      {inputs.isPending && <p aria-busy="true">Loading the inputs…</p>}
      {unreported && <p>{inputs.error.message}</p>}
      {inputs.isError && !unreported && <QueryError error={inputs.error} title="Could not load the inputs" />}
      {inputs.data && <InputsTable values={inputs.data.values} ports={ports} />}
    </section>
  );
}
