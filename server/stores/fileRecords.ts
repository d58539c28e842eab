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
}

export interface FileFilter {
  checksum?: string;
  id?: string;
  /** Text the file name contains, ignoring the case of ASCII letters. */
  nameContains?: string;
}

/** A file's place in the listing's order: its creation time, then its row. */
type FileKey = [createdAt: string, row: number];

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
    // The trigram index narrows the rows (its LIKE takes % and _ as wildcards, so it may keep
    // a few too many); instr() then keeps the names that hold the text itself.
    const needle = filter.nameContains.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
    terms.push(
      needle.length >= 3
        ? 'rowid IN (SELECT rowid FROM file_names WHERE filename LIKE ?) AND instr(lower(filename), ?) > 0'
        : 'instr(lower(filename), ?) > 0',
    );
    if (needle.length >= 3) params.push(`%${needle}%`);
    params.push(needle);
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

  get(id: string): FileRecord | undefined {
    return this.sql('SELECT * FROM files WHERE id = ?').get(id) as FileRecord | undefined;
  }

  insert(record: FileRecord): void {
    this.cursors.clear();
    this.sql(
      `INSERT INTO files (id, filename, content_type, checksum, e_tag, size, created_at)
         VALUES (@id, @filename, @content_type, @checksum, @e_tag, @size, @created_at)`,
    ).run(record);
  }

  delete(id: string): boolean {
    this.cursors.clear();
    return this.sql('DELETE FROM files WHERE id = ?').run(id).changes > 0;
  }

  /**
   * Files matching the filter, oldest first, cut to one page; with the total that matched.
   * The unfiltered total is kept by triggers; pages start from remembered keys (see
   * PageCursors) so paging on does not walk the table. A negative limit: every file from the offset.
   */
  find(filter: FileFilter, limit: number, offset: number): { items: FileRecord[]; total: number } {
    const where = whereOf(filter);
    const total =
      where.params.length === 0
        ? (this.sql(`SELECT n FROM row_counts WHERE name = 'files'`).get() as { n: number }).n
        : (this.sql(`SELECT COUNT(*) AS n FROM files WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
    if (limit === 0 || offset >= total) return { items: [], total };
    const name = `${where.sql}\u0000${JSON.stringify(where.params)}`;
    const known = this.cursors.nearest(name, offset);
    const take = limit < 0 ? -1 : limit + 1;
    const columns = 'rowid AS row_number, *';
    let rows: (FileRecord & { row_number: number })[];
    if (known && offset - known.offset <= NEAR_OFFSET) {
      rows = this.sql(
        `SELECT ${columns} FROM files WHERE ${where.sql} AND (created_at, rowid) >= (?, ?) ORDER BY created_at, rowid LIMIT ? OFFSET ?`,
      ).all(...where.params, ...known.key, take, offset - known.offset) as typeof rows;
    } else if (offset > NEAR_OFFSET && offset >= total / 2) {
      // Far down the listing: count back from its newest file along the index.
      const first = this.sql(
        `SELECT created_at, rowid AS row_number FROM files WHERE ${where.sql} ORDER BY created_at DESC, rowid DESC LIMIT 1 OFFSET ?`,
      ).get(...where.params, total - 1 - offset) as { created_at: string; row_number: number } | undefined;
      rows = first
        ? (this.sql(
            `SELECT ${columns} FROM files WHERE ${where.sql} AND (created_at, rowid) >= (?, ?) ORDER BY created_at, rowid LIMIT ?`,
          ).all(...where.params, first.created_at, first.row_number, take) as typeof rows)
        : [];
    } else {
      rows = this.sql(
        `SELECT ${columns} FROM files WHERE ${where.sql} ORDER BY created_at, rowid LIMIT ? OFFSET ?`,
      ).all(...where.params, take, offset) as typeof rows;
    }
    const keyOf = (row: (typeof rows)[number]): FileKey => [row.created_at, row.row_number];
    if (rows[0]) this.cursors.remember(name, offset, keyOf(rows[0]));
    if (limit >= 0 && rows.length > limit) this.cursors.remember(name, offset + limit, keyOf(rows.pop()!));
    return { items: rows.map(({ row_number: _, ...file }) => file), total };
  }

  /** The id of every file (checking the data folder at start). */
  ids(): string[] {
    return (this.sql('SELECT id FROM files').all() as { id: string }[]).map((row) => row.id);
  }

  /** Every file, oldest first, `size` at a time (each batch read from the order index where the last one ended). */
  *batches(size: number): Generator<FileRecord[]> {
    let after: FileKey | undefined;
    for (;;) {
      const rows = (
        after
          ? this.sql(
              'SELECT rowid AS row_number, * FROM files WHERE (created_at, rowid) > (?, ?) ORDER BY created_at, rowid LIMIT ?',
            ).all(...after, size)
          : this.sql('SELECT rowid AS row_number, * FROM files ORDER BY created_at, rowid LIMIT ?').all(size)
      ) as (FileRecord & { row_number: number })[];
      if (!rows.length) return;
      const last = rows.at(-1)!;
      after = [last.created_at, last.row_number];
      yield rows.map(({ row_number: _, ...file }) => file);
      if (rows.length < size) return;
    }
  }
}
