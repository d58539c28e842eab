import { type Db, type Statements, statementsOf } from '../db.ts';

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
}

/** Finished files. Uploads in progress are kept elsewhere, so nothing half-written is ever listed. */
export class FileRecordStore {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = statementsOf(db);
  }

  get(id: string): FileRecord | undefined {
    return this.sql('SELECT * FROM files WHERE id = ?').get(id) as FileRecord | undefined;
  }

  insert(record: FileRecord): void {
    this.sql(
      `INSERT INTO files (id, filename, content_type, checksum, e_tag, size, created_at)
         VALUES (@id, @filename, @content_type, @checksum, @e_tag, @size, @created_at)`,
    ).run(record);
  }

  delete(id: string): boolean {
    return this.sql('DELETE FROM files WHERE id = ?').run(id).changes > 0;
  }

  /** Files matching the filter, oldest first, cut to one page; with the total that matched. */
  find(filter: FileFilter, limit: number, offset: number): { items: FileRecord[]; total: number } {
    const where = '(@checksum IS NULL OR checksum = @checksum) AND (@id IS NULL OR id = @id)';
    const params = { checksum: filter.checksum ?? null, id: filter.id ?? null };
    const total = (this.sql(`SELECT COUNT(*) AS n FROM files WHERE ${where}`).get(params) as { n: number }).n;
    const items = this.sql(
      `SELECT * FROM files WHERE ${where} ORDER BY created_at, rowid LIMIT @limit OFFSET @offset`,
    ).all({ ...params, limit, offset }) as FileRecord[];
    return { items, total };
  }

  all(): FileRecord[] {
    return this.sql('SELECT * FROM files ORDER BY created_at, rowid').all() as FileRecord[];
  }
}
