import type { FileHandle } from 'node:fs/promises';
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type HostContext, originOf, type Router } from '../context.ts';
import { apiErrors } from '../errors.ts';
import { DescribedFileSchema, type StoredFile } from '../services/files.ts';
import { PROGRAM_KEY_PATTERN, programJobFileOf } from '../services/programs.ts';
import { ClientFileUploadDataSchema, MAX_UPLOAD_BYTES } from '../services/uploads.ts';
import { FILE_ORDERS } from '../stores/fileRecords.ts';
import { LOCAL_FILTERS_HEADER, PageQuery, pageFrom } from './pagination.ts';
import { Bytes, NoBody, NullBody, PageOf, SentAs } from './response-schemas.ts';
import { VersionParam } from './solvers.ts';

const FileIdParams = Type.Object({ file_id: Type.String({ format: 'uuid' }) });
const Sha256 = Type.String({ pattern: '^[a-fA-F0-9]{64}$' });

/** `UserFile`, or `UserFileToProgramJob` when it also names a program job and a path in its workspace. */
const ClientFileBody = Type.Object({
  filename: Type.String({ minLength: 1 }),
  filesize: Type.Integer({ minimum: 0, maximum: MAX_UPLOAD_BYTES }),
  sha256_checksum: Sha256,
  program_key: Type.Optional(Type.String({ pattern: PROGRAM_KEY_PATTERN })),
  program_version: Type.Optional(VersionParam),
  job_id: Type.Optional(Type.String({ format: 'uuid' })),
  workspace_path: Type.Optional(Type.String({ pattern: '^workspace/.+', maxLength: 1024 })),
});

const CompleteBody = Type.Object({
  client_file: ClientFileBody,
  uploaded_parts: Type.Object({
    parts: Type.Array(Type.Object({ number: Type.Integer({ minimum: 1 }), e_tag: Type.String() })),
  }),
});

const AbortBody = Type.Object({ client_file: ClientFileBody });

/** The files page's parameters of the host's own, each named in LOCAL_FILTERS_HEADER when given. */
const FilePageQuery = Type.Composite([
  Type.Object({
    filename_contains: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 255,
        description: 'Local extension: only files whose name contains this text (ASCII letters in either case)',
      }),
    ),
    search: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 255,
        description:
          'Local extension: only files whose name contains this text (ASCII letters in either case) or, when it is 4 to 64 hexadecimal digits, whose SHA-256 checksum starts with them',
      }),
    ),
    produced_by: Type.Optional(
      Type.Union([Type.Literal('upload'), Type.Literal('job')], {
        description: 'Local extension: only files clients uploaded, or only outputs of jobs',
      }),
    ),
    job_id: Type.Optional(
      Type.String({ format: 'uuid', description: 'Local extension: only the output files of this job' }),
    ),
    order_by: Type.Optional(
      Type.Union(
        FILE_ORDERS.map((column) => Type.Literal(column)),
        { description: 'Local extension: what the files are ordered by (default created_at, oldest first)' },
      ),
    ),
    order: Type.Optional(
      Type.Union([Type.Literal('asc'), Type.Literal('desc')], {
        description: 'Local extension: ascending (the default) or descending',
      }),
    ),
  }),
  PageQuery,
]);

/** The local parameters of the files page, in the order LOCAL_FILTERS_HEADER names those given. */
const FILE_PAGE_LOCAL_PARAMS = ['filename_contains', 'search', 'produced_by', 'job_id', 'order_by', 'order'] as const;

const SearchQuery = Type.Composite([
  Type.Object({ sha256_checksum: Type.Optional(Sha256), file_id: Type.Optional(Type.String({ format: 'uuid' })) }),
  PageQuery,
]);

/** Answers an empty success the way the upstream API does (`null`, as JSON). */
function sendNull(reply: FastifyReply): FastifyReply {
  return reply.status(200).type('application/json').send(null);
}

/** `attachment` with the file name; non-ASCII names also go in RFC 5987's `filename*`. */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  if (fallback === filename) return `attachment; filename="${filename}"`;
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export interface ByteRange {
  start: number;
  end: number;
}

/**
 * A single `bytes=` range of a file of `size` bytes. Malformed headers and multiple ranges
 * are ignored (the whole file is sent), as RFC 9110 allows; a range starting past the end
 * is unsatisfiable.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return undefined;
  return { start, end };
}

async function openBytes(path: string, file: StoredFile): Promise<FileHandle> {
  try {
    return await fs.open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw apiErrors.internal(`The bytes of file ${file.id} are missing from the host's data folder`);
    }
    throw error;
  }
}

// A parameter followed by a literal ":action" in the same segment needs a pattern that
// stops at the colon; without it the router takes the whole segment as the parameter.
export function registerFileRoutes(app: Router, { files, uploads, programs }: HostContext): void {
  // Upstream lists every file here (api/routes/files.py, list_files): the JSON array is sent as
  // it is read, a batch at a time, so a large listing blocks no other request (a stream is sent
  // as it is: the schema documents the answer).
  app.get('/v0/files', { schema: { response: { 200: Type.Array(DescribedFileSchema) } } }, async (_request, reply) => {
    async function* jsonArray(): AsyncGenerator<string> {
      let first = true;
      yield '[';
      for await (const batch of files.listInSteps()) {
        const text = batch.map((file) => JSON.stringify(files.describe(file))).join(',');
        if (text) yield first ? text : `,${text}`;
        first = false;
      }
      yield ']';
    }
    // The typed reply takes the array itself; Fastify sends a stream as it comes.
    return reply.type('application/json; charset=utf-8').send(Readable.from(jsonArray()) as never);
  });

  /** The page of files the query's limit and offset ask for, among those matching `filter`. */
  const filePage = (
    request: FastifyRequest & { query: Static<typeof PageQuery> },
    filter: Parameters<typeof files.search>[0],
    order?: Parameters<typeof files.search>[3],
  ) => {
    const { limit, offset } = request.query;
    const { items, total } = files.search(filter, limit, offset, order);
    return pageFrom(
      request,
      items.map((file) => files.describe(file)),
      total,
      limit,
      offset,
    );
  };

  app.get(
    '/v0/files/page',
    { schema: { querystring: FilePageQuery, response: { 200: PageOf(DescribedFileSchema) } } },
    async (request, reply) => {
      const { filename_contains, search, produced_by, job_id, order_by, order } = request.query;
      reply.header(LOCAL_FILTERS_HEADER, FILE_PAGE_LOCAL_PARAMS.join(', '));
      return filePage(
        request,
        { filename_contains, search, produced_by, job_id },
        { by: order_by ?? 'created_at', descending: order === 'desc' },
      );
    },
  );

  // As upstream's search_files_page (api/routes/files.py): `total` counts the files of this
  // page, and an offset beyond them is 404 "Not found in storage".
  app.get(
    '/v0/files::search',
    { schema: { querystring: SearchQuery, response: { 200: PageOf(DescribedFileSchema) } } },
    async (request) => {
      const { sha256_checksum, file_id, limit, offset } = request.query;
      const { items } = files.search({ sha256_checksum, file_id }, limit, offset);
      if (offset > items.length) throw apiErrors.notFoundBecause('Not found in storage');
      return pageFrom(
        request,
        items.map((file) => files.describe(file)),
        items.length,
        limit,
        offset,
      );
    },
  );

  app.put('/v0/files/content', { schema: { response: { 200: DescribedFileSchema } } }, async (request) => {
    if (!request.isMultipart()) {
      throw apiErrors.unsupportedMediaType(
        'PUT /v0/files/content takes multipart/form-data with the file in the form field "file"',
      );
    }
    // preservePath: the name is kept exactly as sent; it is data, never a path on this host.
    const part = await request.file({ preservePath: true } as Parameters<typeof request.file>[0]);
    if (!part)
      throw apiErrors.invalid(['body', 'file'], 'Field required: send the file in the form field "file"', 'missing');
    if (part.fieldname !== 'file') {
      part.file.resume();
      throw apiErrors.invalid(
        ['body', 'file'],
        `Field required: send the file in the form field "file" (got a file in "${part.fieldname}")`,
        'missing',
      );
    }
    const file = await files.upload({ stream: part.file, filename: part.filename, contentType: part.mimetype });
    return files.describe(file);
  });

  app.post(
    '/v0/files/content',
    {
      schema: { body: ClientFileBody, response: { 200: ClientFileUploadDataSchema } },
      // Older clients wrap the file as {"client_file": {...}}; both shapes mean the same.
      preValidation: async (request) => {
        const body = request.body as Record<string, unknown> | null;
        if (body && typeof body === 'object' && !('filename' in body) && 'client_file' in body) {
          request.body = body.client_file as Static<typeof ClientFileBody>;
        }
      },
    },
    async (request) => {
      // Upstream (api/routes/files.py) checks the program job before it hands out links.
      const target = programJobFileOf(request.body);
      if (target) programs.uploadTarget(target);
      return uploads.startUpload(request.body, originOf(request));
    },
  );

  app.post(
    '/v0/files/:file_id([^:/]+)::complete',
    { schema: { params: FileIdParams, body: CompleteBody, response: { 200: DescribedFileSchema } } },
    async (request) => {
      const { client_file, uploaded_parts } = request.body;
      const target = programJobFileOf(client_file, ['body', 'client_file']);
      if (target) programs.uploadTarget(target, ['body', 'client_file']);
      const file = await uploads.completeUpload(request.params.file_id, client_file, uploaded_parts.parts);
      if (target) programs.placeUpload(target, file, ['body', 'client_file']);
      return files.describe(file);
    },
  );

  app.post(
    '/v0/files/:file_id([^:/]+)::abort',
    { schema: { params: FileIdParams, body: AbortBody, response: { 200: NullBody } } },
    async (request, reply) => {
      uploads.abortUpload(request.params.file_id);
      return sendNull(reply);
    },
  );

  app.get(
    '/v0/files/:file_id',
    { schema: { params: FileIdParams, response: { 200: DescribedFileSchema } } },
    async (request) => files.describe(files.require(request.params.file_id)),
  );

  app.delete(
    '/v0/files/:file_id',
    { schema: { params: FileIdParams, response: { 200: NullBody } } },
    async (request, reply) => {
      files.delete(request.params.file_id);
      return sendNull(reply);
    },
  );

  const FileBytes = SentAs('application/octet-stream', Bytes);
  app.get(
    '/v0/files/:file_id/content',
    { schema: { params: FileIdParams, response: { 200: FileBytes, 206: FileBytes, 304: NoBody } } },
    async (request, reply) => {
      const file = files.require(request.params.file_id);
      const eTag = file.e_tag ? `"${file.e_tag}"` : undefined;
      void reply.headers({
        'content-type': file.content_type ?? 'application/octet-stream',
        'content-disposition': contentDisposition(file.filename),
        'accept-ranges': 'bytes',
        ...(eTag ? { etag: eTag } : {}),
      });
      if (eTag && request.headers['if-none-match']?.split(/\s*,\s*/).includes(eTag)) {
        return reply.status(304).send();
      }
      const range = parseRange(request.headers.range, file.size);
      if (range === 'unsatisfiable') throw apiErrors.rangeNotSatisfiable(file.size);
      const handle = await openBytes(files.pathOf(file), file);
      if (range) {
        void reply
          .status(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
          .header('content-length', range.end - range.start + 1);
        return reply.send(handle.createReadStream({ start: range.start, end: range.end }));
      }
      void reply.status(200).header('content-length', file.size);
      return reply.send(handle.createReadStream());
    },
  );
}
