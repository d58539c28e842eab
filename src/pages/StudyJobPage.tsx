import { useCallback, useId, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { isNoSuchRoute } from '../api/client.ts';
import { hasStopped, useJobStatus } from '../api/job-status.ts';
import type { JobRef } from '../api/jobs.ts';
import { solverShortName } from '../api/solvers.ts';
import {
  type StudyJobNode,
  type StudyJobRef,
  studyInputPorts,
  studyOutputPorts,
  useDeleteStudyJob,
  useReplaceStudyJobMetadata,
  useStartStudyJob,
  useStopStudyJob,
  useStudy,
  useStudyJob,
  useStudyJobInputs,
  useStudyJobLogLinks,
  useStudyJobMetadata,
  useStudyJobNodes,
  useStudyJobOutputs,
  useStudyJobStatus,
  useStudyPipeline,
  useStudyPorts,
} from '../api/studies.ts';
import type { JobStatus } from '../api/types.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { CodeExportButton } from '../components/CodeExportDialog.tsx';
import { JobInputsSection } from '../components/JobInputsSection.tsx';
import { JobStatusSection } from '../components/JobStatusSection.tsx';
import { OutputsTable } from '../components/OutputsTable.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { formatTime } from '../lib/format.ts';
import { paths } from '../paths.ts';
import { LabelsSection } from './job/JobLabelsSection.tsx';
import { JobLogsSection } from './job/JobLogsSection.tsx';
import { LazyPipelineGraph } from './studies/LazyPipelineGraph.tsx';
import { nodePhase } from './studies/node-phase.ts';
import type { NodeRun } from './studies/PipelineGraph.tsx';

/** One study job: its pipeline with each node's live state, the overall progress, outputs, inputs, labels and each node's log. */
export function StudyJobPage() {
  const params = useParams();
  const studyId = params.studyId ?? '';
  const jobId = params.jobId ?? '';
  const ref = useMemo<StudyJobRef>(() => ({ studyId, jobId }), [studyId, jobId]);
  const job = useStudyJob(ref);
  const study = useStudy(studyId);
  const status = useStudyJobStatus(ref);
  const ports = useStudyPorts(studyId);
  const inputs = useStudyJobInputs(ref);
  const [selected, setSelected] = useState<string | null>(null);

  if (job.isError) {
    return (
      <section>
        <h1>Study job</h1>
        <QueryError error={job.error} title="Could not load the study job" />
        <p>
          <Link to={paths.study.getHref(studyId)}>The study</Link>
        </p>
      </section>
    );
  }
  const title = study.data?.title ?? studyId;
  return (
    <section className="job-page study-job-page">
      <Breadcrumb
        trail={[
          { to: paths.studies.getHref(), label: 'Studies' },
          { to: paths.study.getHref(studyId), label: title },
        ]}
      />
      <h1>
        Study job <code className="job-id">{jobId}</code>
      </h1>
      <dl className="job-facts">
        <div>
          <dt>Study</dt>
          <dd>
            <Link to={paths.study.getHref(studyId)}>{title}</Link>
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{job.data ? formatTime(job.data.created_at) : '…'}</dd>
        </div>
      </dl>
      <ReuseActions jobRef={ref} title={title} />
      <StatusSection jobRef={ref} />
      {status.data && (
        <PipelineSection jobRef={ref} status={status.data} title={title} selected={selected} onSelect={setSelected} />
      )}
      {status.data?.state === 'SUCCESS' && (
        <OutputsSection jobRef={ref} ports={ports.data ? studyOutputPorts(ports.data) : undefined} />
      )}
      <JobInputsSection inputs={inputs} ports={ports.data ? studyInputPorts(ports.data) : undefined} />
      <StudyJobLabels jobRef={ref} />
    </section>
  );
}

function StudyJobLabels({ jobRef }: { jobRef: StudyJobRef }) {
  return <LabelsSection metadata={useStudyJobMetadata(jobRef)} save={useReplaceStudyJobMetadata(jobRef)} />;
}

function ReuseActions({ jobRef, title }: { jobRef: StudyJobRef; title: string }) {
  const inputs = useStudyJobInputs(jobRef);
  return (
    <div className="job-actions job-reuse">
      <Link role="button" className="secondary" to={paths.study.getHref(jobRef.studyId, { from: jobRef.jobId })}>
        Run again
      </Link>
      <CodeExportButton
        spec={
          inputs.data
            ? { kind: 'study', studyId: jobRef.studyId, title, jobId: jobRef.jobId, values: inputs.data.values }
            : null
        }
        unavailable={inputs.isError ? 'The job’s inputs could not be read.' : undefined}
        subject="for this study job"
      />
    </div>
  );
}

function StatusSection({ jobRef }: { jobRef: StudyJobRef }) {
  return (
    <JobStatusSection
      jobId={jobRef.jobId}
      noun="study job"
      status={useStudyJobStatus(jobRef)}
      start={useStartStudyJob(jobRef)}
      stop={useStopStudyJob(jobRef)}
      remove={useDeleteStudyJob(jobRef)}
      stopMessage="The running nodes are interrupted now and the nodes after them never start; the job ends as ABORTED."
      deleteMessage="The study job and the runs of its nodes, with their logs, are removed from the API host. This cannot be undone."
      afterDeleteHref={paths.study.getHref(jobRef.studyId)}
    />
  );
}

interface PipelineSectionProps {
  jobRef: StudyJobRef;
  status: JobStatus;
  title: string;
  selected: string | null;
  onSelect(nodeId: string | null): void;
}

/** The graph with each node's state, the list of solver nodes, and the log of the chosen one. */
function PipelineSection({ jobRef, status, title, selected, onSelect }: PipelineSectionProps) {
  const headingId = useId();
  const pipeline = useStudyPipeline(jobRef.studyId);
  const nodes = useStudyJobNodes(jobRef, status);
  const runs = useMemo(
    () =>
      new Map<string, NodeRun>(
        (nodes.data ?? []).map((node) => [node.node_id, { state: node.state, progress: node.progress }]),
      ),
    [nodes.data],
  );
  const solverNodes = (nodes.data ?? []).filter((node) => node.kind === 'solver');
  const chosen = solverNodes.find((node) => node.node_id === selected) ?? null;
  const select = useCallback((nodeId: string) => onSelect(nodeId), [onSelect]);
  if (nodes.isError && isNoSuchRoute(nodes.error)) {
    return (
      <section aria-labelledby={headingId}>
        <h2 id={headingId}>Pipeline</h2>
        <NodeLogLinks jobRef={jobRef} status={status} />
      </section>
    );
  }
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Pipeline</h2>
      {pipeline.data && (
        <LazyPipelineGraph
          nodes={pipeline.data.nodes}
          runs={runs}
          selected={selected}
          onSelect={select}
          label={`Pipeline of ${title}, with the state of each node`}
        />
      )}
      {nodes.isError && <QueryError error={nodes.error} title="Could not read the nodes' states" />}
      <table className="study-nodes">
        <caption>Solver nodes: choose one to read its log</caption>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Solver</th>
            <th scope="col">State</th>
            <th scope="col">Progress</th>
            <th scope="col">Log</th>
          </tr>
        </thead>
        <tbody>
          {solverNodes.map((node) => (
            <tr key={node.node_id} data-node-name={node.name}>
              <th scope="row">{node.label}</th>
              <td>
                {node.solver_key ? solverShortName(node.solver_key) : ''} {node.version}
              </td>
              <td>
                {node.state ? <StateBadge state={node.state} /> : null}{' '}
                <span className="node-phase">{nodePhase(node.state)}</span>
              </td>
              <td>{node.progress}%</td>
              <td>
                <button
                  type="button"
                  className="secondary outline"
                  aria-pressed={selected === node.node_id}
                  disabled={!node.job_id}
                  onClick={() => onSelect(node.node_id)}
                >
                  {node.job_id ? `Log of ${node.label}` : 'Not run'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {chosen?.job_id && chosen.solver_key && chosen.version && (
        <NodeLog
          node={chosen}
          jobRef={{ solverKey: chosen.solver_key, version: chosen.version, jobId: chosen.job_id }}
        />
      )}
    </section>
  );
}

/**
 * On a host that reports the pipeline only as a whole (the spec has no route for a study job's
 * nodes), each node's log from the spec's `outputs/log-links`, once the job has stopped.
 */
function NodeLogLinks({ jobRef, status }: { jobRef: StudyJobRef; status: JobStatus }) {
  const stopped = hasStopped(status);
  const links = useStudyJobLogLinks(jobRef, stopped);
  if (!stopped) {
    return (
      <p className="notice">
        This API host reports the pipeline's progress as a whole (above), not each node's. Each node's log can be
        downloaded here when the job has stopped.
      </p>
    );
  }
  return (
    <>
      {links.isPending && <p aria-busy="true">Loading the nodes' logs…</p>}
      {links.isError && <QueryError error={links.error} title="Could not read the nodes' log links" />}
      {links.data && links.data.length === 0 && <p>The host gives no log for this job's nodes.</p>}
      {links.data && links.data.length > 0 && (
        <ul className="node-log-links" aria-label="Each node's log">
          {links.data.map((link) => (
            <li key={`${link.node_name}-${link.download_link}`}>
              <a href={link.download_link} download rel="noreferrer" target="_blank">
                Download the log of {link.node_name}
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** A node's log: its solver job's log, live while it runs, in the log viewer. */
function NodeLog({ node, jobRef }: { node: StudyJobNode; jobRef: JobRef }) {
  const status = useJobStatus(jobRef);
  return (
    <section className="node-log" aria-label={`Log of ${node.label}`}>
      <p>
        <strong>{node.label}</strong> runs as solver job <code>{jobRef.jobId}</code>.
      </p>
      {status.isError && <QueryError error={status.error} title="Could not inspect the node's run" />}
      {status.data && <JobLogsSection jobRef={jobRef} status={status.data} />}
    </section>
  );
}

function OutputsSection({
  jobRef,
  ports,
}: {
  jobRef: StudyJobRef;
  ports: ReturnType<typeof studyOutputPorts> | undefined;
}) {
  const headingId = useId();
  const outputs = useStudyJobOutputs(jobRef, true);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Outputs</h2>
      {outputs.isPending && <p aria-busy="true">Loading the outputs…</p>}
      {outputs.isError && <QueryError error={outputs.error} title="Could not load the outputs" />}
      {outputs.data && <OutputsTable results={outputs.data.results} ports={ports} />}
    </section>
  );
}
