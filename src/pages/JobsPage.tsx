import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { hasStopped, useListedJobStatuses } from '../api/job-status.ts';
import {
  JOB_LISTING_CAP,
  type JobRef,
  type JobsFilter,
  jobListingQuery,
  jobRefOf,
  jobsPageQuery,
  type MetadataFilter,
  useJobsMetadata,
} from '../api/jobs.ts';
import { solverShortName, useAllSolvers } from '../api/solvers.ts';
import { type Job, type JobStatus, RUNNING_STATES, type RunningState } from '../api/types.ts';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { formatTime } from '../lib/format.ts';
import { paths } from '../paths.ts';
import { CompareBar } from './jobs/CompareBar.tsx';
import { JobLabelsCell } from './jobs/JobLabelsCell.tsx';
import type { MetadataMatch } from './jobs/jobs-tools.ts';
import { MetadataFilterForm } from './jobs/MetadataFilterForm.tsx';
import { StudyJobsTable } from './jobs/StudyJobsTable.tsx';
import { useRowsInView } from './jobs/useRowsInView.ts';

const JOBS_PER_PAGE = 20;

function pagesFor(count: number): number {
  return Math.max(1, Math.ceil(count / JOBS_PER_PAGE));
}

interface ListedJob {
  job: Job;
  /** Undefined when the job's name and URLs do not say which solver release runs it. */
  ref: JobRef | undefined;
}

/** A listed job whose solver release is known: the rows that can be inspected and opened. */
type PlacedJob = ListedJob & { ref: JobRef };

const isPlaced = (listed: ListedJob): listed is PlacedJob => listed.ref !== undefined;

/** Every job of every solver, newest first, filtered by solver and state (kept in the URL), a page at a time. */
export function JobsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const solver = searchParams.get('solver') ?? '';
  const stateParam = searchParams.get('state') ?? '';
  const state = (RUNNING_STATES as readonly string[]).includes(stateParam) ? (stateParam as RunningState) : '';
  const requestedPage = Math.max(1, Number.parseInt(searchParams.get('page') ?? '1', 10) || 1);
  // Kind: solver jobs, study jobs, or both (`?kind=solver|study`).
  const kindParam = searchParams.get('kind');
  const kind = kindParam === 'solver' || kindParam === 'study' ? kindParam : '';
  const kindFilterId = useId();
  const solverFilterId = useId();
  const stateFilterId = useId();
  // Labels filter (custom metadata), done by the API host: `?metadata=key:glob&...&match=all`.
  const metadataPatterns = searchParams.getAll('metadata');
  const metadataMatch: MetadataMatch = searchParams.get('match') === 'all' ? 'all' : 'any';
  const metadataFilter: MetadataFilter = metadataPatterns.length ? { [metadataMatch]: metadataPatterns } : {};
  const [selected, setSelected] = useState<Map<string, JobRef>>(() => new Map());
  const toggleSelected = (ref: JobRef, on: boolean) =>
    setSelected((previous) => {
      const next = new Map(previous);
      if (on) next.set(ref.jobId, ref);
      else next.delete(ref.jobId);
      return next;
    });

  // The host pages and filters the jobs; a host without the solver and state filters (a real
  // oSPARC deployment) ignores them, and then the page reads its newest jobs and filters those itself.
  const jobsFilter: JobsFilter = {
    metadata: metadataFilter,
    solverKey: solver || undefined,
    state: state || undefined,
  };
  const hostPage = useQuery({
    ...jobsPageQuery(jobsFilter, JOBS_PER_PAGE, (requestedPage - 1) * JOBS_PER_PAGE),
    enabled: kind !== 'study',
  });
  const fallback = hostPage.data?.filtered === false;
  const listing = useQuery({ ...jobListingQuery(metadataFilter), enabled: kind !== 'study' && fallback });
  const solvers = useAllSolvers();
  const listed = fallback ? listing : hostPage;

  const all: ListedJob[] = (kind === 'study' || !fallback ? [] : (listing.data?.jobs ?? [])).map((job) => ({
    job,
    ref: jobRefOf(job),
  }));
  const solverKeys = fallback
    ? [...new Set(all.flatMap(({ ref }) => (ref ? [ref.solverKey] : [])))].sort()
    : [...new Set((solvers.data?.solvers ?? []).map((item) => item.id))].sort();
  if (solver && !solverKeys.includes(solver)) solverKeys.push(solver);
  const ofSolver = solver ? all.filter(({ ref }) => ref?.solverKey === solver) : all;

  // Without the host's state filter every candidate is inspected, otherwise only the jobs on the page shown.
  const solverPage = Math.min(requestedPage, pagesFor(ofSolver.length));
  const candidates: ListedJob[] = !fallback
    ? (hostPage.data?.jobs ?? []).map((job) => ({ job, ref: jobRefOf(job) }))
    : state
      ? ofSolver
      : ofSolver.slice((solverPage - 1) * JOBS_PER_PAGE, solverPage * JOBS_PER_PAGE);
  const rows = useRowsInView();
  const inspected = candidates.filter(isPlaced);
  const statuses = useListedJobStatuses(
    inspected.map(({ ref }) => ref),
    rows.inView,
  );
  const statusOf = new Map<string, JobStatus>();
  const statusErrorOf = new Map<string, Error>();
  inspected.forEach(({ job }, index) => {
    const query = statuses[index];
    if (query?.data) statusOf.set(job.id, query.data);
    else if (query?.error) statusErrorOf.set(job.id, query.error);
  });
  const stillInspecting =
    fallback && state ? statuses.filter((status) => status.isPending && !status.isError).length : 0;

  const matching = fallback && state ? ofSolver.filter(({ job }) => statusOf.get(job.id)?.state === state) : ofSolver;
  const matchingCount = fallback ? matching.length : (hostPage.data?.total ?? 0);
  const pageCount = pagesFor(matchingCount);
  // A bookmarked page number past the end shows the last page.
  const page = Math.min(requestedPage, pageCount);
  const shown = !fallback
    ? candidates
    : state
      ? matching.slice((page - 1) * JOBS_PER_PAGE, page * JOBS_PER_PAGE)
      : candidates;
  // The labels of the jobs on this page, in one request.
  const labelsOf = useJobsMetadata(shown.map(({ job }) => job.id));

  const setFilter = (name: 'kind' | 'solver' | 'state' | 'page', value: string) => {
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value) next.set(name, value);
      else next.delete(name);
      if (name !== 'page') next.delete('page');
      return next;
    });
  };
  const applyMetadataFilter = (patterns: string[], match: MetadataMatch) => {
    setSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      next.delete('metadata');
      next.delete('match');
      next.delete('page');
      for (const pattern of patterns) next.append('metadata', pattern);
      if (patterns.length && match === 'all') next.set('match', 'all');
      return next;
    });
  };
  const clearFilters = () => setSearchParams({});
  const filtered = Boolean(kind || solver || state || metadataPatterns.length);
  const loaded = Boolean(listed.data) && kind !== 'study';
  const noJobsYet = fallback
    ? all.length === 0 && metadataPatterns.length === 0
    : matchingCount === 0 && !solver && !state && metadataPatterns.length === 0;
  const pastTheEnd = !fallback && Boolean(hostPage.data) && requestedPage > pageCount && matchingCount > 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the host says the page asked for is past the end
  useEffect(() => {
    if (pastTheEnd) setFilter('page', String(pageCount));
  }, [pastTheEnd, pageCount]);

  return (
    <section className="jobs-page">
      <h1>Jobs</h1>
      <p className="muted">
        Jobs started together as a parameter sweep are also gathered, with their table and plot, on the{' '}
        <Link to={paths.sweeps.getHref()}>Sweeps</Link> page.
      </p>
      <search className="jobs-filters" aria-label="Filter jobs">
        <div>
          <label htmlFor={kindFilterId}>Kind</label>
          <select id={kindFilterId} value={kind} onChange={(event) => setFilter('kind', event.target.value)}>
            <option value="">Solver and study jobs</option>
            <option value="solver">Solver jobs</option>
            <option value="study">Study jobs</option>
          </select>
        </div>
        <div>
          <label htmlFor={solverFilterId}>Solver</label>
          <select id={solverFilterId} value={solver} onChange={(event) => setFilter('solver', event.target.value)}>
            <option value="">All solvers</option>
            {solverKeys.map((key) => (
              <option key={key} value={key}>
                {solverShortName(key)} ({key})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={stateFilterId}>State</label>
          <select id={stateFilterId} value={state} onChange={(event) => setFilter('state', event.target.value)}>
            <option value="">All states</option>
            {RUNNING_STATES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        {filtered && (
          <button type="button" className="secondary outline" onClick={clearFilters}>
            Clear filters
          </button>
        )}
        <MetadataFilterForm
          key={`${metadataMatch} ${metadataPatterns.join(' ')}`}
          patterns={metadataPatterns}
          match={metadataMatch}
          onApply={applyMetadataFilter}
        />
      </search>

      {kind !== 'study' && (hostPage.isPending || (fallback && listing.isPending)) && (
        <p aria-busy="true">Loading the jobs…</p>
      )}
      {listed.isError && <QueryError error={listed.error} title="Could not list the jobs" />}
      {fallback && (solver || state) && (
        <p className="notice">
          This API host does not filter jobs by solver or state, so these filters apply to its newest{' '}
          {JOB_LISTING_CAP.toLocaleString()} jobs only.
        </p>
      )}
      {fallback && listing.data && listing.data.total > listing.data.jobs.length && (
        <p className="notice">
          The API host holds {listing.data.total.toLocaleString()} jobs; this list shows the newest{' '}
          {JOB_LISTING_CAP.toLocaleString()}.
        </p>
      )}
      {loaded && noJobsYet && (
        <article className="empty-state">
          <h2>No jobs yet</h2>
          <p>
            Jobs appear here once you run a solver.{' '}
            <Link to={paths.catalog.getHref()}>Pick a solver from the catalog</Link>, fill in its inputs and press Run.
          </p>
        </article>
      )}
      {stillInspecting > 0 && (
        <p aria-busy="true">
          Checking the state of {stillInspecting} {stillInspecting === 1 ? 'job' : 'jobs'}…
        </p>
      )}
      {loaded && !noJobsYet && !pastTheEnd && shown.length === 0 && stillInspecting === 0 && (
        <article className="empty-state">
          <h2>No job matches these filters</h2>
          <p>
            {solver && (
              <>
                Solver <code>{solver}</code>
              </>
            )}
            {solver && state && ', '}
            {state && <>state {state}</>}
            {(solver || state) && metadataPatterns.length > 0 && ', '}
            {metadataPatterns.length > 0 && (
              <>
                labels matching {metadataMatch} of <code>{metadataPatterns.join(' ')}</code>
              </>
            )}
            .
          </p>
          <button type="button" className="secondary" onClick={clearFilters}>
            Clear filters
          </button>
        </article>
      )}
      {shown.length > 0 && <CompareBar selected={[...selected.values()]} onClear={() => setSelected(new Map())} />}
      {shown.length > 0 && (
        <div className="overflow-auto">
          <table className="striped jobs-table">
            <caption className="visually-hidden">
              Jobs, newest first{filtered ? ' (filtered)' : ''}, page {page} of {pageCount}
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Select</span>
                </th>
                <th scope="col">Job</th>
                <th scope="col">Solver</th>
                <th scope="col">Release</th>
                <th scope="col">Created</th>
                <th scope="col">State</th>
                <th scope="col">Progress</th>
                <th scope="col">Labels</th>
              </tr>
            </thead>
            <tbody>
              {shown.map(({ job, ref }) => {
                const status = statusOf.get(job.id);
                const statusError = statusErrorOf.get(job.id);
                return (
                  <tr key={job.id} ref={rows.rowRef} data-job-id={job.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select job ${job.id.slice(0, 8)} for comparison`}
                        checked={selected.has(job.id)}
                        disabled={!ref}
                        onChange={(event) => ref && toggleSelected(ref, event.target.checked)}
                      />
                    </td>
                    <th scope="row">
                      {ref ? (
                        <Link to={paths.job.getHref(ref)} aria-label={`Job ${job.id}`}>
                          <code>{job.id.slice(0, 8)}</code>
                        </Link>
                      ) : (
                        <code title={`Job ${job.id}`}>{job.id.slice(0, 8)}</code>
                      )}
                    </th>
                    {ref ? (
                      <>
                        <td>
                          <span title={ref.solverKey}>{solverShortName(ref.solverKey)}</span>
                        </td>
                        <td>{ref.version}</td>
                      </>
                    ) : (
                      <td colSpan={2}>
                        <span className="muted" title="Its name does not say which solver release runs it">
                          {job.name || 'unknown solver'}
                        </span>
                      </td>
                    )}
                    <td>{formatTime(job.created_at)}</td>
                    <td>
                      {status ? (
                        <StateBadge state={status.state} />
                      ) : statusError ? (
                        <span className="muted" title={statusError.message}>
                          Could not check: {statusError.message}
                        </span>
                      ) : ref ? (
                        <span aria-busy="true">…</span>
                      ) : (
                        <span className="muted">unknown</span>
                      )}
                    </td>
                    <td className="jobs-progress">
                      {status && !hasStopped(status) && status.state !== 'NOT_STARTED' && (
                        <ProgressBar value={status.progress ?? 0} label={`Progress of job ${job.id.slice(0, 8)}`} />
                      )}
                    </td>
                    <td>
                      <JobLabelsCell metadata={labelsOf.data?.get(job.id)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {labelsOf.isError && (
            <p className="muted">
              <small>The labels could not be read: {labelsOf.error.message}</small>
            </p>
          )}
        </div>
      )}
      {matchingCount > JOBS_PER_PAGE && (
        <nav aria-label="Pages of jobs" className="pager">
          <button
            type="button"
            className="secondary outline"
            disabled={page <= 1}
            onClick={() => setFilter('page', '')}
          >
            First page
          </button>
          <button
            type="button"
            className="secondary outline"
            disabled={page <= 1}
            onClick={() => setFilter('page', String(page - 1))}
          >
            Previous page
          </button>
          <span aria-live="polite">
            Page {page.toLocaleString()} of {pageCount.toLocaleString()} · {matchingCount.toLocaleString()} jobs
          </span>
          <button
            type="button"
            className="secondary outline"
            disabled={page >= pageCount}
            onClick={() => setFilter('page', String(page + 1))}
          >
            Next page
          </button>
          <button
            type="button"
            className="secondary outline"
            disabled={page >= pageCount}
            onClick={() => setFilter('page', String(pageCount))}
          >
            Last page
          </button>
        </nav>
      )}
      {kind !== 'solver' && <StudyJobsTable state={state} />}
    </section>
  );
}
