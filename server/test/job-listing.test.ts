import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../db.ts';
import { globMatches } from '../services/glob.ts';
import { type JobRecord, JobStore, type MetaValue, type RunningState } from '../stores/jobs.ts';
import { makeDataDir } from './harness.ts';

const SLEEPER = 'simcore/services/comp/itis/sleeper';
const STATES: RunningState[] = ['NOT_STARTED', 'SUCCESS', 'FAILED'];
const LABELS = ['Sweep-A', 'sweep-b', 'run?1', 'run[1]', 'a*b', '50%_off', 'Ünïcode', 'x'];

function jobNumber(n: number): JobRecord {
  const metadata: Record<string, MetaValue> = { n, label: LABELS[n % LABELS.length]! };
  if (n % 7 === 0) metadata.flag = n % 2 === 0;
  return {
    id: `job-${String(n).padStart(6, '0')}`,
    solverKey: SLEEPER,
    version: n % 3 === 0 ? '2.0.2' : '2.1.6',
    inputs: { input_2: n },
    inputsChecksum: 'c',
    createdAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
    state: STATES[n % STATES.length]!,
    progress: 0,
    submittedAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
    startedAt: null,
    stoppedAt: null,
    errors: null,
    outputs: null,
    metadata,
    pid: null,
  };
}

/** What a listing must hold: the jobs kept by `keep`, newest first, read without any index. */
function expected(jobs: JobRecord[], keep: (job: JobRecord) => boolean): string[] {
  return jobs
    .filter(keep)
    .map((job) => job.id)
    .reverse();
}

describe('the job listings served by indexes', () => {
  const count = 6_000;
  let dataDir: string;
  let db: Db;
  let store: JobStore;
  const jobs = Array.from({ length: count }, (_, index) => jobNumber(index + 1));

  beforeAll(() => {
    dataDir = makeDataDir();
    db = openDatabase(dataDir);
    store = new JobStore(db);
    store.insertMany(jobs);
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('pages through every job newest first, from any offset, by walking or by cursor, with the kept total', () => {
    const all = expected(jobs, () => true);
    const seen: string[] = [];
    for (let offset = 0; offset < count; offset += 500) {
      const page = store.page({}, 500, offset);
      expect(page.total).toBe(count);
      seen.push(...page.jobs.map((job) => job.id));
    }
    expect(seen).toEqual(all);
    // Jumps with no remembered page near them: near the end (counted from the oldest) and in the middle.
    for (const offset of [5_990, 5_000, 3_001, 2_999, 4_321]) {
      expect(store.page({}, 20, offset).jobs.map((job) => job.id)).toEqual(all.slice(offset, offset + 20));
    }
    expect(store.page({}, 20, count).jobs).toEqual([]);
    expect(store.page({}, -1, 5_995).jobs.map((job) => job.id)).toEqual(all.slice(5_995));
  });

  it('keeps per-release and per-state totals in step with inserts, state changes and deletes', () => {
    const release = { solverKey: SLEEPER, version: '2.0.2' };
    const ofRelease = expected(jobs, (job) => job.version === '2.0.2');
    const page = store.page({ release }, 50, 1_900);
    expect(page.total).toBe(ofRelease.length);
    expect(page.jobs.map((job) => job.id)).toEqual(ofRelease.slice(1_900, 1_950));

    const failed = store.page({ states: ['FAILED'] }, 10, 0);
    expect(failed.total).toBe(count / 3);
    store.update(failed.jobs[0]!.id, { state: 'SUCCESS' });
    jobs.find((job) => job.id === failed.jobs[0]!.id)!.state = 'SUCCESS';
    expect(store.page({ states: ['FAILED'] }, 10, 0).total).toBe(count / 3 - 1);
    expect(store.page({ states: ['FAILED'] }, 10, 0).jobs[0]!.id).toBe(failed.jobs[1]!.id);
    expect(store.page({ states: ['SUCCESS', 'FAILED'] }, 10, 0).total).toBe((2 * count) / 3);

    store.insert(jobNumber(count + 1));
    expect(store.page({}, 1, 0)).toMatchObject({ total: count + 1, jobs: [{ id: jobNumber(count + 1).id }] });
    expect(store.delete(jobNumber(count + 1).id)).toBe(true);
    expect(store.page({}, 1, 0)).toMatchObject({ total: count, jobs: [{ id: jobs.at(-1)!.id }] });
  });

  it('answers label filters as the wildcard rule does, case-insensitively, with GLOB and LIKE characters taken literally', () => {
    const filters = [
      'label:sweep-*',
      'label:SWEEP-A',
      'label:run?1',
      'label:run[1]',
      'label:a*b',
      'label:50%_off',
      'label:50_%off',
      'label:ünï*',
      'label:*',
      'flag:true',
      'flag:FALSE',
      'n:12*',
      'n:*99',
      'label:*e*',
      'missing:*',
    ];
    for (const filter of filters) {
      const [key, pattern] = [filter.slice(0, filter.indexOf(':')), filter.slice(filter.indexOf(':') + 1)];
      const want = expected(
        jobs,
        (job) =>
          Object.hasOwn(job.metadata, key) &&
          globMatches(String(job.metadata[key]), pattern, { caseInsensitive: true }),
      );
      const page = store.page({ metadata: { any: [{ key, pattern }] } }, 100, 0);
      expect({ filter, total: page.total }).toEqual({ filter, total: want.length });
      expect(page.jobs.map((job) => job.id)).toEqual(want.slice(0, 100));
    }
    const both = store.page(
      {
        metadata: {
          any: [
            { key: 'label', pattern: 'x' },
            { key: 'label', pattern: 'a*b' },
          ],
          all: [{ key: 'n', pattern: '1*' }],
        },
        states: ['SUCCESS'],
      },
      1_000,
      0,
    );
    expect(both.jobs.map((job) => job.id)).toEqual(
      expected(
        jobs,
        (job) =>
          ['x', 'a*b'].includes(String(job.metadata.label)) &&
          String(job.metadata.n).startsWith('1') &&
          job.state === 'SUCCESS',
      ),
    );
  });

  it('finds a job by labels changed after it was made', () => {
    const job = jobs[10]!;
    store.setMetadata(job.id, { campaign: 'Needle' });
    expect(store.page({ metadata: { any: [{ key: 'campaign', pattern: 'needle' }] } }, 10, 0).jobs).toMatchObject([
      { id: job.id, metadata: { campaign: 'Needle' } },
    ]);
    expect(store.page({ metadata: { any: [{ key: 'n', pattern: String(job.metadata.n) }] } }, 10, 0).total).toBe(0);
  });
});
