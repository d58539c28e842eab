import type { Solver } from '../../api/types.ts';

const SORT_COLUMNS = ['title', 'key', 'version', 'maintainer'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
type SortDirection = 'asc' | 'desc';

/** Rows shown per page of the catalog table. */
export const CATALOG_PAGE_SIZE = 25;

/** Which kinds of service the catalog shows: solvers (typed ports), programs (a workspace of files), or both. */
export const CATALOG_KINDS = ['all', 'solvers', 'programs'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

/** What the catalog shows, as bookmarkable URL query parameters (`?q=sleep&sort=version&dir=desc&page=2`). */
export interface CatalogView {
  kind: CatalogKind;
  search: string;
  sort: SortColumn;
  direction: SortDirection;
  /** 1-based. */
  page: number;
}

export function catalogViewFrom(params: URLSearchParams): CatalogView {
  const sort = params.get('sort');
  const page = Number(params.get('page'));
  const kind = params.get('kind');
  return {
    kind: (CATALOG_KINDS as readonly string[]).includes(kind ?? '') ? (kind as CatalogKind) : 'all',
    search: params.get('q') ?? '',
    sort: (SORT_COLUMNS as readonly string[]).includes(sort ?? '') ? (sort as SortColumn) : 'title',
    direction: params.get('dir') === 'desc' ? 'desc' : 'asc',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The query of a view; defaults are left out so the plain catalog has a plain URL. */
export function catalogParams(view: CatalogView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.kind !== 'all') params.set('kind', view.kind);
  if (view.search) params.set('q', view.search);
  if (view.sort !== 'title') params.set('sort', view.sort);
  if (view.direction !== 'asc') params.set('dir', view.direction);
  if (view.page > 1) params.set('page', String(view.page));
  return params;
}

/** Every word of the search must appear in the title, key, description or maintainer. */
function matchesSearch(solver: Solver, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = [solver.title, solver.id, solver.description ?? '', solver.maintainer].join('\n').toLowerCase();
  return words.every((word) => text.includes(word));
}

function sortValue(solver: Solver, column: SortColumn): string {
  switch (column) {
    case 'title':
      return solver.title;
    case 'key':
      return solver.id;
    case 'version':
      return solver.version;
    case 'maintainer':
      return solver.maintainer;
  }
}

/** Numeric-aware, so version 2.10.0 sorts after 2.9.0; ties fall back to the key. */
function compareSolvers(a: Solver, b: Solver, column: SortColumn): number {
  const options = { numeric: true, sensitivity: 'base' } as const;
  return (
    sortValue(a, column).localeCompare(sortValue(b, column), undefined, options) ||
    a.id.localeCompare(b.id, undefined, options)
  );
}

interface CatalogRows {
  rows: Solver[];
  /** Solvers matching the search, over every page. */
  matching: number;
  pageCount: number;
  /** The page shown, clamped to the pages there are. */
  page: number;
}

export function catalogRows(solvers: Solver[], view: CatalogView): CatalogRows {
  const matching = solvers.filter((solver) => matchesSearch(solver, view.search));
  matching.sort((a, b) => compareSolvers(a, b, view.sort) * (view.direction === 'asc' ? 1 : -1));
  const pageCount = Math.max(1, Math.ceil(matching.length / CATALOG_PAGE_SIZE));
  const page = Math.min(view.page, pageCount);
  const start = (page - 1) * CATALOG_PAGE_SIZE;
  return { rows: matching.slice(start, start + CATALOG_PAGE_SIZE), matching: matching.length, pageCount, page };
}
