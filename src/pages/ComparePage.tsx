import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { hasStopped, jobStatusQuery } from '../api/job-status.ts';
import { jobInputsQuery, jobOutputsQuery } from '../api/jobs.ts';
import { solverPortsQuery, solverShortName } from '../api/solvers.ts';
import type { ArgumentValue, JobStatus, SolverPort } from '../api/types.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { COMPARE_JOBS_PARAM, paths } from '../paths.ts';
import { CompareTable } from './compare/CompareTable.tsx';
import { parseCompareRefs } from './compare/compare-refs.ts';
import { compareRows } from './compare/compare-rows.ts';
import { DifferencesToggle } from './compare/DifferencesToggle.tsx';

/** Ports of every release among the jobs, first release first, each key once (for titles and units). */
function mergedPorts(lists: (SolverPort[] | undefined)[]): SolverPort[] {
  const seen = new Set<string>();
  const merged: SolverPort[] = [];
  for (const port of lists.flatMap((list) => list ?? [])) {
    const id = `${port.kind}:${port.key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    merged.push(port);
  }
  return merged;
}

/** Why a job shows no outputs in the comparison. */
function noOutputsReason(status: JobStatus | undefined, failed: boolean): string {
  if (!status) return 'inspecting…';
  if (status.state === 'SUCCESS') return failed ? 'could not be read' : 'loading…';
  if (!hasStopped(status)) return `${status.state}: not finished`;
  return `${status.state}: no outputs`;
}

/** Jobs of one solver side by side (`/compare?jobs=<key>:<version>:<id>,...`): inputs and outputs, differences marked. */
export function ComparePage() {
  const [searchParams] = useSearchParams();
  const { refs, invalid } = parseCompareRefs(searchParams.get(COMPARE_JOBS_PARAM));
  const [onlyDifferences, setOnlyDifferences] = useState(false);

  const releases = [...new Map(refs.map((ref) => [`${ref.solverKey}@${ref.version}`, ref])).values()];
  const ports = useQueries({ queries: releases.map((ref) => solverPortsQuery(ref.solverKey, ref.version)) });
  const inputs = useQueries({ queries: refs.map((ref) => jobInputsQuery(ref)) });
  const statuses = useQueries({ queries: refs.map((ref) => jobStatusQuery(ref)) });
  const outputs = useQueries({
    queries: refs.map((ref, index) => ({
      ...jobOutputsQuery(ref),
      enabled: statuses[index]?.data?.state === 'SUCCESS',
    })),
  });

  const solvers = [...new Set(refs.map((ref) => ref.solverKey))];
  if (refs.length < 2 || solvers.length > 1) {
    return (
      <section>
        <h1>Compare jobs</h1>
        {invalid.length > 0 && <p>These parts of the link name no job: {invalid.join(', ')}.</p>}
        <p>
          {solvers.length > 1
            ? `Only jobs of one solver can be compared; these are of ${solvers.map(solverShortName).join(', ')}.`
            : 'Choose two or more jobs of the same solver to compare them.'}
        </p>
        <p>
          <Link to={paths.jobs.getHref()}>Choose jobs in the jobs list</Link>
        </p>
      </section>
    );
  }

  const columns = refs.map((ref) => ({ jobId: ref.jobId, href: paths.job.getHref(ref), note: ref.version }));
  const allPorts = mergedPorts(ports.map((query) => query.data));
  const inputPorts = allPorts.filter((port) => port.kind === 'input');
  const outputPorts = allPorts.filter((port) => port.kind === 'output');
  const inputRows = compareRows(
    inputs.map((query) => query.data?.values),
    inputPorts,
    inputs.map((query) =>
      query.error instanceof ApiError && query.error.status === 404
        ? 'not reported by the host'
        : query.isError
          ? 'could not be read'
          : 'loading…',
    ),
  );
  const outputRows = compareRows(
    outputs.map((query) => query.data?.results as Record<string, ArgumentValue> | undefined),
    outputPorts,
    statuses.map((status, index) => noOutputsReason(status.data, Boolean(outputs[index]?.isError))),
  );
  const loading = inputs.some((query) => query.isPending) || statuses.some((query) => query.isPending);
  const errors = [...inputs, ...statuses].filter(
    (query) => query.isError && !(query.error instanceof ApiError && query.error.status === 404),
  );

  return (
    <section className="compare-page">
      <Breadcrumb trail={[{ to: paths.jobs.getHref(), label: 'Jobs' }]} current="Compare" />
      <h1>
        Compare {refs.length} {solverShortName(solvers[0] ?? '')} jobs
      </h1>
      {invalid.length > 0 && <p className="notice">These parts of the link name no job: {invalid.join(', ')}.</p>}
      {loading && <p aria-busy="true">Loading the jobs…</p>}
      {errors.length > 0 && (
        <p role="alert">
          {errors.length} {errors.length === 1 ? 'request' : 'requests'} failed:{' '}
          {errors.map((query) => query.error?.message).join('; ')}
        </p>
      )}
      <DifferencesToggle only={onlyDifferences} onChange={setOnlyDifferences} />
      <CompareTable
        caption="Inputs"
        columns={columns}
        statuses={statuses.map((q) => q.data)}
        rows={inputRows}
        only={onlyDifferences}
      />
      <CompareTable
        caption="Outputs"
        columns={columns}
        statuses={statuses.map((q) => q.data)}
        rows={outputRows}
        only={onlyDifferences}
        empty={
          statuses.some((status) => status.data?.state === 'SUCCESS')
            ? 'No outputs to compare yet.'
            : 'None of these jobs has succeeded, so there are no outputs to compare.'
        }
      />
    </section>
  );
}
