import { type Db, type Statements, statementsOf } from '../db.ts';
import type { JobError, MetaValue, RunningState } from './jobs.ts';

/** A copy of a study made with `:clone`: it runs the pipeline of its source under its own id and title. */
export interface StudyCloneRecord {
  id: string;
  sourceId: string;
  title: string;
  description: string | null;
  hidden: boolean;
}

/** How one node of a study job ran: the solver job that ran it, once it was submitted. */
export interface NodeRunRecord {
  state: RunningState;
  /** The solver job that runs the node (solver nodes only). */
  jobId: string | null;
}

/** One study job as stored. */
export interface StudyJobRecord {
  id: string;
  studyId: string;
  /** Values keyed by the labels of the study's parameter and file-picker nodes (files as File objects). */
  inputs: Record<string, unknown>;
  inputsChecksum: string;
  createdAt: string;
  state: RunningState;
  progress: number;
  submittedAt: string;
  startedAt: string | null;
  stoppedAt: string | null;
  errors: JobError[] | null;
  /** Values keyed by probe labels, once the job succeeded. */
  outputs: Record<string, unknown> | null;
  metadata: Record<string, MetaValue>;
  /** Node UUID → how it ran. */
  nodes: Record<string, NodeRunRecord>;
}

/** Study clones and study jobs, in SQLite. Each job is kept as one JSON record, with its study and state beside it for lookups. */
export class StudyStore {
  private readonly statement: Statements;

  constructor(db: Db) {
    this.statement = statementsOf(db);
  }

  insertClone(clone: StudyCloneRecord): void {
    this.statement('INSERT INTO study_clones (id, source_id, title, description, hidden) VALUES (?, ?, ?, ?, ?)').run(
      clone.id,
      clone.sourceId,
      clone.title,
      clone.description,
      clone.hidden ? 1 : 0,
    );
  }

  /** Every clone, oldest first. */
  clones(): StudyCloneRecord[] {
    const rows = this.statement('SELECT * FROM study_clones ORDER BY seq').all() as {
      id: string;
      source_id: string;
      title: string;
      description: string | null;
      hidden: number;
    }[];
    return rows.map((row) => ({
      id: row.id,
      sourceId: row.source_id,
      title: row.title,
      description: row.description,
      hidden: row.hidden === 1,
    }));
  }

  insertJob(job: StudyJobRecord): void {
    this.statement('INSERT INTO study_jobs (id, study_id, state, record) VALUES (?, ?, ?, ?)').run(
      job.id,
      job.studyId,
      job.state,
      JSON.stringify(job),
    );
  }

  getJob(id: string): StudyJobRecord | undefined {
    const row = this.statement('SELECT record FROM study_jobs WHERE id = ?').get(id) as { record: string } | undefined;
    return row && (JSON.parse(row.record) as StudyJobRecord);
  }

  /** Applies a change to a stored job; answers the job as it is afterwards. */
  updateJob(id: string, change: (job: StudyJobRecord) => StudyJobRecord): StudyJobRecord | undefined {
    const job = this.getJob(id);
    if (!job) return undefined;
    const next = change(job);
    this.statement('UPDATE study_jobs SET state = ?, record = ? WHERE id = ?').run(
      next.state,
      JSON.stringify(next),
      id,
    );
    return next;
  }

  deleteJob(id: string): boolean {
    return this.statement('DELETE FROM study_jobs WHERE id = ?').run(id).changes > 0;
  }

  /** Jobs of one study, newest first. */
  jobsOfStudy(studyId: string, limit: number, offset: number): StudyJobRecord[] {
    return (
      this.statement('SELECT record FROM study_jobs WHERE study_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?').all(
        studyId,
        limit,
        offset,
      ) as { record: string }[]
    ).map((row) => JSON.parse(row.record) as StudyJobRecord);
  }

  countOfStudy(studyId: string): number {
    return (this.statement('SELECT COUNT(*) AS n FROM study_jobs WHERE study_id = ?').get(studyId) as { n: number }).n;
  }

  jobsInStates(states: readonly RunningState[]): StudyJobRecord[] {
    const marks = states.map(() => '?').join(', ');
    return (
      this.statement(`SELECT record FROM study_jobs WHERE state IN (${marks}) ORDER BY seq`).all(...states) as {
        record: string;
      }[]
    ).map((row) => JSON.parse(row.record) as StudyJobRecord);
  }
}
