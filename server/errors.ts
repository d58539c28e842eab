import crypto from 'node:crypto';
import type { FastifyError, FastifyInstance } from 'fastify';
import { issueWords, locOf } from './validation-issues.ts';

/** One entry of a 422 body, as the upstream API reports it (pydantic's shape). */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

/**
 * A support id as upstream makes one for a server error: `OEC:<12 hex of the error>-<ms timestamp>`
 * (packages/common-library/src/common_library/error_codes.py in osparc-simcore), written to the
 * host's log beside the error so a user can quote it.
 */
export function supportIdOf(error: unknown): string {
  const text = error instanceof Error ? `${error.name}:${error.message}:${error.stack ?? ''}` : String(error);
  const fingerprint = crypto.createHash('sha256').update(text).digest('hex').slice(0, 12);
  return `OEC:${fingerprint}-${Date.now()}`;
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
    /** Set on server errors only, as upstream does (`ErrorGet.support_id`). */
    readonly supportId: string | null = null,
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
  /**
   * A solver release the catalog does not have, in upstream's words (ProgramOrSolverOrStudyNotFoundError
   * in services/api-server/src/simcore_service_api_server/exceptions/backend_errors.py).
   */
  releaseNotFound: (key: string, version: string) =>
    new ApiError(404, [`The program, solver, or project '${key}' version ${version} could not be found.`]),
  /** A 404 whose message says more than "X not found" (e.g. when the thing will exist). */
  notFoundBecause: (message: string) => new ApiError(404, [message]),
  conflict: (message: string) => new ApiError(409, [message]),
  payloadTooLarge: (message: string) => new ApiError(413, [message]),
  unsupportedMediaType: (message: string) => new ApiError(415, [message]),
  rangeNotSatisfiable: (size: number) =>
    new ApiError(416, [`Requested range is outside the file's ${size} bytes`], { 'content-range': `bytes */${size}` }),
  validation: (issues: ValidationIssue[]) => new ApiError(422, issues),
  /** A single invalid field, located as the upstream API does: ["body", "values", "input_2"]. */
  invalid: (loc: (string | number)[], msg: string, type = 'value_error', input?: unknown) =>
    new ApiError(422, [{ loc, msg, type, ...(input === undefined ? {} : { input }) }]),
  serviceUnavailable: (message: string) => new ApiError(503, [message]),
  /** A body that is no JSON at all, as FastAPI answers it: `json_invalid` at the character where parsing stopped. */
  invalidJson: (detail: string) => {
    const position = /position (\d+)/.exec(detail)?.[1];
    return new ApiError(422, [
      {
        loc: position === undefined ? ['body'] : ['body', Number(position)],
        msg: `JSON decode error: ${detail}`,
        type: 'json_invalid',
        input: {},
        ctx: { error: detail },
      },
    ]);
  },
  internal: (message: string, cause?: unknown) => {
    const supportId = supportIdOf(cause ?? message);
    return new ApiError(500, [`${message} [${supportId}]`], {}, supportId);
  },
};

/** `ErrorGet` as every error answer carries it: the errors and the support id (null but for 5xx). */
export function errorBody(error: ApiError): { errors: unknown[]; support_id: string | null } {
  return { errors: error.errors, support_id: error.supportId };
}

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

/**
 * Turns Fastify's schema-validation failures into the 422 body clients of oSPARC expect, in
 * pydantic's words (see validation-issues.ts). A JSON body that is absent where one is required
 * is `missing` at ["body"], as FastAPI reports it.
 */
function issuesFromSchemaError(error: FastifyError): ValidationIssue[] {
  const where = locationOf(error.validationContext);
  return (error.validation ?? []).map((v) => {
    const input = (v as { data?: unknown }).data;
    if (where === 'body' && v.instancePath === '' && v.keyword === 'type' && input == null) {
      return { loc: ['body'], msg: 'Field required', type: 'missing', input: null };
    }
    const words = issueWords(v as Parameters<typeof issueWords>[0], input);
    return { loc: [where, ...locOf(v as Parameters<typeof locOf>[0])], ...words, input };
  });
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      if (error.supportId) request.log.error({ err: error, supportId: error.supportId }, 'request failed');
      void reply.status(error.status).headers(error.headers).send(errorBody(error));
      return;
    }
    if (error.validation) {
      void reply.status(422).send(errorBody(apiErrors.validation(issuesFromSchemaError(error))));
      return;
    }
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      void reply.status(422).send(errorBody(apiErrors.invalidJson(error.message)));
      return;
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      const internal = apiErrors.internal(
        'Internal error of the local oSPARC host; see its console for details',
        error,
      );
      request.log.error({ err: error, supportId: internal.supportId }, 'request failed');
      void reply.status(500).send(errorBody(internal));
      return;
    }
    // Fastify's own 4xx (unreadable JSON, body too large, wrong content type...).
    const readable: Record<string, string> = {
      FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty but its content type says JSON',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The request body has a content type this route does not accept',
    };
    const message =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `The request body is larger than the ${request.routeOptions.bodyLimit} bytes this host accepts (OSPARC_LOCAL_BODY_LIMIT)`
        : readable[error.code]
          ? `${readable[error.code]}: ${error.message}`
          : error.message;
    void reply.status(status).send(errorBody(new ApiError(status, [message])));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send(errorBody(new ApiError(404, [`No route ${request.method} ${request.url.split('?')[0]}`])));
  });
}
