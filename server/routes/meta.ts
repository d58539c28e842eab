import type { HostContext, Router } from '../context.ts';
import { originOf } from '../context.ts';
import { Meta } from './response-schemas.ts';

/** Version of the upstream public API whose routes and shapes this host serves. */
export const API_VERSION = '0.16.0';

export function registerMetaRoutes(app: Router, _context: HostContext): void {
  app.get('/v0/meta', { schema: { response: { 200: Meta } } }, async (request) => {
    const origin = originOf(request);
    return {
      name: 'osparc-local-api-host',
      version: API_VERSION,
      released: { v0: API_VERSION },
      docs_url: `${origin}/doc`,
      docs_dev_url: `${origin}/dev/doc`,
    };
  });
}
