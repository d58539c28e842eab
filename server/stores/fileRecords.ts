import { type Db, type Statements, statementsOf } from '../db.ts';
import { NEAR_OFFSET, PageCursors } from './page-cursors.ts';

/** One row of the `files` table: a finished file whose bytes are in storage. */
export interface FileRecord {
  id: string;
  filename: string;
  content_type: string | null;
  checksum: string | null;
  e_tag: string | null;
  size: number;
  created_at: string;
  /** The job whose output this file is, and the output port; null for a file uploaded by a client. */
  job_id: string | null;
  job_output: string | null;
}

/** A file as listed: its record with the release of the job that produced it (null when that job is gone). */
export interface ListedFileRecord extends FileRecord {
  job_solver_key: string | null;
  job_version: string | null;
}

export interface FileFilter {
  checksum?: string;
  id?: string;
  /** Text the file name contains, ignoring the case of ASCII letters. */
  nameContains?: string;
  /** Text the file name contains, or (when it is hexadecimal, 4 digits or more) the start of the checksum. */
  text?: string;
  /** Only files uploaded by clients, or only outputs of jobs. */
  origin?: 'upload' | 'job';
  /** Only the outputs of this job. */
  jobId?: string;
}

/** What the listing is ordered by: each has an index, and ties go by row (the order files were stored in). */
export const FILE_ORDERS = ['created_at', 'filename', 'size'] as const;
export type FileOrderColumn = (typeof FILE_ORDERS)[number];

export interface FileOrder {
  by: FileOrderColumn;
  descending: boolean;
}

const OLDEST_FIRST: FileOrder = { by: 'created_at', descending: false };

/** A file's place in the listing's order: its value of the ordering column, then its row. */
type FileKey = [value: string | number, row: number];

/** The ordering column as SQL compares it: names without regard to the case of ASCII letters, as their index holds them. */
function orderTerm(order: FileOrder): string {
  return order.by === 'filename' ? 'filename COLLATE NOCASE' : order.by;
}

/** Columns of a listed file: the record, its row number, and the release of the job that produced it. */
const LISTED_COLUMNS = `rowid AS row_number, *,
  (SELECT solver_key FROM jobs WHERE jobs.id = files.job_id) AS job_solver_key,
  (SELECT version FROM jobs WHERE jobs.id = files.job_id) AS job_version`;

type ListedRow = ListedFileRecord & { row_number: number };

function withoutRowNumber({ row_number: _, ...file }: ListedRow): ListedFileRecord {
  return file;
}

/** The shortest start of a checksum searched for: fewer digits would match a large share of all files. */
const CHECKSUM_START = /^[0-9a-f]{4,64}$/i;

/**
 * Files whose name contains the text, ignoring the case of ASCII letters: the trigram index
 * narrows the rows (its LIKE takes % and _ as wildcards, so it may keep a few too many);
 * instr() then keeps the names that hold the text itself.
 */
function nameTerm(text: string): { sql: string; params: unknown[] } {
  const needle = text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  if (needle.length < 3) return { sql: 'instr(lower(filename), ?) > 0', params: [needle] };
  return {
    sql: 'rowid IN (SELECT rowid FROM file_names WHERE filename LIKE ?) AND instr(lower(filename), ?) > 0',
    params: [`%${needle}%`, needle],
  };
}

/** The WHERE clause for the filters given, so each one can use its index (primary key, checksum index, name trigrams). */
function whereOf(filter: FileFilter): { sql: string; params: unknown[] } {
  const terms: string[] = [];
  const params: unknown[] = [];
  if (filter.id !== undefined) {
    terms.push('id = ?');
    params.push(filter.id);
  }
  if (filter.checksum !== undefined) {
    terms.push('checksum = ?');
    params.push(filter.checksum);
  }
  if (filter.nameContains) {
    const name = nameTerm(filter.nameContains);
    terms.push(name.sql);
    params.push(...name.params);
  }
  if (filter.text) {
    const name = nameTerm(filter.text);
    const start = CHECKSUM_START.test(filter.text) ? filter.text.toLowerCase() : undefined;
    // Checksums are lower-case hex: every one starting with the digits sorts between them and
    // them followed by "g", so the checksum index finds them.
    terms.push(start ? `((${name.sql}) OR (checksum >= ? AND checksum < ?))` : name.sql);
    params.push(...name.params, ...(start ? [start, `${start}g`] : []));
  }
  if (filter.origin) terms.push(filter.origin === 'job' ? 'job_id IS NOT NULL' : 'job_id IS NULL');
  if (filter.jobId !== undefined) {
    terms.push('job_id = ?');
    params.push(filter.jobId);
  }
  return { sql: terms.length ? terms.join(' AND ') : '1', params };
}

/** Finished files. Uploads in progress are kept elsewhere, so nothing half-written is ever listed. */
export class FileRecordStore {
  private readonly sql: Statements;
  /** Where pages start; adding or removing a file forgets them. */
  private readonly cursors = new PageCursors<FileKey>();

  constructor(db: Db) {
    this.sql = statementsOf(db);
  }

  get(id: string): ListedFileRecord | undefined {
    const row = this.sql(`SELECT ${LISTED_COLUMNS} FROM files WHERE id = ?`).get(id) as ListedRow | undefined;
    return row && withoutRowNumber(row);
  }

  insert(record: FileRecord): void {
    this.cursors.clear();
    this.sql(
      `INSERT INTO files (id, filename, content_type, checksum, e_tag, size, created_at, job_id, job_output)
         VALUES (@id, @filename, @content_type, @checksum, @e_tag, @size, @created_at, @job_id, @job_output)`,
    ).run(record);
  }

  delete(id: string): boolean {
    this.cursors.clear();
    return this.sql('DELETE FROM files WHERE id = ?').run(id).changes > 0;
  }

  /**
   * Files matching the filter in the order asked (oldest first unless said), cut to one page;
   * with the total that matched. The unfiltered total is kept by triggers; pages start from
   * remembered keys (see PageCursors) so paging on does not walk the table. A negative limit:
   * every file from the offset.
   */
  find(
    filter: FileFilter,
    limit: number,
    offset: number,
    order: FileOrder = OLDEST_FIRST,
  ): { items: ListedFileRecord[]; total: number } {
    const where = whereOf(filter);
    const total = this.count(filter, where);
    if (limit === 0 || offset >= total) return { items: [], total };
    const name = `${where.sql}\u0000${JSON.stringify(where.params)}\u0000${order.by} ${order.descending}`;
    const known = this.cursors.nearest(name, offset);
    const take = limit < 0 ? -1 : limit + 1;
    const column = orderTerm(order);
    const [forward, backward] = order.descending ? ['DESC', 'ASC'] : ['ASC', 'DESC'];
    const sorted = `ORDER BY ${column} ${forward}, rowid ${forward}`;
    const fromKey = `(${column}, rowid) ${order.descending ? '<=' : '>='} (?, ?)`;
    let rows: ListedRow[];
    if (known && offset - known.offset <= NEAR_OFFSET) {
      rows = this.sql(
        `SELECT ${LISTED_COLUMNS} FROM files WHERE ${where.sql} AND ${fromKey} ${sorted} LIMIT ? OFFSET ?`,
      ).all(...where.params, ...known.key, take, offset - known.offset) as ListedRow[];
    } else if (offset > NEAR_OFFSET && offset >= total / 2) {
      // Far down the listing: count back from its other end along the index.
      const first = this.sql(
        `SELECT ${order.by} AS value, rowid AS row_number FROM files WHERE ${where.sql}
           ORDER BY ${column} ${backward}, rowid ${backward} LIMIT 1 OFFSET ?`,
      ).get(...where.params, total - 1 - offset) as { value: string | number; row_number: number } | undefined;
      rows = first
        ? (this.sql(`SELECT ${LISTED_COLUMNS} FROM files WHERE ${where.sql} AND ${fromKey} ${sorted} LIMIT ?`).all(
            ...where.params,
            first.value,
            first.row_number,
            take,
          ) as ListedRow[])
        : [];
    } else {
      rows = this.sql(`SELECT ${LISTED_COLUMNS} FROM files WHERE ${where.sql} ${sorted} LIMIT ? OFFSET ?`).all(
        ...where.params,
        take,
        offset,
      ) as ListedRow[];
    }
    const keyOf = (row: ListedRow): FileKey => [row[order.by], row.row_number];
    if (rows[0]) this.cursors.remember(name, offset, keyOf(rows[0]));
    if (limit >= 0 && rows.length > limit) this.cursors.remember(name, offset + limit, keyOf(rows.pop()!));
    return { items: rows.map(withoutRowNumber), total };
  }

  /**
   * How many files match: the totals of every file and of job outputs are kept by triggers
   * (uploads are the rest), so neither filter counts the table; other filters count through
   * their indexes.
   */
  private count(filter: FileFilter, where: { sql: string; params: unknown[] }): number {
    const kept = (name: string) => (this.sql('SELECT n FROM row_counts WHERE name = ?').get(name) as { n: number }).n;
    const others = Object.entries(filter).filter(
      ([key, value]) => key !== 'origin' && value !== undefined && value !== '',
    );
    if (others.length === 0) {
      if (!filter.origin) return kept('files');
      return filter.origin === 'job' ? kept('files of jobs') : kept('files') - kept('files of jobs');
    }
    return (this.sql(`SELECT COUNT(*) AS n FROM files WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
  }

  /** The id of every file (checking the data folder at start). */
  ids(): string[] {
    return (this.sql('SELECT id FROM files').all() as { id: string }[]).map((row) => row.id);
  }

  /** Every file, oldest first, `size` at a time (each batch read from the order index where the last one ended). */
  *batches(size: number): Generator<ListedFileRecord[]> {
    let after: FileKey | undefined;
    for (;;) {
      const rows = (
        after
          ? this.sql(
              `SELECT ${LISTED_COLUMNS} FROM files WHERE (created_at, rowid) > (?, ?) ORDER BY created_at, rowid LIMIT ?`,
            ).all(...after, size)
          : this.sql(`SELECT ${LISTED_COLUMNS} FROM files ORDER BY created_at, rowid LIMIT ?`).all(size)
      ) as ListedRow[];
      if (!rows.length) return;
      const last = rows.at(-1)!;
      after = [last.created_at, last.row_number];
      yield rows.map(withoutRowNumber);
      if (rows.length < size) return;
    }
  }
}
