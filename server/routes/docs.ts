import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { API_VERSION } from './meta.ts';

/** Where the API reference of this host is read in a browser; upstream serves its own at /doc too. */
export const DOCS_PATH = '/doc';
/** Upstream's second docs address (`Meta.docs_dev_url`); here the same reference. */
export const DEV_DOCS_PATH = '/dev/doc';

/**
 * Routes that take no credentials, as upstream: the meta route and the docs pages have no
 * security in the specification; the storage links carry a signed token of their own.
 */
export function isPublicRoute(url: string | undefined, storagePrefix: string): boolean {
  if (url === undefined) return false;
  return (
    url === '/v0/meta' ||
    url === DEV_DOCS_PATH ||
    url === DOCS_PATH ||
    url.startsWith(`${DOCS_PATH}/`) ||
    url.startsWith(storagePrefix)
  );
}

/** Without the parameters' patterns (`:file_id([^:/]+)::complete` → `:file_id::complete`), which the docs cannot show. */
function withoutPatterns(url: string): string {
  return url.replace(/\([^)]*\)/g, '');
}

/**
 * The API reference of this host, built from the routes' own schemas (@fastify/swagger) and
 * shown with Swagger UI from its npm package (no network needed). Registered before the
 * routes, so it sees each of them.
 */
export async function registerDocs(app: FastifyInstance, storagePrefix: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'oSPARC local API host',
        version: API_VERSION,
        description:
          'The oSPARC public API (v0) as the embedded host serves it: solvers run as local processes, ' +
          'files and jobs are kept in its data folder. Send the API key and secret with HTTP Basic auth.',
      },
      components: { securitySchemes: { HTTPBasic: { type: 'http', scheme: 'basic' } } },
    },
    // The `:start`-style actions come out as `{job_id}:{start}`: they are literal words, as in the specification.
    transformObject: (document) => {
      const openapi = 'openapiObject' in document ? document.openapiObject : {};
      const paths = Object.entries(openapi.paths ?? {}).map(([path, item]) => [
        path.replace(/:\{(\w+)\}/g, ':$1'),
        item,
      ]);
      return { ...openapi, paths: Object.fromEntries(paths) };
    },
    transform: ({ schema, url, route }) => {
      const hidden = url.startsWith(storagePrefix) || url.startsWith(DOCS_PATH) || url === DEV_DOCS_PATH;
      const open = isPublicRoute(route.url, storagePrefix);
      return {
        url: withoutPatterns(url),
        schema: { ...schema, hide: hidden, ...(open ? {} : { security: [{ HTTPBasic: [] }] }) },
      };
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PATH, uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get(DEV_DOCS_PATH, async (_request, reply) => reply.redirect(DOCS_PATH, 302));
}
