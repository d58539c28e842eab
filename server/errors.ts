import type { FastifyError, FastifyInstance } from 'fastify';

/** One entry of a 422 body, as the upstream API reports it (pydantic's shape). */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
  input?: unknown;
}

/**
 * Every error the host answers with. Routes and services throw these; one handler turns
 * them into responses, so status codes and bodies are the same everywhere.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: unknown[],
    readonly headers: Record<string, string> = {},
  ) {
    super(
      errors.map((e) => (typeof e === 'string' ? e : ((e as ValidationIssue).msg ?? JSON.stringify(e)))).join('; '),
    );
  }
}

/** The one place that builds API errors. */
export const apiErrors = {
  badRequest: (message: string) => new ApiError(400, [message]),
  unauthorized: (message = 'Invalid or missing API key and secret') =>
    new ApiError(401, [message], { 'www-authenticate': 'Basic realm="osparc"' }),
  paymentRequired: (message: string) => new ApiError(402, [message]),
  forbidden: (message: string) => new ApiError(403, [message]),
  notFound: (kind: string, id: string) => new ApiError(404, [`${kind} ${id} not found`]),
  conflict: (message: string) => new ApiError(409, [message]),
  payloadTooLarge: (message: string) => new ApiError(413, [message]),
  unsupportedMediaType: (message: string) => new ApiError(415, [message]),
  rangeNotSatisfiable: (size: number) =>
    new ApiError(416, [`Requested range is outside the file's ${size} bytes`], { 'content-range': `bytes */${size}` }),
  validation: (issues: ValidationIssue[]) => new ApiError(422, issues),
  /** A single invalid field, located as the upstream API does: ["body", "values", "input_2"]. */
  invalid: (loc: (string | number)[], msg: string, type = 'value_error', input?: unknown) =>
    new ApiError(422, [{ loc, msg, type, ...(input === undefined ? {} : { input }) }]),
  internal: (message: string) => new ApiError(500, [message]),
  serviceUnavailable: (message: string) => new ApiError(503, [message]),
};

type Location = 'body' | 'query' | 'path' | 'header';

function locationOf(context: string | undefined): Location {
  switch (context) {
    case 'querystring':
      return 'query';
    case 'params':
      return 'path';
    case 'headers':
      return 'header';
    default:
      return 'body';
  }
}

/** Turns Fastify's schema-validation failures into the 422 body clients of oSPARC expect. */
function issuesFromSchemaError(error: FastifyError): ValidationIssue[] {
  const where = locationOf(error.validationContext);
  return (error.validation ?? []).map((v) => {
    const segments = v.instancePath
      .split('/')
      .filter(Boolean)
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
    const missing = (v.params as { missingProperty?: string }).missingProperty;
    if (missing) segments.push(missing);
    const extra = (v.params as { additionalProperty?: string }).additionalProperty;
    if (extra) segments.push(extra);
    const field = segments.length ? segments.join('.') : where;
    return {
      loc: [where, ...segments],
      msg: `${field} ${v.message ?? 'is invalid'}`,
      type: v.keyword,
    };
  });
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      void reply.status(error.status).headers(error.headers).send({ errors: error.errors });
      return;
    }
    if (error.validation) {
      void reply.status(422).send({ errors: issuesFromSchemaError(error) });
      return;
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      void reply.status(500).send({ errors: ['Internal error of the local oSPARC host; see its console for details'] });
      return;
    }
    // Fastify's own 4xx (unreadable JSON, body too large, wrong content type...).
    const readable: Record<string, string> = {
      FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON',
      FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty but its content type says JSON',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The request body has a content type this route does not accept',
    };
    const message =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `The request body is larger than the ${request.routeOptions.bodyLimit} bytes this host accepts (OSPARC_LOCAL_BODY_LIMIT)`
        : readable[error.code]
          ? `${readable[error.code]}: ${error.message}`
          : error.message;
    void reply.status(status).send({ errors: [message] });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ errors: [`No route ${request.method} ${request.url.split('?')[0]}`] });
  });
}
