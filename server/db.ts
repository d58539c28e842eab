import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { migrate } from './migrations.ts';

type Statement = Database.Statement;

export type Db = Database.Database;

/** Prepares (once per SQL text) a statement of one database. */
export type Statements = (sql: string) => Statement;

const statementCaches = new WeakMap<Db, Statements>();

/**
 * The prepared-statement cache of a database, shared by every store and service using it:
 * preparing costs more than running the small queries the host makes.
 */
export function statementsOf(db: Db): Statements {
  let statements = statementCaches.get(db);
  if (!statements) {
    const prepared = new Map<string, Statement>();
    statements = (sql) => {
      let statement = prepared.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        prepared.set(sql, statement);
      }
      return statement;
    };
    statementCaches.set(db, statements);
  }
  return statements;
}

/**
 * Opens (creating when needed) the host's SQLite database in WAL mode and brings its schema to
 * this release's version (server/migrations.ts), so a data folder of an older release opens too.
 */
export function openDatabase(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'host.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db, undefined, file);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
