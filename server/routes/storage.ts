import fs from 'node:fs';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { HostContext, Router } from '../context.ts';
import { apiErrors } from '../errors.ts';
import { logZipStream } from '../runner/log-zip.ts';
import { STORAGE_LOGS_PATH } from '../services/log-links.ts';
import { STORAGE_UPLOADS_PATH } from '../services/uploads.ts';
import { contentDisposition } from './files.ts';
import { Bytes, NoBody, SentAs } from './response-schemas.ts';

const LogParams = Type.Object({ job_id: Type.String({ format: 'uuid' }), name: Type.String({ maxLength: 500 }) });

const PartParams = Type.Object({
  upload_id: Type.String({ format: 'uuid' }),
  part_number: Type.Integer({ minimum: 1 }),
});

// Missing or malformed token fields are refused as a bad link (403), not as a bad request.
const TokenQuery = Type.Object({
  expires: Type.Optional(Type.String({ maxLength: 32 })),
  signature: Type.Optional(Type.String({ maxLength: 256 })),
});

/**
 * The presigned chunk links, S3 style: no Basic auth (the signed token in the URL is the
 * credential), any content type, the raw body streamed to disk, the part's MD5 answered as a
 * quoted `ETag` header.
 */
export function registerStorageRoutes(app: Router, { uploads, jobs, jobLogs, logLinks }: HostContext): void {
  // The presigned link a stopped job's logfile route redirects to: the log zip, no Basic auth.
  app.get(
    `${STORAGE_LOGS_PATH}/:job_id/:name`,
    { schema: { params: LogParams, querystring: TokenQuery, response: { 200: SentAs('application/zip', Bytes) } } },
    async (request, reply) => {
      const { job_id, name } = request.params;
      const token = { expires: Number(request.query.expires ?? Number.NaN), signature: request.query.signature ?? '' };
      const problem = logLinks.check(job_id, token);
      if (problem === 'invalid') throw apiErrors.forbidden('The log link is not valid: use the link exactly as given');
      if (problem === 'expired') throw apiErrors.forbidden('The log link expired; ask the logfile route for a new one');
      const [job] = jobs.getMany([job_id]);
      const prepared = job && jobLogs.preparedLogZip(job);
      const zip = prepared ? fs.createReadStream(prepared) : logZipStream(job ? jobLogs.logFiles(job) : [], false);
      return reply
        .status(200)
        .header('content-type', 'application/zip')
        .header('content-disposition', contentDisposition(name))
        .send(zip);
    },
  );

  void app.register(async (plugin) => {
    const storage = plugin.withTypeProvider<TypeBoxTypeProvider>();
    // Only inside this plugin: take every body as raw bytes, whatever its content type says.
    storage.removeAllContentTypeParsers();
    storage.addContentTypeParser('*', (_request, _payload, done) => done(null));

    storage.put(
      `${STORAGE_UPLOADS_PATH}/:upload_id/parts/:part_number`,
      {
        schema: { params: PartParams, querystring: TokenQuery, response: { 200: NoBody } },
        bodyLimit: Number.MAX_SAFE_INTEGER,
      },
      async (request, reply) => {
        const { upload_id, part_number } = request.params;
        const declared = request.headers['content-length'];
        const eTag = await uploads.storePart(
          upload_id.toLowerCase(),
          part_number,
          { expires: Number(request.query.expires ?? Number.NaN), signature: request.query.signature ?? '' },
          request.raw,
          declared === undefined ? undefined : Number(declared),
        );
        return reply.status(200).header('etag', `"${eTag}"`).send();
      },
    );
  });
}
