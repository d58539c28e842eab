import { type Db, type Statements, statementsOf } from '../db.ts';

/** A multipart upload announced by a client and not yet completed or aborted. */
export interface UploadRecord {
  /** Also the id the file gets once completed. */
  id: string;
  filename: string;
  filesize: number;
  sha256_checksum: string;
  content_type: string | null;
  chunk_size: number;
  /** Number of chunk links handed out. */
  part_count: number;
  /** Unix seconds after which the chunk links stop working. */
  expires_at: number;
  created_at: string;
}

/** A part whose bytes were stored completely. */
export interface UploadPartRecord {
  upload_id: string;
  number: number;
  size: number;
  e_tag: string;
}

/** Uploads in progress and their stored parts; never visible as files. */
export class FileUploadStore {
  private readonly sql: Statements;

  constructor(db: Db) {
    this.sql = statementsOf(db);
  }

  get(id: string): UploadRecord | undefined {
    return this.sql('SELECT * FROM file_uploads WHERE id = ?').get(id) as UploadRecord | undefined;
  }

  insert(upload: UploadRecord): void {
    this.sql(
      `INSERT INTO file_uploads (id, filename, filesize, sha256_checksum, content_type, chunk_size, part_count, expires_at, created_at)
         VALUES (@id, @filename, @filesize, @sha256_checksum, @content_type, @chunk_size, @part_count, @expires_at, @created_at)`,
    ).run(upload);
  }

  /** Removes the upload and (by cascade) its parts' rows. */
  delete(id: string): boolean {
    return this.sql('DELETE FROM file_uploads WHERE id = ?').run(id).changes > 0;
  }

  part(uploadId: string, number: number): UploadPartRecord | undefined {
    return this.sql('SELECT * FROM file_upload_parts WHERE upload_id = ? AND number = ?').get(uploadId, number) as
      | UploadPartRecord
      | undefined;
  }

  parts(uploadId: string): UploadPartRecord[] {
    return this.sql('SELECT * FROM file_upload_parts WHERE upload_id = ? ORDER BY number').all(
      uploadId,
    ) as UploadPartRecord[];
  }

  /** Records a stored part; nothing changes when that part was already stored (its link was used). */
  addPart(part: UploadPartRecord): void {
    this.sql(
      `INSERT INTO file_upload_parts (upload_id, number, size, e_tag) VALUES (@upload_id, @number, @size, @e_tag)
           ON CONFLICT DO NOTHING`,
    ).run(part);
  }

  /** Removes uploads whose links expired before `cutoff` (unix seconds), and (by cascade) their parts' rows. */
  deleteExpiredBefore(cutoff: number): void {
    this.sql('DELETE FROM file_uploads WHERE expires_at < ?').run(cutoff);
  }

  ids(): string[] {
    return (this.sql('SELECT id FROM file_uploads').all() as { id: string }[]).map((row) => row.id);
  }

  allParts(): UploadPartRecord[] {
    return this.sql('SELECT * FROM file_upload_parts').all() as UploadPartRecord[];
  }
}
