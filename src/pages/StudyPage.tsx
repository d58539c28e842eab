import { useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { isNoSuchRoute } from '../api/client.ts';
import { useCloneStudy, useStudy, useStudyJobs, useStudyPipeline, useStudyPorts } from '../api/studies.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { formatTime } from '../lib/format.ts';
import { paths } from '../paths.ts';
import { LazyPipelineGraph } from './studies/LazyPipelineGraph.tsx';
import { StudyRunForm } from './studies/StudyRunForm.tsx';

/** One study: its description, its pipeline as a graph, the run form, Clone, and its jobs. */
export function StudyPage() {
  const studyId = useParams().studyId ?? '';
  const study = useStudy(studyId);
  const ports = useStudyPorts(studyId);
  const pipeline = useStudyPipeline(studyId);
  const pipelineHeading = useId();
  const runHeading = useId();

  if (study.isError) {
    return (
      <section>
        <h1>Study</h1>
        <QueryError error={study.error} title="Could not load the study" />
        <p>
          <Link to={paths.studies.getHref()}>All studies</Link>
        </p>
      </section>
    );
  }
  const title = study.data?.title ?? studyId;
  return (
    <section className="study-page">
      <Breadcrumb trail={[{ to: paths.studies.getHref(), label: 'Studies' }]} />
      <h1>{study.data ? title : 'Study'}</h1>
      {study.isPending && <p aria-busy="true">Loading the study…</p>}
      {study.data?.description && <p className="study-description">{study.data.description}</p>}

      <section aria-labelledby={pipelineHeading}>
        <h2 id={pipelineHeading}>Pipeline</h2>
        {pipeline.isPending && <p aria-busy="true">Loading the pipeline…</p>}
        {pipeline.isError && isNoSuchRoute(pipeline.error) && (
          <p className="notice">
            This API host does not describe a study's pipeline, so it cannot be drawn here. The study runs all the same:
            fill in its inputs below; each node's log can be downloaded from the job's page once it has run.
          </p>
        )}
        {pipeline.isError && !isNoSuchRoute(pipeline.error) && (
          <QueryError error={pipeline.error} title="Could not load the study's pipeline" />
        )}
        {pipeline.data && <LazyPipelineGraph nodes={pipeline.data.nodes} label={`Pipeline of ${title}`} />}
      </section>

      <section aria-labelledby={runHeading}>
        <h2 id={runHeading}>Run</h2>
        {ports.isPending && <p aria-busy="true">Loading the study's inputs…</p>}
        {ports.isError && <QueryError error={ports.error} title="Could not load the study's inputs" />}
        {ports.data && <StudyRunForm studyId={studyId} title={title} ports={ports.data} />}
      </section>

      <CloneSection studyId={studyId} title={title} />
      <StudyJobsSection studyId={studyId} />
    </section>
  );
}

function CloneSection({ studyId, title }: { studyId: string; title: string }) {
  const headingId = useId();
  const titleId = useId();
  const descriptionId = useId();
  const navigate = useNavigate();
  const clone = useCloneStudy(studyId);
  const [newTitle, setNewTitle] = useState('');
  const [description, setDescription] = useState('');
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Clone</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          clone.mutate(
            { title: newTitle.trim() || undefined, description: description.trim() || undefined },
            { onSuccess: (copy) => navigate(paths.study.getHref(copy.uid)) },
          );
        }}
      >
        <label htmlFor={titleId}>Title of the copy</label>
        <input
          id={titleId}
          value={newTitle}
          placeholder={`${title} (Copy)`}
          onChange={(e) => setNewTitle(e.target.value)}
        />
        <label htmlFor={descriptionId}>Description</label>
        <textarea id={descriptionId} value={description} rows={2} onChange={(e) => setDescription(e.target.value)} />
        <button type="submit" className="secondary" aria-busy={clone.isPending} disabled={clone.isPending}>
          Clone
        </button>
      </form>
      {clone.isError && <QueryError error={clone.error} title="The study could not be cloned" />}
    </section>
  );
}

const JOBS_PAGE = 10;

function StudyJobsSection({ studyId }: { studyId: string }) {
  const headingId = useId();
  const [offset, setOffset] = useState(0);
  const jobs = useStudyJobs(studyId, JOBS_PAGE, offset);
  const total = jobs.data?.total ?? 0;
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (jobId: string, on: boolean) =>
    setSelected((previous) => (on ? [...previous, jobId] : previous.filter((id) => id !== jobId)));
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Jobs of this study</h2>
      {jobs.isPending && <p aria-busy="true">Loading the jobs…</p>}
      {jobs.isError && <QueryError error={jobs.error} title="Could not load the study's jobs" />}
      {jobs.data && total === 0 && <p>No jobs yet.</p>}
      <ul>
        {jobs.data?.items.map((job) => (
          <li key={job.id}>
            <input
              type="checkbox"
              aria-label={`Select job ${job.id.slice(0, 8)} for comparison`}
              checked={selected.includes(job.id)}
              onChange={(event) => toggle(job.id, event.target.checked)}
            />{' '}
            <Link to={paths.studyJob.getHref({ studyId, jobId: job.id })}>
              <code>{job.id}</code>
            </Link>{' '}
            <small>created {formatTime(job.created_at)}</small>
          </li>
        ))}
      </ul>
      {selected.length >= 2 ? (
        <Link role="button" className="secondary" to={paths.studyCompare.getHref(studyId, selected)}>
          Compare {selected.length} jobs
        </Link>
      ) : (
        total >= 2 && <p className="muted">Select two or more jobs to compare them.</p>
      )}
      {total > JOBS_PAGE && (
        <nav aria-label="Job pages" className="pager">
          <button
            type="button"
            className="secondary"
            disabled={offset === 0}
            onClick={() => setOffset(offset - JOBS_PAGE)}
          >
            Newer
          </button>
          <span>
            {offset + 1}–{Math.min(offset + JOBS_PAGE, total)} of {total}
          </span>
          <button
            type="button"
            className="secondary"
            disabled={offset + JOBS_PAGE >= total}
            onClick={() => setOffset(offset + JOBS_PAGE)}
          >
            Older
          </button>
        </nav>
      )}
    </section>
  );
}
