import { describe, expect, it } from 'vitest';
import type { Solver } from '../../api/types.ts';
import { CATALOG_PAGE_SIZE, catalogParams, catalogRows, catalogViewFrom } from './catalog-view.ts';

const solver = (id: string, title: string, version: string, maintainer: string, description = ''): Solver => ({
  id,
  title,
  version,
  maintainer,
  description,
  url: null,
});

const SOLVERS = [
  solver('simcore/services/comp/itis/sleeper', 'sleeper', '2.1.6', 'sleeper@example.org', 'awaits for time to pass'),
  solver('simcore/services/comp/local/heat-1d', 'Heat equation 1-D', '1.10.0', 'heat@example.org', 'rod'),
  solver('simcore/services/comp/local/csv-statistics', 'CSV statistics', '1.9.0', 'stats@example.org', 'columns'),
];

describe('the catalog view', () => {
  it('reads and writes its search, sort and page as URL parameters, defaults left out', () => {
    const view = catalogViewFrom(new URLSearchParams('q=heat&sort=version&dir=desc&page=2'));
    expect(view).toEqual({ kind: 'all', search: 'heat', sort: 'version', direction: 'desc', page: 2 });
    expect(catalogParams(view).toString()).toBe('q=heat&sort=version&dir=desc&page=2');
    expect(catalogViewFrom(new URLSearchParams('sort=nonsense&page=-3&kind=robots'))).toEqual({
      kind: 'all',
      search: '',
      sort: 'title',
      direction: 'asc',
      page: 1,
    });
    expect(catalogParams(catalogViewFrom(new URLSearchParams())).toString()).toBe('');
    const programs = catalogViewFrom(new URLSearchParams('kind=programs&q=summary'));
    expect(programs.kind).toBe('programs');
    expect(catalogParams(programs).toString()).toBe('kind=programs&q=summary');
  });

  it('searches title, key, description and maintainer, every word', () => {
    const titles = (search: string) =>
      catalogRows(SOLVERS, { kind: 'all', search, sort: 'title', direction: 'asc', page: 1 }).rows.map((s) => s.title);
    expect(titles('awaits time')).toEqual(['sleeper']);
    expect(titles('local')).toEqual(['CSV statistics', 'Heat equation 1-D']);
    expect(titles('stats@')).toEqual(['CSV statistics']);
    expect(titles('rod sleeper')).toEqual([]);
  });

  it('sorts case-insensitively, versions by their numbers, both ways', () => {
    const rows = (sort: 'title' | 'version', direction: 'asc' | 'desc') =>
      catalogRows(SOLVERS, { kind: 'all', search: '', sort, direction, page: 1 }).rows.map(
        (s) => `${s.title} ${s.version}`,
      );
    expect(rows('title', 'asc')).toEqual(['CSV statistics 1.9.0', 'Heat equation 1-D 1.10.0', 'sleeper 2.1.6']);
    expect(rows('version', 'asc')).toEqual(['CSV statistics 1.9.0', 'Heat equation 1-D 1.10.0', 'sleeper 2.1.6']);
    expect(rows('version', 'desc')).toEqual(['sleeper 2.1.6', 'Heat equation 1-D 1.10.0', 'CSV statistics 1.9.0']);
  });

  it('pages long catalogs and keeps the page within range', () => {
    const many = Array.from({ length: CATALOG_PAGE_SIZE + 3 }, (_, index) =>
      solver(`simcore/services/comp/s${index}`, `Solver ${index}`, '1.0.0', 'm@example.org'),
    );
    const second = catalogRows(many, { kind: 'all', search: '', sort: 'title', direction: 'asc', page: 2 });
    expect(second).toMatchObject({ matching: CATALOG_PAGE_SIZE + 3, pageCount: 2, page: 2 });
    expect(second.rows).toHaveLength(3);
    expect(catalogRows(many, { kind: 'all', search: '', sort: 'title', direction: 'asc', page: 9 }).page).toBe(2);
  });
});
