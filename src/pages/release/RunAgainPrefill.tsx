import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { jobInputsQuery } from '../../api/jobs.ts';
import type { SolverPort } from '../../api/types.ts';
import type { PortFormData } from '../../components/port-form/port-schema.ts';
import { QueryError } from '../../components/QueryError.tsx';
import { FROM_JOB_PARAM, paths } from '../../paths.ts';
import { formDataFromJobInputs } from './job-prefill.ts';

interface RunAgainPrefillArgs {
  solverKey: string;
  version: string;
  ports: SolverPort[];
  /** Replaces the form's data. */
  apply(formData: PortFormData): void;
}

/**
 * "Run again": with `?from=<jobId>`, fills the run form with that job's inputs (files as File
 * references), then drops the parameter so a reload keeps the user's edits. Nothing is created
 * or started; the returned notice says where the values came from.
 */
export function useRunAgainPrefill({ solverKey, version, ports, apply }: RunAgainPrefillArgs) {
  const [searchParams, setSearchParams] = useSearchParams();
  const fromJobId = searchParams.get(FROM_JOB_PARAM);
  const [prefilled, setPrefilled] = useState<{ jobId: string; dropped: string[] } | null>(null);
  const ref = { solverKey, version, jobId: fromJobId ?? '' };
  const inputs = useQuery({ ...jobInputsQuery(ref), enabled: Boolean(fromJobId) });
  const applied = useRef<string | null>(null);

  useEffect(() => {
    if (!fromJobId || !inputs.data || applied.current === fromJobId) return;
    applied.current = fromJobId;
    const { formData, dropped } = formDataFromJobInputs(inputs.data.values, ports);
    apply(formData);
    setPrefilled({ jobId: fromJobId, dropped });
    setSearchParams(
      (params) => {
        params.delete(FROM_JOB_PARAM);
        return params;
      },
      { replace: true },
    );
  }, [fromJobId, inputs.data, ports, apply, setSearchParams]);

  const unreported = inputs.error instanceof ApiError && inputs.error.status === 404;
  const notice = (
    <>
      {fromJobId && inputs.isPending && <p aria-busy="true">Loading the inputs of job {fromJobId}…</p>}
      {fromJobId && unreported && (
        <p role="status" className="notice">
          The API host does not report the inputs of job {fromJobId}, so the form is not prefilled.
        </p>
      )}
      {fromJobId && inputs.isError && !unreported && (
        <QueryError error={inputs.error} title={`Could not read the inputs of job ${fromJobId}`} />
      )}
      {prefilled && (
        <p role="status" className="notice prefill-notice">
          Prefilled from job{' '}
          <Link to={paths.job.getHref({ solverKey, version, jobId: prefilled.jobId })}>
            <code>{prefilled.jobId}</code>
          </Link>
          . Change what you like; nothing runs until you press Run.
          {prefilled.dropped.length > 0 &&
            ` Not used (this release has no such input): ${prefilled.dropped.join(', ')}.`}
        </p>
      )}
    </>
  );
  return { notice };
}
