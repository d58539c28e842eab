import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db.ts';
import { migrate, SCHEMA_VERSION, schemaVersionOf } from '../migrations.ts';
import { makeDataDir, startTestHost, type TestHost } from './harness.ts';
import { RELEASE } from './jobs-helpers.ts';

/**
 * `fixtures/data-before-migrations` is a data folder written by the release before schema
 * versions (main at 564ff97), through its HTTP API: two uploaded files, a sleeper 2.1.6 job
 * with a file input and labels that ran, a sleeper 2.0.2 job with labels never started, a run
 * of the sleeper pipeline study (two solver jobs), and a SOLVER function run once.
 */
const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'data-before-migrations');

const ALPHA_JOB = 'c382c595-1990-4510-b678-0686764f361f';
const BETA_JOB = '8d231033-9529-43e6-bd6e-1fdcbb291dcf';
const STUDY = '5e1a7b62-2c4f-4d1e-9a37-0b8c1f6d2a11';
const STUDY_JOB = '867d1918-7bba-4015-bba4-457e1a6ed40e';
const FUNCTION = '0878e1c1-45dc-476b-97a9-34691094832d';
const FUNCTION_JOB = 'b670cd2a-ceaf-43ca-b1f9-763078be4e20';
const TABLE_FILE = '56c01e6e-9bb6-4297-ae53-b2d6dae4e124';
const OLD_RELEASE = '/v0/solvers/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper/releases/2.0.2';

function copyOfFixture(): string {
  const dataDir = makeDataDir();
  fs.cpSync(FIXTURE, dataDir, { recursive: true });
  return dataDir;
}

interface Page<T> {
  items: T[];
  total: number;
}

describe('a data folder written before schema versions', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  it('opens in this release with every job, file, study job and function it held', async () => {
    const dataDir = copyOfFixture();
    const before = new Database(path.join(dataDir, 'host.sqlite'));
    expect(schemaVersionOf(before)).toBe(0);
    before.close();

    host = await startTestHost({}, { dataDir, keepData: true });

    const jobs = await host.json<Page<{ id: string }>>('/v0/solvers/-/releases/-/jobs?limit=50');
    expect(jobs.total).toBe(5);
    expect(jobs.items.map((job) => job.id)).toContain(ALPHA_JOB);

    const alpha = await host.json<{ metadata: Record<string, unknown> }>(`${RELEASE}/jobs/${ALPHA_JOB}/metadata`);
    expect(alpha.metadata).toEqual({ project: 'alpha', run: 1, fixture: true });
    const status = await host.json<{ state: string }>(`${RELEASE}/jobs/${ALPHA_JOB}:inspect`, { method: 'POST' });
    expect(status.state).toBe('SUCCESS');
    const outputs = await host.json<{ results: { output_1: { id: string }; output_2: number } }>(
      `${RELEASE}/jobs/${ALPHA_JOB}/outputs`,
    );
    expect(outputs.results.output_2).toBe(6);
    const output = await host.fetch(`/v0/files/${outputs.results.output_1.id}/content`);
    expect((await output.text()).trim()).toMatch(/^\d+$/);
    // Files made before their producing job was recorded are matched to the job whose outputs name them.
    const described = await host.json<{ produced_by: unknown; size: number }>(
      `/v0/files/${outputs.results.output_1.id}`,
    );
    expect(described.produced_by).toEqual({
      job_id: ALPHA_JOB,
      output: 'output_1',
      solver_key: 'simcore/services/comp/itis/sleeper',
      version: '2.1.6',
    });
    const uploaded = await host.json<{ produced_by: unknown }>(`/v0/files/${TABLE_FILE}`);
    expect(uploaded.produced_by).toBeNull();

    // The labels written before the metadata index was there are found through it.
    const byLabel = await host.json<Page<{ id: string }>>('/v0/solvers/-/releases/-/jobs?metadata.any=project:ALPHA');
    expect(byLabel.items.map((job) => job.id)).toEqual([ALPHA_JOB]);
    const byPattern = await host.json<Page<{ id: string }>>(
      '/v0/solvers/-/releases/-/jobs?metadata.any=project:beta*&metadata.any=run:1',
    );
    expect(byPattern.items.map((job) => job.id).sort()).toEqual([ALPHA_JOB, BETA_JOB].sort());
    const ofRelease = await host.json<Page<{ id: string }>>(`${OLD_RELEASE}/jobs/page`);
    expect(ofRelease).toMatchObject({ total: 1, items: [{ id: BETA_JOB }] });

    const files = await host.json<Page<{ id: string; filename: string }>>('/v0/files/page?limit=50');
    expect(files.total).toBe(6);
    const table = await host.fetch(`/v0/files/${TABLE_FILE}/content`);
    expect(await table.text()).toBe('x,y\n1,2\n3,4\n');

    const studyJob = await host.json<{ state: string }>(`/v0/studies/${STUDY}/jobs/${STUDY_JOB}:inspect`, {
      method: 'POST',
    });
    expect(studyJob.state).toBe('SUCCESS');
    const fn = await host.json<{ title: string }>(`/v0/functions/${FUNCTION}`);
    expect(fn.title).toBe('Sleeper');
    const functionJob = await host.json<{ status: string }>(`/v0/function_jobs/${FUNCTION_JOB}/status`);
    expect(functionJob.status).toBe('SUCCESS');

    // New work goes on beside the old.
    const created = await host.json<{ id: string }>(`${RELEASE}/jobs`, {
      method: 'POST',
      body: { values: { input_2: 0 } },
    });
    expect((await host.json<Page<unknown>>('/v0/solvers/-/releases/-/jobs')).total).toBe(6);
    expect(created.id).toBeTruthy();

    await host.close();
    host = undefined;
    const after = new Database(path.join(dataDir, 'host.sqlite'));
    expect(schemaVersionOf(after)).toBe(SCHEMA_VERSION);
    after.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('schema migrations', () => {
  it('refuses a database of a newer release and leaves it as it was', () => {
    const dataDir = makeDataDir();
    const db = new Database(path.join(dataDir, 'host.sqlite'));
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(dataDir)).toThrow(`schema version ${SCHEMA_VERSION + 1}, written by a newer release`);
    const again = new Database(path.join(dataDir, 'host.sqlite'));
    expect(schemaVersionOf(again)).toBe(SCHEMA_VERSION + 1);
    again.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('rolls a failing step back whole: the version stays and its tables are not there', () => {
    const db = new Database(':memory:');
    const steps = [
      { version: 1, description: 'a table', up: (d: Database.Database) => d.exec('CREATE TABLE a (x)') },
      {
        version: 2,
        description: 'a table and a mistake',
        up: (d: Database.Database) => d.exec('CREATE TABLE b (x); INSERT INTO missing VALUES (1)'),
      },
    ];
    expect(() => migrate(db, steps, 'test.sqlite')).toThrow(
      'test.sqlite: schema migration 2 (a table and a mistake) failed, nothing was changed by it',
    );
    expect(schemaVersionOf(db)).toBe(1);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as {
      name: string;
    }[];
    expect(tables.map((table) => table.name)).toEqual(['a']);
  });
});
