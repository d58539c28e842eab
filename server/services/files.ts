import crypto from 'node:crypto';
import fs from 'node:fs';
import { type Static, Type } from '@sinclair/typebox';
import mime from 'mime';
import type { HostConfig } from '../config.ts';
import type { Db } from '../db.ts';
import { apiErrors } from '../errors.ts';
import { FileBlobStore, type WrittenBytes } from '../stores/fileBlobs.ts';
import { type FileOrder, type FileRecord, FileRecordStore, type ListedFileRecord } from '../stores/fileRecords.ts';

/** A file resource as the API returns it (`File`). */
export const ApiFileSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  filename: Type.String(),
  content_type: Type.Union([Type.String(), Type.Null()]),
  checksum: Type.Union([Type.String(), Type.Null()]),
  e_tag: Type.Union([Type.String(), Type.Null()]),
});
export type ApiFile = Static<typeof ApiFileSchema>;

/**
 * A file as the host's file routes answer it: the API's `File` and, local extensions (upstream's
 * `File` has neither, and allows more fields), its size, when it was stored and the job output it is.
 */
export const DescribedFileSchema = Type.Composite([
  ApiFileSchema,
  Type.Object({
    size: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Local extension: the size of the content, in bytes' }),
    ),
    created_at: Type.Optional(
      Type.String({ format: 'date-time', description: 'Local extension: when the file was stored on the host' }),
    ),
    produced_by: Type.Optional(
      Type.Union(
        [
          Type.Object({
            job_id: Type.String({ format: 'uuid' }),
            output: Type.String({ description: 'The output port the file is the value of' }),
            solver_key: Type.Union([Type.String(), Type.Null()], { description: 'Null once the job was deleted' }),
            version: Type.Union([Type.String(), Type.Null()]),
          }),
          Type.Null(),
        ],
        { description: 'Local extension: the job whose output this file is; null for a file a client uploaded' },
      ),
    ),
  }),
]);
export type DescribedFile = Static<typeof DescribedFileSchema>;

/** A stored file: the API's fields plus what the host keeps about its bytes and where they came from. */
export type StoredFile = ListedFileRecord;

/** The job output a file is stored as, with the job's release. */
export interface FileProducer {
  jobId: string;
  output: string;
  solverKey: string;
  version: string;
}

/** Bytes arriving from a client in one request (a multipart form's file field). */
export interface IncomingFile {
  stream: NodeJS.ReadableStream;
  filename: string;
  /** As the client declared it; `application/octet-stream` counts as "not declared". */
  contentType?: string;
}

const MAX_FILENAME_BYTES = 255;

function isControlCharacter(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f;
}

/**
 * Refuses file names that cannot be stored as data: empty, too long, or with control
 * characters (NUL above all). Path separators are fine: names never become paths here.
 */
export function checkFilename(name: string, loc: (string | number)[]): void {
  if (name.length === 0) throw apiErrors.invalid(loc, 'The file name is empty', 'string_too_short', name);
  if ([...name].some(isControlCharacter)) {
    throw apiErrors.invalid(loc, 'The file name contains a NUL or another control character', 'value_error');
  }
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_FILENAME_BYTES) {
    throw apiErrors.invalid(
      loc,
      `The file name is ${bytes} bytes long in UTF-8; at most ${MAX_FILENAME_BYTES} are allowed`,
      'string_too_long',
    );
  }
}

/** The declared content type when there is a meaningful one, else a guess from the name. */
export function contentTypeFor(filename: string, declared?: string | null): string {
  const given = declared?.trim().toLowerCase();
  if (given && given !== 'application/octet-stream') return declared!.trim();
  return mime.getType(filename) ?? 'application/octet-stream';
}

/**
 * Files: uploads in one request, downloads, search and delete. Bytes live in the data folder
 * under the file's id; SQLite keeps the metadata. Multipart uploads (uploads.ts) end here too.
 */
export class FileService {
  private readonly records: FileRecordStore;
  private readonly blobs: FileBlobStore;

  constructor(
    readonly db: Db,
    readonly config: HostConfig,
  ) {
    this.records = new FileRecordStore(db);
    this.blobs = new FileBlobStore(config.dataDir);
    this.recover();
  }

  /** Removes what interrupted writes left behind, so only complete files remain. */
  private recover(): void {
    const files = new Set(this.records.ids());
    this.blobs.sweepFiles((id) => files.has(id));
  }

  get(id: string): StoredFile | undefined {
    return this.records.get(id.toLowerCase());
  }

  require(id: string): StoredFile {
    const file = this.get(id);
    if (!file) throw apiErrors.notFound('File', id);
    return file;
  }

  pathOf(file: StoredFile): string {
    return this.blobs.pathOf(file.id);
  }

  toApi(file: StoredFile): ApiFile {
    return {
      id: file.id,
      filename: file.filename,
      content_type: file.content_type,
      checksum: file.checksum,
      e_tag: file.e_tag,
    };
  }

  /** The answer of the file routes: the API's fields with the host's size, time and producing job. */
  describe(file: StoredFile): DescribedFile {
    return {
      ...this.toApi(file),
      size: file.size,
      created_at: file.created_at,
      produced_by:
        file.job_id === null
          ? null
          : {
              job_id: file.job_id,
              output: file.job_output ?? '',
              solver_key: file.job_solver_key,
              version: file.job_version,
            },
    };
  }

  /**
   * Every finished file, oldest first, a batch at a time with a turn of the event loop between
   * batches: listing many files neither holds them all in memory nor keeps other requests waiting.
   */
  async *listInSteps(batchSize = 500): AsyncGenerator<StoredFile[]> {
    for (const batch of this.records.batches(batchSize)) {
      yield batch;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /**
   * One page of the files matching a checksum, an id, text in their name (or, `search`, text in
   * their name or the start of their checksum), where they came from
   * and/or the job that made them (each optional), in the order asked (oldest first unless said).
   */
  search(
    filter: {
      sha256_checksum?: string;
      file_id?: string;
      filename_contains?: string;
      search?: string;
      produced_by?: 'upload' | 'job';
      job_id?: string;
    },
    limit: number,
    offset: number,
    order?: FileOrder,
  ): { items: StoredFile[]; total: number } {
    return this.records.find(
      {
        checksum: filter.sha256_checksum?.toLowerCase(),
        id: filter.file_id?.toLowerCase(),
        nameContains: filter.filename_contains,
        text: filter.search,
        origin: filter.produced_by,
        jobId: filter.job_id?.toLowerCase(),
      },
      limit,
      offset,
      order,
    );
  }

  /** Stores a file sent whole in one request, streaming it to disk. */
  async upload(incoming: IncomingFile): Promise<StoredFile> {
    try {
      checkFilename(incoming.filename, ['body', 'file', 'filename']);
    } catch (error) {
      // Let the rest of the body flow away so the answer is not stuck behind it.
      incoming.stream.resume();
      throw error;
    }
    const written = await this.blobs.write(incoming.stream);
    return this.keep(written, incoming.filename, contentTypeFor(incoming.filename, incoming.contentType), written.md5!);
  }

  /** Stores a file of the host's own, the output of a job when `producer` says which. */
  async importFile(
    sourcePath: string,
    filename: string,
    contentType?: string,
    producer?: FileProducer,
  ): Promise<StoredFile> {
    checkFilename(filename, ['filename']);
    const written = await this.blobs.write(fs.createReadStream(sourcePath));
    return this.keep(written, filename, contentTypeFor(filename, contentType), written.md5!, undefined, producer);
  }

  /** Moves written bytes under a new id (or the given one) and records the file. */
  keep(
    written: WrittenBytes,
    filename: string,
    contentType: string,
    eTag: string,
    id?: string,
    producer?: FileProducer,
  ): StoredFile {
    const record: FileRecord = {
      id: id ?? crypto.randomUUID(),
      filename,
      content_type: contentType,
      checksum: written.sha256!,
      e_tag: eTag,
      size: written.size,
      created_at: new Date(this.config.now()).toISOString(),
      job_id: producer?.jobId ?? null,
      job_output: producer?.output ?? null,
    };
    try {
      this.blobs.commit(written.tempPath, this.blobs.pathOf(record.id));
      this.records.insert(record);
    } catch (error) {
      this.blobs.discard(written.tempPath);
      this.blobs.remove(record.id);
      throw error;
    }
    return { ...record, job_solver_key: producer?.solverKey ?? null, job_version: producer?.version ?? null };
  }

  delete(id: string): void {
    const file = this.require(id);
    this.records.delete(file.id);
    this.blobs.remove(file.id);
  }
}
