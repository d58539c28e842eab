import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useAllSolvers } from '../api/solvers.ts';
import type { Solver } from '../api/types.ts';
import { Pager } from '../components/Pager.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { paths } from '../paths.ts';
import {
  CATALOG_KINDS,
  type CatalogKind,
  type CatalogView,
  catalogParams,
  catalogRows,
  catalogViewFrom,
  type SortColumn,
} from './catalog/catalog-view.ts';
import { ProgramsSection } from './catalog/ProgramsSection.tsx';

const KIND_LABELS: Record<CatalogKind, string> = { all: 'Both', solvers: 'Solvers', programs: 'Programs' };

const COLUMNS: { column: SortColumn; label: string }[] = [
  { column: 'title', label: 'Title' },
  { column: 'key', label: 'Key' },
  { column: 'version', label: 'Version' },
  { column: 'maintainer', label: 'Maintainer' },
];

/**
 * Every solver (latest release) on the API host. All pages of `/v0/solvers/page` are fetched,
 * since the API cannot search: search and sort then cover the whole catalog. Search, sort and
 * page live in the URL, so each view can be bookmarked.
 */
export function CatalogPage() {
  const solvers = useAllSolvers();
  const [params, setParams] = useSearchParams();
  const view = catalogViewFrom(params);
  const searchId = useId();
  const countId = useId();

  // Typing replaces the history entry instead of adding one per keystroke.
  const show = (next: Partial<CatalogView>, replace = false) =>
    setParams(catalogParams({ ...view, ...next }), { replace });

  return (
    <section>
      <h1>Solvers</h1>
      <p>Computational services published on this API host. Open one to see its ports and run it.</p>
      <search className="catalog-search">
        <label htmlFor={searchId}>Search solvers</label>
        <input
          id={searchId}
          type="search"
          placeholder="Title, key, description or maintainer"
          value={view.search}
          aria-describedby={countId}
          onChange={(event) => show({ search: event.target.value, page: 1 }, true)}
        />
      </search>
      <fieldset className="catalog-kind">
        <legend>Show</legend>
        {CATALOG_KINDS.map((kind) => (
          <label key={kind}>
            <input
              type="radio"
              name="catalog-kind"
              value={kind}
              checked={view.kind === kind}
              onChange={() => show({ kind, page: 1 })}
            />
            {KIND_LABELS[kind]}
          </label>
        ))}
      </fieldset>
      {view.kind !== 'programs' && solvers.isPending && (
        <article aria-busy="true" className="catalog-loading">
          Loading the solvers of this host…
        </article>
      )}
      {view.kind !== 'programs' && solvers.isError && (
        <>
          <QueryError error={solvers.error} title="Could not load the solvers" />
          <button type="button" className="secondary" onClick={() => void solvers.refetch()}>
            Try again
          </button>
        </>
      )}
      {view.kind !== 'programs' && solvers.data && (
        <CatalogTable
          solvers={solvers.data.solvers}
          reportedTotal={solvers.data.total}
          view={view}
          countId={countId}
          onShow={show}
          onClearSearch={() => show({ search: '', page: 1 })}
        />
      )}
      {view.kind !== 'solvers' && <ProgramsSection search={view.search} />}
    </section>
  );
}

function CatalogTable({
  solvers,
  reportedTotal,
  view,
  countId,
  onShow,
  onClearSearch,
}: {
  solvers: Solver[];
  /** How many solvers the host says it has; more than listed when it could not list them all. */
  reportedTotal: number;
  view: CatalogView;
  countId: string;
  onShow(next: Partial<CatalogView>): void;
  onClearSearch(): void;
}) {
  if (solvers.length === 0 && reportedTotal > 0) {
    return (
      <article className="empty-state">
        <h2>The host listed no solver</h2>
        <p>
          The API host says it has {reportedTotal.toLocaleString()} solvers, but its pages listed none of them. Try
          again later, or ask the host's operators.
        </p>
      </article>
    );
  }
  if (solvers.length === 0) {
    return (
      <article className="empty-state">
        <h2>No solvers on this host</h2>
        <p>
          The API host publishes no solver yet. On the embedded host, solver packages (a <code>metadata.yml</code> with
          its entry script) are read from its solver folders at start.
        </p>
      </article>
    );
  }
  const { rows, matching, pageCount, page } = catalogRows(solvers, view);
  return (
    <>
      <p id={countId} role="status" className="catalog-count">
        {view.search
          ? `${matching} of ${solvers.length} solvers match “${view.search}”.`
          : `${solvers.length} ${solvers.length === 1 ? 'solver' : 'solvers'}.`}
        {reportedTotal > solvers.length &&
          ` The API host says it has ${reportedTotal.toLocaleString()}; these are the ones it listed.`}
      </p>
      {matching === 0 ? (
        <article className="empty-state">
          <p>No solver matches “{view.search}”.</p>
          <button type="button" className="secondary" onClick={onClearSearch}>
            Clear the search
          </button>
        </article>
      ) : (
        <div className="overflow-auto">
          <table className="catalog-table" aria-label="Solvers">
            <thead>
              <tr>
                {COLUMNS.map(({ column, label }) => {
                  const sorted = view.sort === column;
                  const next = sorted && view.direction === 'asc' ? 'desc' : 'asc';
                  return (
                    <th
                      key={column}
                      scope="col"
                      aria-sort={sorted ? (view.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                    >
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() => onShow({ sort: column, direction: next, page: 1 })}
                      >
                        {label}
                        <span aria-hidden="true" className="sort-mark">
                          {sorted ? (view.direction === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
                        </span>
                        <span className="visually-hidden">
                          {sorted ? `, sorted ${view.direction === 'asc' ? 'ascending' : 'descending'}` : ''}
                          {`, sort ${next === 'asc' ? 'ascending' : 'descending'}`}
                        </span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {rows.map((solver) => (
                <tr key={solver.id}>
                  <td>
                    <Link to={paths.solverRelease.getHref(solver.id, solver.version)}>{solver.title}</Link>
                    {solver.description && <small className="catalog-description">{solver.description}</small>}
                  </td>
                  <td>
                    <code>{solver.id}</code>
                  </td>
                  <td>{solver.version}</td>
                  <td>{solver.maintainer}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pages={pageCount} onPage={(next) => onShow({ page: next })} label="Catalog pages" />
    </>
  );
}
