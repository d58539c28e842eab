import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { HostContext, Router } from '../context.ts';
import { STORAGE_UPLOADS_PATH } from '../services/files.ts';

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
export function registerStorageRoutes(app: Router, { files }: HostContext): void {
  void app.register(async (plugin) => {
    const storage = plugin.withTypeProvider<TypeBoxTypeProvider>();
    // Only inside this plugin: take every body as raw bytes, whatever its content type says.
    storage.removeAllContentTypeParsers();
    storage.addContentTypeParser('*', (_request, _payload, done) => done(null));

    storage.put(
      `${STORAGE_UPLOADS_PATH}/:upload_id/parts/:part_number`,
      { schema: { params: PartParams, querystring: TokenQuery }, bodyLimit: Number.MAX_SAFE_INTEGER },
      async (request, reply) => {
        const { upload_id, part_number } = request.params;
        const declared = request.headers['content-length'];
        const eTag = await files.storePart(
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
