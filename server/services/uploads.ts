import crypto from 'node:crypto';
import { type Static, Type } from '@sinclair/typebox';
import type { HostConfig } from '../config.ts';
import type { Db } from '../db.ts';
import { apiErrors } from '../errors.ts';
import { FileBlobStore, TooManyBytesError, type WrittenBytes } from '../stores/fileBlobs.ts';
import { UploadLinkSigner } from '../stores/fileUploadLinks.ts';
import { FileUploadStore, type UploadRecord } from '../stores/fileUploads.ts';
import { UploadAssembly } from '../stores/uploadAssembly.ts';
import { checkFilename, contentTypeFor, type FileService, type StoredFile } from './files.ts';

/** A file on the client's side, announced before a multipart upload (`UserFile`). */
export interface ClientFile {
  filename: string;
  filesize: number;
  sha256_checksum: string;
}

/** One stored part as the client reports it when completing (`UploadedPart`). */
export interface UploadedPart {
  number: number;
  e_tag: string;
}

/** Links for a multipart upload (`ClientFileUploadData`). */
export const ClientFileUploadDataSchema = Type.Object({
  file_id: Type.String({ format: 'uuid' }),
  upload_schema: Type.Object({
    chunk_size: Type.Integer(),
    urls: Type.Array(Type.String()),
    links: Type.Object({ abort_upload: Type.String(), complete_upload: Type.String() }),
  }),
});
export type ClientFileUploadData = Static<typeof ClientFileUploadDataSchema>;

/** The part of a presigned chunk link that proves the caller may store that part. */
export interface ChunkToken {
  expires: number;
  signature: string;
}

/** Where presigned chunk links live; shared with the storage routes. */
export const STORAGE_UPLOADS_PATH = '/storage/uploads';

/** As S3: at most 10,000 parts per upload; larger files get larger chunks, not more links. */
export const MAX_UPLOAD_PARTS = 10_000;
/** As S3: the largest object one upload may announce (5 TiB). */
export const MAX_UPLOAD_BYTES = 5 * 1024 ** 4;

/** An upload whose links expired this long ago is given up at the next start. */
const ABANDONED_UPLOAD_SECONDS = 7 * 24 * 3600;

/** How many parts a file of `size` bytes needs with `chunkSize` (0 for an empty file). */
function partsNeeded(size: number, chunkSize: number): number {
  return Math.ceil(size / chunkSize);
}

/** The exact number of bytes part `number` of the upload must hold. */
function partSize(upload: UploadRecord, number: number): number {
  const needed = partsNeeded(upload.filesize, upload.chunk_size);
  if (number < needed) return upload.chunk_size;
  if (number === needed) return upload.filesize - (needed - 1) * upload.chunk_size;
  return 0;
}

/** S3's e_tag of a multipart object: MD5 of the parts' binary MD5s, then `-<number of parts>`. */
function multipartETag(partETags: string[]): string {
  const md5 = crypto.createHash('md5');
  for (const tag of partETags) md5.update(Buffer.from(tag, 'hex'));
  return `${md5.digest('hex')}-${partETags.length}`;
}

function unquote(tag: string): string {
  return tag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

/**
 * Multipart uploads: announced with one presigned link per chunk, parts stored as they arrive
 * and assembled in the background, completed into a file of the file service, or aborted.
 */
export class UploadService {
  private readonly uploads: FileUploadStore;
  private readonly blobs: FileBlobStore;
  private readonly links: UploadLinkSigner;
  /** Uploads being assembled right now; a second complete or an abort must wait for the first. */
  private readonly completing = new Set<string>();
  /** Each upload's file, assembled (and hashed) from its parts as they are stored. */
  private readonly assemblies = new Map<string, UploadAssembly>();

  constructor(
    readonly db: Db,
    readonly config: HostConfig,
    private readonly files: FileService,
  ) {
    this.uploads = new FileUploadStore(db);
    this.blobs = new FileBlobStore(config.dataDir);
    this.links = new UploadLinkSigner(config.dataDir);
    this.recover();
  }

  /** Removes what interrupted writes left behind, so only the parts of known uploads remain. */
  private recover(): void {
    // Uploads abandoned long ago would otherwise keep their parts forever.
    this.uploads.deleteExpiredBefore(Math.floor(this.config.now() / 1000) - ABANDONED_UPLOAD_SECONDS);
    const uploads = new Set(this.uploads.ids());
    const parts = new Set(this.uploads.allParts().map((part) => `${part.upload_id}/${part.number}`));
    this.blobs.sweepUploads(
      (id) => uploads.has(id),
      (id, number) => parts.has(`${id}/${number}`),
    );
  }

  /** Announces a multipart upload: one presigned link per chunk, plus complete and abort links. */
  startUpload(client: ClientFile, origin: string): ClientFileUploadData {
    checkFilename(client.filename, ['body', 'filename']);
    if (!Number.isSafeInteger(client.filesize) || client.filesize < 0 || client.filesize > MAX_UPLOAD_BYTES) {
      throw apiErrors.invalid(
        ['body', 'filesize'],
        `filesize must be a whole number of bytes from 0 to ${MAX_UPLOAD_BYTES} (5 TiB)`,
        'less_than_equal',
        client.filesize,
      );
    }
    const chunkSize = Math.max(1, this.config.chunkSize, Math.ceil(client.filesize / MAX_UPLOAD_PARTS));
    const upload: UploadRecord = {
      id: crypto.randomUUID(),
      filename: client.filename,
      filesize: client.filesize,
      sha256_checksum: client.sha256_checksum.toLowerCase(),
      content_type: contentTypeFor(client.filename),
      chunk_size: chunkSize,
      // An empty file still gets one link, as S3 wants at least one part.
      part_count: Math.max(1, partsNeeded(client.filesize, chunkSize)),
      expires_at: Math.floor(this.config.now() / 1000) + this.config.uploadLinkTtlSeconds,
      created_at: new Date(this.config.now()).toISOString(),
    };
    this.uploads.insert(upload);
    const urls: string[] = [];
    for (let number = 1; number <= upload.part_count; number++) {
      const signature = this.links.sign(upload.id, number, upload.expires_at);
      const query = new URLSearchParams({ expires: String(upload.expires_at), signature });
      urls.push(`${origin}${STORAGE_UPLOADS_PATH}/${upload.id}/parts/${number}?${query}`);
    }
    return {
      file_id: upload.id,
      upload_schema: {
        chunk_size: chunkSize,
        urls,
        links: {
          abort_upload: `${origin}/v0/files/${upload.id}:abort`,
          complete_upload: `${origin}/v0/files/${upload.id}:complete`,
        },
      },
    };
  }

  /**
   * Stores one part sent to a presigned link and returns its e_tag (MD5 hex). The link's token
   * is spent only once the part is stored completely; a failed transfer can be retried.
   */
  async storePart(
    uploadId: string,
    number: number,
    token: ChunkToken,
    body: NodeJS.ReadableStream,
    declaredLength?: number,
  ): Promise<string> {
    const problem = this.links.check(uploadId, number, token.expires, token.signature, this.config.now());
    if (problem === 'invalid') {
      throw apiErrors.forbidden(
        'The upload link is not valid: its signature does not match. Use the link exactly as given',
      );
    }
    if (problem === 'expired') {
      throw apiErrors.forbidden(
        `The upload link expired at ${new Date(token.expires * 1000).toISOString()}; start a new upload`,
      );
    }
    const upload = this.uploads.get(uploadId);
    if (!upload) throw apiErrors.notFound('Upload', uploadId);
    if (this.uploads.part(uploadId, number)) {
      throw apiErrors.forbidden(`The upload link was already used: part ${number} is stored`);
    }
    const expected = partSize(upload, number);
    const tooLarge = (got: string) =>
      apiErrors.payloadTooLarge(`Part ${number} of this upload holds exactly ${expected} bytes; ${got}`);
    if (declaredLength !== undefined && declaredLength > expected) {
      throw tooLarge(`the request announces ${declaredLength}`);
    }

    let written: WrittenBytes;
    try {
      // A part needs only its MD5 (its e_tag); the file's SHA-256 is taken as the parts are assembled.
      written = await this.blobs.write(body, expected, this.blobs.partDir(uploadId), { sha256: false, md5: true });
    } catch (error) {
      if (error instanceof TooManyBytesError) throw tooLarge('the request sent more');
      throw error;
    }
    if (written.size !== expected) {
      this.blobs.discard(written.tempPath);
      throw apiErrors.badRequest(
        `Part ${number} of this upload holds exactly ${expected} bytes (chunk_size ${upload.chunk_size}); the request sent ${written.size}`,
      );
    }
    // The upload may have been aborted, or the same part stored, while these bytes arrived.
    if (!this.uploads.get(uploadId)) {
      this.blobs.discard(written.tempPath);
      throw apiErrors.notFound('Upload', uploadId);
    }
    if (this.uploads.part(uploadId, number)) {
      this.blobs.discard(written.tempPath);
      throw apiErrors.forbidden(`The upload link was already used: part ${number} is stored`);
    }
    this.blobs.commit(written.tempPath, this.blobs.partPath(uploadId, number));
    this.uploads.addPart({ upload_id: uploadId, number, size: written.size, e_tag: written.md5! });
    // Not awaited: the part's answer does not wait for the parts before it.
    if (!this.completing.has(uploadId)) void this.assemblyOf(upload).advance(upload.part_count);
    return written.md5!;
  }

  /**
   * Finishes the file assembled from the parts as they arrived, after checking the part list;
   * verifies size and SHA-256 against the client file. Bytes that do not match are discarded with the upload.
   */
  async completeUpload(id: string, client: ClientFile, parts: UploadedPart[]): Promise<StoredFile> {
    const fileId = id.toLowerCase();
    const upload = this.uploads.get(fileId);
    if (!upload) {
      // A retried complete whose first answer was lost: the file is already there.
      const done = this.files.get(fileId);
      if (done && done.checksum === client.sha256_checksum.toLowerCase() && done.filename === client.filename) {
        return done;
      }
      throw apiErrors.notFound('Upload', id);
    }
    if (this.completing.has(fileId)) throw apiErrors.conflict(`Upload ${id} is being completed already`);
    this.checkClientFile(upload, client);
    const partETags = this.checkParts(upload, parts);

    this.completing.add(fileId);
    try {
      const assembly = this.assemblyOf(upload);
      this.assemblies.delete(fileId);
      let written: WrittenBytes;
      try {
        written = await assembly.finish(partETags.length);
      } catch (error) {
        // A retried complete starts a new assembly from part 1.
        this.blobs.discard(assembly.targetPath);
        throw error;
      }
      const mismatch =
        written.size !== client.filesize
          ? {
              field: 'filesize',
              msg: `The uploaded parts hold ${written.size} bytes but the client file says ${client.filesize}`,
            }
          : written.sha256 !== client.sha256_checksum.toLowerCase()
            ? {
                field: 'sha256_checksum',
                msg: `The uploaded bytes have SHA-256 ${written.sha256} but the client file says ${client.sha256_checksum}`,
              }
            : undefined;
      if (mismatch) {
        this.blobs.discard(written.tempPath);
        this.dropUpload(fileId);
        throw apiErrors.invalid(
          ['body', 'client_file', mismatch.field],
          `${mismatch.msg}; the upload was discarded, start it again`,
        );
      }
      const file = this.db.transaction(() => {
        this.uploads.delete(fileId);
        return this.files.keep(
          written,
          upload.filename,
          upload.content_type ?? contentTypeFor(upload.filename),
          multipartETag(partETags),
          fileId,
        );
      })();
      this.blobs.removeParts(fileId);
      return file;
    } finally {
      this.completing.delete(fileId);
    }
  }

  /** The client file given at completion must be the one announced at the start. */
  private checkClientFile(upload: UploadRecord, client: ClientFile): void {
    const differs = (field: keyof ClientFile, announced: string | number) =>
      apiErrors.invalid(
        ['body', 'client_file', field],
        `${field} ${JSON.stringify(client[field])} differs from ${JSON.stringify(announced)} announced when the upload started`,
      );
    if (client.filename !== upload.filename) throw differs('filename', upload.filename);
    if (client.filesize !== upload.filesize) throw differs('filesize', upload.filesize);
    if (client.sha256_checksum.toLowerCase() !== upload.sha256_checksum) {
      throw differs('sha256_checksum', upload.sha256_checksum);
    }
  }

  /**
   * Every needed part must be listed once with the e_tag its upload answered. The list may come
   * in any order (clients upload in parallel and report parts as they finish), but a part
   * reported with another part's e_tag is refused, as S3 does.
   */
  private checkParts(upload: UploadRecord, parts: UploadedPart[]): string[] {
    const loc = ['body', 'uploaded_parts', 'parts'];
    const byNumber = new Map<number, string>();
    for (const [index, part] of parts.entries()) {
      if (part.number > upload.part_count) {
        throw apiErrors.invalid(
          [...loc, index, 'number'],
          `Part ${part.number} does not exist: this upload has ${upload.part_count} part(s)`,
        );
      }
      if (byNumber.has(part.number)) {
        throw apiErrors.invalid([...loc, index, 'number'], `Part ${part.number} is listed more than once`);
      }
      byNumber.set(part.number, unquote(part.e_tag));
    }
    const count = Math.max(partsNeeded(upload.filesize, upload.chunk_size), byNumber.size);
    // Every stored part in one query, rather than one query per part (up to 10,000).
    const storedParts = new Map(this.uploads.parts(upload.id).map((part) => [part.number, part]));
    const tags: string[] = [];
    for (let number = 1; number <= count; number++) {
      const listed = byNumber.get(number);
      if (listed === undefined) throw apiErrors.invalid(loc, `Part ${number} is missing from the list of parts`);
      const stored = storedParts.get(number);
      if (!stored) {
        throw apiErrors.invalid(loc, `Part ${number} was never stored: upload it to its link first`);
      }
      if (stored.e_tag !== listed.toLowerCase()) {
        throw apiErrors.invalid(
          loc,
          `Part ${number} is listed with e_tag ${listed}, but the stored part ${number} has e_tag ${stored.e_tag} (parts mixed up?)`,
        );
      }
      tags.push(stored.e_tag);
    }
    return tags;
  }

  /** Gives up a multipart upload: its parts are removed and its links stop working. */
  abortUpload(id: string): void {
    const fileId = id.toLowerCase();
    if (this.completing.has(fileId)) throw apiErrors.conflict(`Upload ${id} is being completed; it cannot be aborted`);
    if (!this.uploads.get(fileId)) throw apiErrors.notFound('Upload', id);
    this.dropUpload(fileId);
  }

  /** The upload's assembly, started on its first stored part (or at complete, after a restart). */
  private assemblyOf(upload: UploadRecord): UploadAssembly {
    let assembly = this.assemblies.get(upload.id);
    if (!assembly) {
      const targetPath = this.blobs.assemblyPath(upload.id);
      // What an earlier, failed assembly left; an assembly still copying keeps writing to its unlinked file.
      this.blobs.discard(targetPath);
      assembly = new UploadAssembly(
        targetPath,
        (number) => this.blobs.partPath(upload.id, number),
        (number) => this.uploads.part(upload.id, number) !== undefined,
      );
      this.assemblies.set(upload.id, assembly);
    }
    return assembly;
  }

  private dropUpload(id: string): void {
    this.assemblies.get(id)?.stop();
    this.assemblies.delete(id);
    this.uploads.delete(id);
    this.blobs.removeParts(id);
  }
}
