import type Database from 'libsql';

type Db = Database.Database;

/**
 * One step of the database schema. Steps run in order, each once, inside a transaction with
 * the bump of `PRAGMA user_version` to its number, so a data folder is always at one version:
 * a step that fails leaves the folder as it was.
 */
export interface Migration {
  version: number;
  /** What the step brings, for the error when it fails. */
  description: string;
  up(db: Db): void;
}

/**
 * The tables of the first releases, which kept no schema version: each store made its tables at
 * start (`IF NOT EXISTS`), so a data folder from then is at version 0 with all or some of them.
 */
const firstTables: Migration = {
  version: 1,
  description: 'the tables of files, uploads, jobs, studies, functions, tasks, wallet, profile and licences',
  up(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS files (
        id TEXT PRIMARY KEY,
        filename TEXT NOT NULL,
        content_type TEXT,
        checksum TEXT,
        e_tag TEXT,
        size INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS files_checksum ON files (checksum);

      CREATE TABLE IF NOT EXISTS file_uploads (
        id TEXT PRIMARY KEY,
        filename TEXT NOT NULL,
        filesize INTEGER NOT NULL,
        sha256_checksum TEXT NOT NULL,
        content_type TEXT,
        chunk_size INTEGER NOT NULL,
        part_count INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS file_upload_parts (
        upload_id TEXT NOT NULL REFERENCES file_uploads (id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        size INTEGER NOT NULL,
        e_tag TEXT NOT NULL,
        PRIMARY KEY (upload_id, number)
      );

      CREATE TABLE IF NOT EXISTS jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        solver_key TEXT NOT NULL,
        version TEXT NOT NULL,
        inputs TEXT NOT NULL,
        inputs_checksum TEXT NOT NULL,
        created_at TEXT NOT NULL,
        state TEXT NOT NULL,
        progress INTEGER NOT NULL DEFAULT 0,
        submitted_at TEXT NOT NULL,
        started_at TEXT,
        stopped_at TEXT,
        errors TEXT,
        outputs TEXT,
        metadata TEXT NOT NULL DEFAULT '{}',
        pid INTEGER
      );
      CREATE INDEX IF NOT EXISTS jobs_by_release ON jobs (solver_key, version, seq);
      CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state);

      CREATE TABLE IF NOT EXISTS study_clones (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        source_id TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT,
        hidden INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS study_jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        study_id TEXT NOT NULL,
        state TEXT NOT NULL,
        record TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS study_jobs_by_study ON study_jobs (study_id, seq);
      CREATE INDEX IF NOT EXISTS study_jobs_by_state ON study_jobs (state);

      CREATE TABLE IF NOT EXISTS functions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        uid TEXT NOT NULL UNIQUE,
        body TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS function_jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        uid TEXT NOT NULL UNIQUE,
        function_uid TEXT NOT NULL,
        inputs_checksum TEXT NOT NULL,
        status TEXT NOT NULL,
        wrapped_job_id TEXT,
        job_creation_task_id TEXT,
        outputs TEXT,
        body TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS function_jobs_by_function ON function_jobs (function_uid, inputs_checksum);
      CREATE TABLE IF NOT EXISTS function_job_collections (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        uid TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS function_job_collection_members (
        collection_uid TEXT NOT NULL,
        position INTEGER NOT NULL,
        job_uid TEXT NOT NULL,
        PRIMARY KEY (collection_uid, position)
      );
      CREATE INDEX IF NOT EXISTS function_job_collection_members_by_job ON function_job_collection_members (job_uid);

      CREATE TABLE IF NOT EXISTS tasks (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        done INTEGER NOT NULL DEFAULT 0,
        progress REAL NOT NULL DEFAULT 0,
        result TEXT,
        error TEXT
      );

      CREATE TABLE IF NOT EXISTS wallet (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        credits REAL NOT NULL CHECK (credits >= 0)
      );
      CREATE TABLE IF NOT EXISTS job_charge (job_id TEXT PRIMARY KEY, credits REAL NOT NULL, charged_at TEXT NOT NULL);

      CREATE TABLE IF NOT EXISTS profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        first_name TEXT,
        last_name TEXT,
        language TEXT
      );

      CREATE TABLE IF NOT EXISTS licensed_item_checkout (
        id TEXT PRIMARY KEY,
        licensed_item_id TEXT NOT NULL,
        key TEXT NOT NULL,
        version TEXT NOT NULL,
        wallet_id INTEGER NOT NULL,
        num_of_seats INTEGER NOT NULL,
        service_run_id TEXT NOT NULL,
        credits REAL NOT NULL,
        started_at TEXT NOT NULL,
        stopped_at TEXT
      );

      CREATE TABLE IF NOT EXISTS job_assets_deleted (job_id TEXT PRIMARY KEY, deleted_at TEXT NOT NULL);
    `);
  },
};

/** The metadata index's form of a value: the text the label filters compare, folded as they fold it. */
export function metadataIndexValue(value: string | number | boolean): string {
  return String(value).toLowerCase();
}

/** The (key, value) rows of the metadata index for one job's metadata. */
export function metadataIndexRows(metadata: Record<string, string | number | boolean>): [string, string][] {
  return Object.entries(metadata).map(([key, value]) => [key, metadataIndexValue(value)]);
}

/**
 * Listings and filters served by indexes: the label filters read a (key, value, job) table
 * instead of every job's metadata; totals are kept in count rows by triggers, in the
 * transaction of the write that changes them; files are ordered by an index on their creation
 * time and found by name through a trigram index.
 */
const listingIndexes: Migration = {
  version: 2,
  description: 'the job metadata index, kept totals, the files order and name indexes',
  up(db) {
    db.exec(`
      CREATE TABLE job_metadata (
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        job_seq INTEGER NOT NULL REFERENCES jobs (seq) ON DELETE CASCADE,
        PRIMARY KEY (key, value, job_seq)
      ) WITHOUT ROWID;
      CREATE INDEX job_metadata_by_job ON job_metadata (job_seq);

      CREATE TABLE row_counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO row_counts (name, n) SELECT 'jobs', COUNT(*) FROM jobs;
      INSERT INTO row_counts (name, n) SELECT 'files', COUNT(*) FROM files;
      CREATE TABLE job_release_counts (
        solver_key TEXT NOT NULL,
        version TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (solver_key, version)
      ) WITHOUT ROWID;
      INSERT INTO job_release_counts (solver_key, version, n) SELECT solver_key, version, COUNT(*) FROM jobs GROUP BY solver_key, version;
      CREATE TABLE job_state_counts (state TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO job_state_counts (state, n) SELECT state, COUNT(*) FROM jobs GROUP BY state;

      CREATE TRIGGER jobs_counted_in AFTER INSERT ON jobs BEGIN
        UPDATE row_counts SET n = n + 1 WHERE name = 'jobs';
        INSERT INTO job_release_counts (solver_key, version, n) VALUES (NEW.solver_key, NEW.version, 1)
          ON CONFLICT (solver_key, version) DO UPDATE SET n = n + 1;
        INSERT INTO job_state_counts (state, n) VALUES (NEW.state, 1) ON CONFLICT (state) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER jobs_counted_out AFTER DELETE ON jobs BEGIN
        UPDATE row_counts SET n = n - 1 WHERE name = 'jobs';
        UPDATE job_release_counts SET n = n - 1 WHERE solver_key = OLD.solver_key AND version = OLD.version;
        UPDATE job_state_counts SET n = n - 1 WHERE state = OLD.state;
      END;
      CREATE TRIGGER jobs_state_counted AFTER UPDATE OF state ON jobs WHEN OLD.state IS NOT NEW.state BEGIN
        UPDATE job_state_counts SET n = n - 1 WHERE state = OLD.state;
        INSERT INTO job_state_counts (state, n) VALUES (NEW.state, 1) ON CONFLICT (state) DO UPDATE SET n = n + 1;
      END;

      CREATE INDEX files_by_created ON files (created_at);
      CREATE VIRTUAL TABLE file_names USING fts5 (filename, tokenize = 'trigram');
      INSERT INTO file_names (rowid, filename) SELECT rowid, filename FROM files;
      CREATE TRIGGER files_counted_in AFTER INSERT ON files BEGIN
        UPDATE row_counts SET n = n + 1 WHERE name = 'files';
        INSERT INTO file_names (rowid, filename) VALUES (NEW.rowid, NEW.filename);
      END;
      CREATE TRIGGER files_counted_out AFTER DELETE ON files BEGIN
        UPDATE row_counts SET n = n - 1 WHERE name = 'files';
        DELETE FROM file_names WHERE rowid = OLD.rowid;
      END;
    `);
    const insert = db.prepare('INSERT INTO job_metadata (key, value, job_seq) VALUES (?, ?, ?)');
    for (const row of db.prepare('SELECT seq, metadata FROM jobs').iterate() as Iterable<{
      seq: number;
      metadata: string;
    }>) {
      for (const [key, value] of metadataIndexRows(JSON.parse(row.metadata))) insert.run(key, value, row.seq);
    }
  },
};

/** The all-jobs listing filtered by solver (every release of it), newest first, read from an index. */
const jobsBySolver: Migration = {
  version: 3,
  description: 'the index of jobs by solver',
  up(db) {
    db.exec('CREATE INDEX jobs_by_solver ON jobs (solver_key, seq)');
  },
};

/**
 * Which job made a file (its id and the output port it filled; none for an upload), the
 * indexes that list files by name, by size or by job, and the kept number of job outputs.
 * Files already there are matched to the jobs whose outputs name them.
 */
const fileProducers: Migration = {
  version: 4,
  description: "the producing job of each file, and the files' name, size and job indexes",
  up(db) {
    db.exec(`
      ALTER TABLE files ADD COLUMN job_id TEXT;
      ALTER TABLE files ADD COLUMN job_output TEXT;
      CREATE INDEX files_by_job ON files (job_id, created_at);
      CREATE INDEX files_by_name ON files (filename COLLATE NOCASE);
      CREATE INDEX files_by_size ON files (size);
    `);
    const mark = db.prepare('UPDATE files SET job_id = ?, job_output = ? WHERE id = ? AND job_id IS NULL');
    for (const job of db.prepare('SELECT id, outputs FROM jobs WHERE outputs IS NOT NULL').iterate() as Iterable<{
      id: string;
      outputs: string;
    }>) {
      for (const [port, value] of Object.entries(JSON.parse(job.outputs) as Record<string, unknown>)) {
        const fileId = (value as { id?: unknown } | null)?.id;
        if (typeof fileId === 'string') mark.run(job.id, port, fileId);
      }
    }
    // How many files are outputs of jobs, kept like the other totals (uploads are the rest).
    db.exec(`
      INSERT INTO row_counts (name, n) SELECT 'files of jobs', COUNT(*) FROM files WHERE job_id IS NOT NULL;
      CREATE TRIGGER files_of_jobs_counted_in AFTER INSERT ON files WHEN NEW.job_id IS NOT NULL BEGIN
        UPDATE row_counts SET n = n + 1 WHERE name = 'files of jobs';
      END;
      CREATE TRIGGER files_of_jobs_counted_out AFTER DELETE ON files WHEN OLD.job_id IS NOT NULL BEGIN
        UPDATE row_counts SET n = n - 1 WHERE name = 'files of jobs';
      END;
    `);
  },
};

/** Every step, oldest first; a new step goes at the end with the next number, and no step ever changes once released. */
export const MIGRATIONS: readonly Migration[] = [firstTables, listingIndexes, jobsBySolver, fileProducers];

/** The schema version this release writes. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

export function schemaVersionOf(db: Db): number {
  // libsql's pragma() gives rows (its `simple` option is not honoured): read the row.
  return (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
}

/**
 * Brings the database to `SCHEMA_VERSION`, step by step. A database of a newer release is
 * refused (its tables may mean what this release cannot know), and nothing is changed.
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS, location = 'the database'): void {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersionOf(db);
  if (current > latest) {
    throw new Error(
      `${location} is at schema version ${current}, written by a newer release; this release reads versions up to ${latest}. Start the newer release, or point OSPARC_LOCAL_DATA at another folder.`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    const step = db.transaction(() => {
      migration.up(db);
      // PRAGMA takes no bound parameters; the version is a number of this file.
      db.exec(`PRAGMA user_version = ${Math.trunc(migration.version)}`);
    });
    try {
      step();
    } catch (error) {
      throw new Error(
        `${location}: schema migration ${migration.version} (${migration.description}) failed, nothing was changed by it: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}
