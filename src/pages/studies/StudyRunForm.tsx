import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { fetchStudyJobInputs, type StudyPort, studyInputPorts, studyKeys, useRunStudy } from '../../api/studies.ts';
import type { ArgumentValue } from '../../api/types.ts';
import { CodeExportButton } from '../../components/CodeExportDialog.tsx';
import { apiFileSource } from '../../components/port-form/api-file-source.ts';
import { FileSourceContext } from '../../components/port-form/file-source.ts';
import { PortForm, type SubmitIntent } from '../../components/port-form/PortForm.tsx';
import { jobValuesFromForm, type PortFormData, planPortForm } from '../../components/port-form/port-schema.ts';
import { QueryError } from '../../components/QueryError.tsx';
import { FROM_JOB_PARAM, paths } from '../../paths.ts';
import { formDataFromJobInputs } from '../release/job-prefill.ts';
import { RegisterStudyFunction } from './RegisterStudyFunction.tsx';

const NO_FIELD_ERRORS: Record<string, string> = {};

/**
 * The study's run form, generated from its input ports (keyed by label, as a job's values are)
 * with the port form and its file widget: Run creates and starts a study job, Create only
 * creates it. With `?from=<job id>` the form starts from that job's inputs ("Run again").
 */
export function StudyRunForm({ studyId, title, ports }: { studyId: string; title: string; ports: StudyPort[] }) {
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const inputPorts = useMemo(() => studyInputPorts(ports), [ports]);
  const [formData, setFormData] = useState<PortFormData | undefined>(undefined);
  const [intent, setIntent] = useState<SubmitIntent>('run');
  const run = useRunStudy(studyId);

  const fromJobId = searchParams.get(FROM_JOB_PARAM);
  const ref = { studyId, jobId: fromJobId ?? '' };
  const from = useQuery({
    queryKey: studyKeys.inputs(ref),
    queryFn: ({ signal }) => fetchStudyJobInputs(ref, signal),
    enabled: Boolean(fromJobId),
  });
  const applied = useRef<string | null>(null);
  const [prefilledFrom, setPrefilledFrom] = useState<string | null>(null);
  useEffect(() => {
    if (!fromJobId || !from.data || applied.current === fromJobId) return;
    applied.current = fromJobId;
    setFormData(formDataFromJobInputs(from.data.values, inputPorts).formData);
    setPrefilledFrom(fromJobId);
    setSearchParams(
      (params) => {
        params.delete(FROM_JOB_PARAM);
        return params;
      },
      { replace: true },
    );
  }, [fromJobId, from.data, inputPorts, setSearchParams]);

  const error = run.error;
  const fieldErrors = error instanceof ApiError && error.status === 422 ? error.fieldErrors : NO_FIELD_ERRORS;

  const submit = (values: Record<string, ArgumentValue>, chosen: SubmitIntent) => {
    setIntent(chosen);
    run.mutate(
      { values, start: chosen === 'run' },
      { onSuccess: (jobRef) => navigate(paths.studyJob.getHref(jobRef)) },
    );
  };

  const plan = useMemo(() => planPortForm(inputPorts), [inputPorts]);
  const codeValues = useMemo(() => jobValuesFromForm(formData, plan), [formData, plan]);

  return (
    <FileSourceContext.Provider value={apiFileSource}>
      {fromJobId && from.isPending && <p aria-busy="true">Loading the inputs of job {fromJobId}…</p>}
      {from.isError && <QueryError error={from.error} title={`Could not read the inputs of job ${fromJobId}`} />}
      {prefilledFrom && (
        <p role="status" className="notice prefill-notice">
          The form holds the inputs of study job {prefilledFrom}. Change what you like, then run.
        </p>
      )}
      {error && (
        <article role="alert" className="error-box">
          <strong>{intent === 'run' ? 'The study could not be run' : 'The study job could not be created'}</strong>
          <p>{error.message}</p>
        </article>
      )}
      {inputPorts.length === 0 && <p>This study has no inputs: it runs as it is.</p>}
      <PortForm
        ports={inputPorts}
        formData={formData}
        onChange={setFormData}
        onSubmit={submit}
        busy={run.isPending ? intent : null}
        serverFieldErrors={fieldErrors}
      />
      <div className="job-actions">
        <CodeExportButton spec={{ kind: 'study', studyId, title, values: codeValues }} subject="for this study" />
        <RegisterStudyFunction studyId={studyId} title={title} ports={ports} currentValues={() => codeValues} />
      </div>
    </FileSourceContext.Provider>
  );
}
