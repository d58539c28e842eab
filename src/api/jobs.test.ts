import { describe, expect, it } from 'vitest';
import { paths } from '../paths.ts';
import {
  hasStopped,
  LIST_POLL_FLOOR_MS,
  LIST_POLL_OFF_SCREEN_MS,
  listStatusPollDelayMs,
  statusPollDelayMs,
} from './job-status.ts';
import { jobRefOf } from './jobs.ts';
import type { Job, JobStatus } from './types.ts';

const submitted = '2024-05-01T10:00:00.000Z';
const at = (seconds: number) => Date.parse(submitted) + seconds * 1000;

function status(overrides: Partial<JobStatus>): JobStatus {
  return { job_id: 'j', state: 'STARTED', progress: 10, submitted_at: submitted, started_at: submitted, ...overrides };
}

describe('how often a job is inspected', () => {
  it('is about every second for a young job, backing off to a few seconds for a long one', () => {
    expect(statusPollDelayMs(undefined)).toBe(1000);
    expect(statusPollDelayMs(status({}), at(3))).toBe(1000);
    expect(statusPollDelayMs(status({}), at(30))).toBe(2000);
    expect(statusPollDelayMs(status({}), at(600))).toBe(5000);
  });

  it('counts from submission while the job waits to start', () => {
    expect(statusPollDelayMs(status({ state: 'PENDING', started_at: null }), at(5))).toBe(1000);
    expect(statusPollDelayMs(status({ state: 'PENDING', started_at: null }), at(90))).toBe(5000);
  });

  it('stops once the job has stopped, whatever its state', () => {
    for (const state of ['SUCCESS', 'FAILED', 'ABORTED'] as const) {
      expect(statusPollDelayMs(status({ state, stopped_at: submitted }), at(1))).toBe(false);
    }
  });
});

describe('how often a job on the jobs page is inspected', () => {
  it('is never more often than the floor while its row is in view, backing off with age beyond it', () => {
    expect(listStatusPollDelayMs(undefined, true)).toBe(LIST_POLL_FLOOR_MS);
    expect(listStatusPollDelayMs(status({}), true, at(3))).toBe(LIST_POLL_FLOOR_MS);
    expect(listStatusPollDelayMs(status({}), true, at(30))).toBe(LIST_POLL_FLOOR_MS);
    expect(listStatusPollDelayMs(status({}), true, at(600))).toBe(10_000);
  });

  it('is seldom while its row is out of view, and never once it has stopped', () => {
    expect(listStatusPollDelayMs(status({}), false, at(3))).toBe(LIST_POLL_OFF_SCREEN_MS);
    expect(listStatusPollDelayMs(status({ state: 'SUCCESS', stopped_at: submitted }), true, at(3))).toBe(false);
    expect(listStatusPollDelayMs(status({ state: 'FAILED', stopped_at: submitted }), false, at(3))).toBe(false);
  });
});

describe('a listed job', () => {
  it('is placed under its solver and release from its runner name, for its page link', () => {
    const job = {
      id: '3f1c',
      runner_name: 'solvers/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper/releases/2.1.6',
    } as Job;
    const ref = jobRefOf(job);
    expect(ref).toEqual({ solverKey: 'simcore/services/comp/itis/sleeper', version: '2.1.6', jobId: '3f1c' });
    expect(paths.job.getHref(ref!)).toBe(
      '/solvers/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper/releases/2.1.6/jobs/3f1c',
    );
  });

  it('is placed from its name or its URL when its runner name does not parse, and left unplaced when nothing does', () => {
    const sleeper = { solverKey: 'simcore/services/comp/itis/sleeper', version: '2.1.6', jobId: 'j1' };
    const byName = {
      id: 'j1',
      runner_name: '?',
      name: 'solvers/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper/releases/2.1.6/jobs/j1',
    };
    expect(jobRefOf(byName as Job)).toEqual(sleeper);
    const byUrl = {
      id: 'j1',
      runner_name: 'x',
      name: 'x',
      runner_url: 'https://api.osparc.io/v0/solvers/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper/releases/2.1.6',
    };
    expect(jobRefOf(byUrl as Job)).toEqual(sleeper);
    expect(jobRefOf({ id: 'j1', runner_name: 'studies/abc', name: 'studies/abc/jobs/j1' } as Job)).toBeUndefined();
    expect(jobRefOf({ id: 'j1', runner_name: 'solvers/%E0%A4%A/releases/1.0.0', name: '' } as Job)).toBeUndefined();
  });
});

describe('whether a job has stopped', () => {
  it('is said by stopped_at, or by a final state when the host leaves stopped_at out (the spec allows it)', () => {
    expect(hasStopped(status({ state: 'SUCCESS', stopped_at: undefined }))).toBe(true);
    expect(hasStopped(status({ state: 'FAILED', stopped_at: null }))).toBe(true);
    expect(hasStopped(status({ state: 'STARTED', stopped_at: null }))).toBe(false);
    expect(hasStopped(undefined)).toBe(false);
    expect(statusPollDelayMs(status({ state: 'SUCCESS', stopped_at: undefined }))).toBe(false);
  });
});
