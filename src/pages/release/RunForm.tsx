import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/client.ts';
import { fileQuery } from '../../api/files.ts';
import { type JobRef, useRunJob } from '../../api/jobs.ts';
import type { ArgumentValue, SolverPort } from '../../api/types.ts';
import { apiFileSource } from '../../components/port-form/api-file-source.ts';
import { FileSourceContext } from '../../components/port-form/file-source.ts';
import { PortForm, type SubmitIntent } from '../../components/port-form/PortForm.tsx';
import {
  fileReference,
  type PortFormData,
  placeServerErrors,
  planPortForm,
} from '../../components/port-form/port-schema.ts';
import { portTitle } from '../../components/port-values.ts';
import { QueryError } from '../../components/QueryError.tsx';
import { FROM_JOB_PARAM, INPUT_FILE_PARAM, paths } from '../../paths.ts';
import { planSweep, type SweepSpecs } from '../../sweep/plan.ts';
import { useRunAgainPrefill } from './RunAgainPrefill.tsx';
import { RunCostNotice } from './RunCostNotice.tsx';
import { RunFormCode } from './RunFormCode.tsx';
import { readRunForm, readRunSweeps, writeRunForm, writeRunSweeps } from './run-form-storage.ts';
import { useSweepLaunch } from './SweepLaunch.tsx';

interface RunFormProps {
  solverKey: string;
  version: string;
  ports: SolverPort[];
}

const NO_FIELD_ERRORS: Record<string, string> = {};

/** Whether this page load is a reload (the form then comes back as it was). */
function pageWasReloaded(): boolean {
  const entry = globalThis.performance?.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  return entry?.type === 'reload';
}

function hasInputs(values: PortFormData | undefined, sweeps: SweepSpecs): boolean {
  return Object.keys(values ?? {}).length > 0 || Object.keys(sweeps).length > 0;
}

/**
 * The release's run form: creates (and by default starts) a job with the values, then opens
 * the job page. Values survive errors and reloads; `?file=<id>` preselects a file for the
 * first file port (the Files page's "Use as input").
 */
export function RunForm({ solverKey, version, ports }: RunFormProps) {
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  // A reload keeps the form as it was; coming back to the release later offers the last inputs
  // instead of silently reopening them.
  const [reloaded] = useState(pageWasReloaded);
  const [formData, setFormData] = useState<PortFormData | undefined>(() =>
    reloaded ? readRunForm(solverKey, version) : undefined,
  );
  const [lastInputs, setLastInputs] = useState(() =>
    reloaded ? undefined : { values: readRunForm(solverKey, version), sweeps: readRunSweeps(solverKey, version) },
  );
  const runJob = useRunJob();
  const [intent, setIntent] = useState<SubmitIntent>('run');
  // "Run" creates, then starts: a refused start leaves a created job, which the user should know of.
  const [startFailure, setStartFailure] = useState<{ ref: JobRef; error: unknown } | null>(null);
  const plan = useMemo(() => planPortForm(ports), [ports]);
  // Swept inputs (integer and number ports switched from a value to a sweep).
  const [sweepSpecs, setSweepSpecs] = useState<SweepSpecs>(() => (reloaded ? readRunSweeps(solverKey, version) : {}));
  const sweepPlan = useMemo(() => planSweep(ports, sweepSpecs), [ports, sweepSpecs]);
  const sweeping = Object.keys(sweepSpecs).length > 0;
  const [sweepRefused, setSweepRefused] = useState<string[]>([]);
  const sweepLaunch = useSweepLaunch(solverKey, version, ports);
  const updateSweeps = useCallback(
    (next: SweepSpecs) => {
      setSweepSpecs(next);
      setSweepRefused([]);
      writeRunSweeps(solverKey, version, next);
    },
    [solverKey, version],
  );
  const sweep = useMemo(
    () => ({ specs: sweepSpecs, plan: sweepPlan, onChange: updateSweeps }),
    [sweepSpecs, sweepPlan, updateSweeps],
  );

  const update = useCallback(
    (next: PortFormData) => {
      setFormData(next);
      writeRunForm(solverKey, version, next);
    },
    [solverKey, version],
  );
  const runAgain = useRunAgainPrefill({ solverKey, version, ports, apply: update });

  // `?file=<id>`: put that file into the first port that takes files, then drop the parameter
  // so a reload keeps whatever the user chose afterwards.
  const linkedFileId = searchParams.get(INPUT_FILE_PARAM);
  const filePort =
    plan.portKeys.find((key) => plan.kinds[key] === 'file') ??
    plan.portKeys.find((key) => plan.kinds[key] === 'value-or-file');
  const linkedFile = useQuery({ ...fileQuery(linkedFileId ?? ''), enabled: Boolean(linkedFileId && filePort) });
  const appliedFileId = useRef<string | null>(null);
  useEffect(() => {
    if (!linkedFile.data || !filePort || appliedFileId.current === linkedFile.data.id) return;
    appliedFileId.current = linkedFile.data.id;
    update({ ...(formData ?? {}), [filePort]: fileReference(linkedFile.data) });
    setSearchParams(
      (params) => {
        params.delete(INPUT_FILE_PARAM);
        return params;
      },
      { replace: true },
    );
  }, [linkedFile.data, filePort, formData, update, setSearchParams]);

  const error = runJob.error;
  const fieldErrors = error instanceof ApiError && error.status === 422 ? error.fieldErrors : NO_FIELD_ERRORS;
  // Server errors that name no input of the form, listed above it.
  const unplaced = useMemo(() => placeServerErrors(fieldErrors, plan).unplaced, [fieldErrors, plan]);

  function submit(values: Record<string, ArgumentValue>, chosen: SubmitIntent) {
    if (sweeping) {
      setIntent('run');
      const problems = Object.entries(sweepPlan.expansions).flatMap(([port, expansion]) =>
        expansion.errors.map((message) => `${titleOf(port)}: ${message}`),
      );
      if (sweepPlan.gridError) problems.push(sweepPlan.gridError);
      setSweepRefused(problems);
      if (problems.length === 0) sweepLaunch.start(sweepPlan, values);
      return;
    }
    setIntent(chosen);
    setStartFailure(null);
    runJob.mutate(
      { solverKey, version, inputs: { values }, start: chosen === 'run' },
      {
        onSuccess: ({ ref, startError }) => {
          if (startError !== undefined) setStartFailure({ ref, error: startError });
          else navigate(paths.job.getHref(ref));
        },
      },
    );
  }

  function titleOf(port: string): string {
    return portTitle(
      ports.find((candidate) => candidate.key === port),
      port,
    );
  }

  return (
    <FileSourceContext.Provider value={apiFileSource}>
      {runAgain.notice}
      {lastInputs && hasInputs(lastInputs.values, lastInputs.sweeps) && !searchParams.has(FROM_JOB_PARAM) && (
        <p role="status" className="prefill-notice">
          You set inputs for this release before.{' '}
          <button
            type="button"
            className="secondary outline small-button"
            onClick={() => {
              update(lastInputs.values ?? {});
              updateSweeps(lastInputs.sweeps);
              setLastInputs(undefined);
            }}
          >
            Restore your last inputs
          </button>
        </p>
      )}
      {linkedFileId && !filePort && (
        <p role="status">This release has no file input, so the file from the link is not used.</p>
      )}
      {linkedFile.isPending && linkedFileId && filePort && <p aria-busy="true">Loading the file from the link…</p>}
      {linkedFile.isError && <QueryError error={linkedFile.error} title="The file from the link could not be found" />}
      {startFailure && (
        <article role="alert" className="error-box">
          <strong>The job was created but could not be started</strong>
          <p>{errorMessage(startFailure.error)}</p>
          <p>
            <Link to={paths.job.getHref(startFailure.ref)}>Open the created job</Link> to start it later, or change the
            values and run again.
          </p>
        </article>
      )}
      {error && (
        <article role="alert" className="error-box">
          <strong>{intent === 'run' ? 'The job could not be run' : 'The job could not be created'}</strong>
          <p>{error.message}</p>
          {unplaced.length > 0 && (
            <ul>
              {unplaced.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
          {Object.keys(fieldErrors).length > 0 && <p>The fields concerned are marked below; your values are kept.</p>}
        </article>
      )}
      {sweepRefused.length > 0 && (
        <article role="alert" className="error-box">
          <strong>The sweep cannot start yet</strong>
          <ul>
            {sweepRefused.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </article>
      )}
      {sweepLaunch.ui}
      <RunCostNotice solverKey={solverKey} version={version} />
      <PortForm
        ports={ports}
        formData={formData}
        onChange={update}
        onSubmit={submit}
        busy={runJob.isPending || sweepLaunch.busy ? intent : null}
        serverFieldErrors={fieldErrors}
        sweep={sweep}
      />
      <RunFormCode
        solverKey={solverKey}
        version={version}
        ports={ports}
        formData={formData}
        sweep={sweeping ? sweepPlan : null}
      />
    </FileSourceContext.Provider>
  );
}
