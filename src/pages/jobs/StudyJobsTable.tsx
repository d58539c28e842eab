import { useQueries } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { studyJobRefOf, studyJobStatusQuery, useAllStudies, useAllStudyJobs } from '../../api/studies.ts';
import type { RunningState } from '../../api/types.ts';
import { Pager } from '../../components/Pager.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { StateBadge } from '../../components/StateBadge.tsx';
import { formatTime } from '../../lib/format.ts';
import { paths } from '../../paths.ts';

const PER_PAGE = 20;

/** Data widget: the jobs of every study, newest first, with their live state; filtered by state when one is chosen. */
export function StudyJobsTable({ state }: { state: RunningState | '' }) {
  const headingId = useId();
  const jobs = useAllStudyJobs();
  const studies = useAllStudies();
  const [page, setPage] = useState(1);
  const listed = (jobs.data ?? []).flatMap((job) => {
    const ref = studyJobRefOf(job);
    return ref ? [{ job, ref }] : [];
  });
  // As for solver jobs, the API does not filter by state: with a state filter every job is inspected.
  const candidates = state ? listed : listed.slice((page - 1) * PER_PAGE, page * PER_PAGE);
  const statuses = useQueries({ queries: candidates.map(({ ref }) => studyJobStatusQuery(ref)) });
  const matching = state ? candidates.filter((_, index) => statuses[index]?.data?.state === state) : candidates;
  const total = state ? matching.length : listed.length;
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  const current = Math.min(page, pages);
  const shown = state ? matching.slice((current - 1) * PER_PAGE, current * PER_PAGE) : matching;
  const titleOf = new Map((studies.data ?? []).map((study) => [study.uid, study.title ?? study.uid]));
  const statusOf = new Map(candidates.map(({ job }, index) => [job.id, statuses[index]?.data]));

  return (
    <section aria-labelledby={headingId} className="study-jobs">
      <h2 id={headingId}>Study jobs</h2>
      {jobs.isPending && <p aria-busy="true">Loading the study jobs…</p>}
      {jobs.isError && <QueryError error={jobs.error} title="Could not list the study jobs" />}
      {jobs.data && shown.length === 0 && (
        <p>
          {listed.length === 0 ? (
            <>
              No study jobs yet: <Link to={paths.studies.getHref()}>run a study</Link>.
            </>
          ) : (
            'No study job matches these filters.'
          )}
        </p>
      )}
      {shown.length > 0 && (
        <div className="overflow-auto">
          <table className="striped jobs-table">
            <caption className="visually-hidden">Study jobs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Study</th>
                <th scope="col">Created</th>
                <th scope="col">State</th>
                <th scope="col">Progress</th>
              </tr>
            </thead>
            <tbody>
              {shown.map(({ job, ref }) => {
                const status = statusOf.get(job.id);
                return (
                  <tr key={job.id} data-job-id={job.id}>
                    <th scope="row">
                      <Link to={paths.studyJob.getHref(ref)} aria-label={`Study job ${job.id}`}>
                        <code>{job.id.slice(0, 8)}</code>
                      </Link>
                    </th>
                    <td>{titleOf.get(ref.studyId) ?? ref.studyId}</td>
                    <td>{formatTime(job.created_at)}</td>
                    <td>{status ? <StateBadge state={status.state} /> : <span aria-busy="true">…</span>}</td>
                    <td className="jobs-progress">
                      {status && !status.stopped_at && status.state !== 'NOT_STARTED' && (
                        <ProgressBar
                          value={status.progress ?? 0}
                          label={`Progress of study job ${job.id.slice(0, 8)}`}
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={current} pages={pages} onPage={setPage} label="Pages of study jobs" />
    </section>
  );
}
