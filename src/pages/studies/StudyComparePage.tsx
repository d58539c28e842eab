import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  fetchStudyJobInputs,
  fetchStudyJobOutputs,
  studyInputPorts,
  studyJobStatusQuery,
  studyKeys,
  studyOutputPorts,
  useStudy,
  useStudyPorts,
} from '../../api/studies.ts';
import type { ArgumentValue } from '../../api/types.ts';
import { Breadcrumb } from '../../components/Breadcrumb.tsx';
import { COMPARE_JOBS_PARAM, paths } from '../../paths.ts';
import { CompareTable } from '../compare/CompareTable.tsx';
import { compareRows } from '../compare/compare-rows.ts';
import { DifferencesToggle } from '../compare/DifferencesToggle.tsx';

/** Jobs of one study side by side (`/studies/<id>/compare?jobs=<job id>,...`): inputs and outputs, differences marked. */
export function StudyComparePage() {
  const studyId = useParams().studyId ?? '';
  const [searchParams] = useSearchParams();
  const jobIds = [
    ...new Set(
      (searchParams.get(COMPARE_JOBS_PARAM) ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
  const refs = jobIds.map((jobId) => ({ studyId, jobId }));
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const study = useStudy(studyId);
  const ports = useStudyPorts(studyId);
  const statuses = useQueries({ queries: refs.map((ref) => studyJobStatusQuery(ref)) });
  const inputs = useQueries({
    queries: refs.map((ref) => ({ queryKey: studyKeys.inputs(ref), queryFn: () => fetchStudyJobInputs(ref) })),
  });
  const outputs = useQueries({
    queries: refs.map((ref, index) => ({
      queryKey: studyKeys.outputs(ref),
      queryFn: () => fetchStudyJobOutputs(ref),
      enabled: statuses[index]?.data?.state === 'SUCCESS',
      staleTime: Number.POSITIVE_INFINITY,
    })),
  });
  const title = study.data?.title ?? studyId;
  if (refs.length < 2) {
    return (
      <section>
        <h1>Compare study jobs</h1>
        <p>Choose two or more jobs of the study to compare them.</p>
        <p>
          <Link to={paths.study.getHref(studyId)}>The study’s jobs</Link>
        </p>
      </section>
    );
  }
  const columns = refs.map((ref) => ({ jobId: ref.jobId, href: paths.studyJob.getHref(ref) }));
  const inputRows = compareRows(
    inputs.map((query) => query.data?.values),
    ports.data ? studyInputPorts(ports.data) : [],
    inputs.map((query) => (query.isError ? 'could not be read' : 'loading…')),
  );
  const outputRows = compareRows(
    outputs.map((query) => query.data?.results as Record<string, ArgumentValue> | undefined),
    ports.data ? studyOutputPorts(ports.data) : [],
    statuses.map((status) =>
      !status.data ? 'inspecting…' : status.data.stopped_at ? `${status.data.state}: no outputs` : 'not finished',
    ),
  );
  const statusData = statuses.map((query) => query.data);
  return (
    <section className="compare-page">
      <Breadcrumb
        trail={[
          { to: paths.studies.getHref(), label: 'Studies' },
          { to: paths.study.getHref(studyId), label: title },
        ]}
        current="Compare"
      />
      <h1>
        Compare {refs.length} jobs of {title}
      </h1>
      <DifferencesToggle only={onlyDifferences} onChange={setOnlyDifferences} />
      <CompareTable caption="Inputs" columns={columns} statuses={statusData} rows={inputRows} only={onlyDifferences} />
      <CompareTable
        caption="Outputs"
        columns={columns}
        statuses={statusData}
        rows={outputRows}
        only={onlyDifferences}
        empty="None of these jobs has succeeded, so there are no outputs to compare."
      />
    </section>
  );
}
