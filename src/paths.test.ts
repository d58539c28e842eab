import { matchPath } from 'react-router';
import { describe, expect, it } from 'vitest';
import { COMPARE_JOBS_PARAM, FROM_JOB_PARAM, INPUT_FILE_PARAM, paths } from './paths.ts';

const SLEEPER = 'simcore/services/comp/itis/sleeper';
const WORKSPACE = 'simcore/services/dynamic/local/workspace-summary';
const job = { solverKey: SLEEPER, version: '2.1.6', jobId: '3f1c' };

/** The route a link leads to, as the router reads it: its pattern's params and the query. */
function follow(pattern: string, href: string) {
  const url = new URL(href, 'http://dashboard.test');
  const match = matchPath(pattern, url.pathname);
  return { params: match?.params ?? null, query: Object.fromEntries(url.searchParams) };
}

describe('dashboard routes', () => {
  it('lead each link to its own page, with the keys, versions and ids it was built from', () => {
    expect(follow(paths.catalog.path, paths.catalog.getHref())).toEqual({ params: {}, query: {} });
    expect(follow(paths.catalog.path, paths.catalog.getHref('programs')).query).toEqual({ kind: 'programs' });
    expect(follow(paths.solverRelease.path, paths.solverRelease.getHref(SLEEPER, '2.1.6')).params).toEqual({
      solverKey: SLEEPER,
      version: '2.1.6',
    });
    expect(follow(paths.programRelease.path, paths.programRelease.getHref(WORKSPACE, '1.0.0')).params).toEqual({
      programKey: WORKSPACE,
      version: '1.0.0',
    });
    expect(follow(paths.job.path, paths.job.getHref(job)).params).toEqual(job);
    expect(follow(paths.sweep.path, paths.sweep.getHref('s1')).params).toEqual({ sweepId: 's1' });
    expect(follow(paths.study.path, paths.study.getHref('st1')).params).toEqual({ studyId: 'st1' });
    expect(follow(paths.studyJob.path, paths.studyJob.getHref({ studyId: 'st1', jobId: 'j1' })).params).toEqual({
      studyId: 'st1',
      jobId: 'j1',
    });
    expect(follow(paths.function.path, paths.function.getHref('f1')).params).toEqual({ functionId: 'f1' });
    expect(follow(paths.functionCollection.path, paths.functionCollection.getHref('c1')).params).toEqual({
      collectionId: 'c1',
    });
    for (const page of [paths.jobs, paths.sweeps, paths.studies, paths.functions, paths.files, paths.settings]) {
      expect(follow(page.path, page.getHref())).toEqual({ params: {}, query: {} });
    }
  });

  it('carry what prefills a run form, and the jobs compared, in the query', () => {
    expect(
      follow(paths.solverRelease.path, paths.solverRelease.getHref(SLEEPER, '2.1.6', { from: 'j1' })).query,
    ).toEqual({ [FROM_JOB_PARAM]: 'j1' });
    expect(
      follow(paths.solverRelease.path, paths.solverRelease.getHref(SLEEPER, '2.1.6', { file: 'f 1' })).query,
    ).toEqual({ [INPUT_FILE_PARAM]: 'f 1' });
    expect(follow(paths.study.path, paths.study.getHref('st1', { from: 'j1' })).query).toEqual({
      [FROM_JOB_PARAM]: 'j1',
    });
    const compared = follow(paths.studyCompare.path, paths.studyCompare.getHref('st1', ['a', 'b']));
    expect(compared).toEqual({ params: { studyId: 'st1' }, query: { [COMPARE_JOBS_PARAM]: 'a,b' } });
    expect(follow(paths.compare.path, paths.compare.getHref([job])).query).toEqual({
      [COMPARE_JOBS_PARAM]: `${SLEEPER}:2.1.6:3f1c`,
    });
  });

  it('keep a solver key one segment of the address, so a release page and a job page never overlap', () => {
    const release = paths.solverRelease.getHref(SLEEPER, '2.1.6');
    expect(release).toBe('/solvers/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper/releases/2.1.6');
    expect(matchPath(paths.job.path, release)).toBeNull();
    expect(matchPath(paths.solverRelease.path, paths.job.getHref(job))).toBeNull();
  });
});
