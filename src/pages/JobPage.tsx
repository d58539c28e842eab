import { useId, useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { useJobStatus } from '../api/job-status.ts';
import {
  type JobRef,
  useDeleteJob,
  useJob,
  useJobInputs,
  useJobOutputs,
  useStartJob,
  useStopJob,
} from '../api/jobs.ts';
import { isProgramKey } from '../api/programs.ts';
import { useSolverPorts, useSolverRelease } from '../api/solvers.ts';
import type { SolverPort } from '../api/types.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { JobInputsSection } from '../components/JobInputsSection.tsx';
import { JobStatusSection } from '../components/JobStatusSection.tsx';
import { OutputsTable } from '../components/OutputsTable.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { formatTime } from '../lib/format.ts';
import { paths } from '../paths.ts';
import { JobCompletion } from './job/JobCompletion.tsx';
import { JobCostSection } from './job/JobCostSection.tsx';
import { JobLabelsSection } from './job/JobLabelsSection.tsx';
import { JobLogsSection } from './job/JobLogsSection.tsx';
import { JobRunActions } from './job/JobRunActions.tsx';
import { JobSpaceSection } from './job/JobSpaceSection.tsx';

/** One job: what it runs, its live status, the actions on it, its inputs, outputs and logs. */
export function JobPage() {
  const params = useParams();
  const solverKey = params.solverKey ?? '';
  const version = params.version ?? '';
  const jobId = params.jobId ?? '';
  // A stable object: the live log follows this job for as long as the reference holds.
  const jobRef = useMemo<JobRef>(() => ({ solverKey, version, jobId }), [solverKey, version, jobId]);

  const job = useJob(jobRef);
  const status = useJobStatus(jobRef);
  const release = useSolverRelease(solverKey, version);
  const ports = useSolverPorts(solverKey, version);
  const inputs = useJobInputs(jobRef);

  if (job.isError) {
    const missing = job.error instanceof Error && 'status' in job.error && job.error.status === 404;
    return (
      <section>
        <h1>Job</h1>
        <QueryError
          error={job.error}
          title={missing ? 'There is no such job on this API host' : 'Could not load the job'}
        />
        <p>
          <Link to={paths.jobs.getHref()}>All jobs</Link>
        </p>
      </section>
    );
  }

  const solverTitle = release.data?.title ?? solverKey;
  // Program jobs run through the same job routes; their release page is the program's.
  const isProgram = isProgramKey(solverKey);
  const runnerPath = isProgram
    ? paths.programRelease.getHref(solverKey, version)
    : paths.solverRelease.getHref(solverKey, version);
  const inputPorts = ports.data?.filter((port) => port.kind === 'input');
  const outputPorts = ports.data?.filter((port) => port.kind === 'output');

  return (
    <section className="job-page">
      <Breadcrumb
        trail={[
          { to: paths.jobs.getHref(), label: 'Jobs' },
          {
            to: runnerPath,
            label: (
              <>
                {solverTitle} {version}
              </>
            ),
          },
        ]}
      />
      <h1>
        Job <code className="job-id">{jobId}</code>
      </h1>
      <dl className="job-facts">
        <div>
          <dt>{isProgram ? 'Program' : 'Solver'}</dt>
          <dd>
            <Link to={runnerPath}>{solverTitle}</Link> <small className="port-key">{solverKey}</small>
          </dd>
        </div>
        <div>
          <dt>Release</dt>
          <dd>{version}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{job.data ? formatTime(job.data.created_at) : '…'}</dd>
        </div>
      </dl>
      <JobRunActions jobRef={jobRef} />

      <StatusSection jobRef={jobRef} />
      <JobCostSection jobRef={jobRef} status={status.data} />
      <JobInputsSection inputs={inputs} ports={inputPorts} />
      {status.data?.state === 'SUCCESS' && <OutputsSection jobRef={jobRef} ports={outputPorts} />}
      <JobLabelsSection jobRef={jobRef} />
      {status.data && <JobLogsSection jobRef={jobRef} status={status.data} />}
      {status.data?.stopped_at && <JobSpaceSection jobRef={jobRef} />}
    </section>
  );
}

function StatusSection({ jobRef }: { jobRef: JobRef }) {
  return (
    <JobStatusSection
      jobId={jobRef.jobId}
      noun="job"
      status={useJobStatus(jobRef)}
      start={useStartJob(jobRef)}
      stop={useStopJob(jobRef)}
      remove={useDeleteJob(jobRef)}
      stopMessage="The solver is interrupted now; the job ends as ABORTED and produces no outputs."
      deleteMessage="The job, its outputs and its logs are removed from the API host. This cannot be undone."
      afterDeleteHref={paths.jobs.getHref()}
    >
      <JobCompletion jobRef={jobRef} />
    </JobStatusSection>
  );
}

function OutputsSection({ jobRef, ports }: { jobRef: JobRef; ports: SolverPort[] | undefined }) {
  const headingId = useId();
  const outputs = useJobOutputs(jobRef);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Outputs</h2>
      {outputs.isPending && <p aria-busy="true">Loading the outputs…</p>}
      {outputs.isError && <QueryError error={outputs.error} title="Could not load the outputs" />}
      {outputs.data && <OutputsTable results={outputs.data.results} ports={ports} />}
    </section>
  );
}
