import http from 'node:http';
import type { AddressInfo } from 'node:net';
import addFormats from 'ajv-formats';
import { type Context, type Document, OpenAPIBackend } from 'openapi-backend';

/**
 * A strict stand-in for any oSPARC host the spec allows: every route of the specification, each
 * answering its documented status with the spec's example or data made from the schema
 * (openapi-backend's mock mode); requests the spec does not describe are refused as a real
 * host would (404 unknown route, 422 invalid request). It has no storage, so where the spec
 * answers with a redirect to storage it answers the operation's 404 instead.
 */
export interface SpecMock {
  url: string;
  /** Every request it answered: method, path, status, and whether the spec has that route. */
  seen: { method: string; path: string; status: number; inSpec: boolean }[];
  close(): Promise<void>;
}

const errorGet = (message: string) => ({ errors: [message], support_id: null });

export async function startSpecMock(spec: Document): Promise<SpecMock> {
  const seen: SpecMock['seen'] = [];
  const api = new OpenAPIBackend({
    definition: spec,
    // The spec is OpenAPI 3.1, which this version does not validate as a document: quick skips that, not request checks.
    quick: true,
    validate: true,
    ajvOpts: { strict: false },
    customizeAjv: (ajv) => {
      addFormats(ajv);
      return ajv;
    },
  });
  api.register({
    notFound: (context: Context) => ({ status: 404, body: errorGet(`No route ${context.request.path}`) }),
    methodNotAllowed: () => ({ status: 405, body: errorGet('Method not allowed') }),
    validationFail: (context: Context) => ({
      status: 422,
      body: {
        errors: (context.validation.errors ?? []).map((error) => ({
          loc: ['request', ...String(error.instancePath).split('/').filter(Boolean)],
          msg: error.message ?? 'invalid',
          type: error.keyword,
        })),
      },
    }),
    notImplemented: (context: Context) => {
      const operationId = context.operation.operationId ?? '';
      // An operation that documents no 2xx answer answers the one it calls successful (upstream's
      // get_study_job: "501 Successful Response"), not its 422.
      const codes = Object.keys(context.operation.responses ?? {});
      const code = codes.some((each) => each.startsWith('2')) ? undefined : codes.find((each) => !each.startsWith('4'));
      const { status, mock } = api.mockResponseForOperation(operationId, code ? { code: Number(code) } : {});
      if (status >= 300 && status < 400) return { status: 404, body: errorGet('Not found in the mock storage') };
      return { status, body: mock };
    },
  });
  await api.init();

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const url = new URL(request.url ?? '/', 'http://mock');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const query: Record<string, string | string[]> = {};
      for (const key of new Set(url.searchParams.keys())) {
        const values = url.searchParams.getAll(key);
        query[key] = values.length > 1 ? values : (values[0] ?? '');
      }
      const answer = (await api.handleRequest({
        method: request.method ?? 'GET',
        path: url.pathname,
        query,
        headers: request.headers as Record<string, string>,
        body,
      })) as { status: number; body: unknown };
      const inSpec =
        api.router.matchOperation({ method: request.method ?? 'GET', path: url.pathname, headers: {}, query: {} }) !==
        undefined;
      seen.push({
        method: request.method ?? 'GET',
        path: `${url.pathname}${url.search}`,
        status: answer.status,
        inSpec,
      });
      const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
      response.writeHead(answer.status, payload ? { 'content-type': 'application/json' } : {});
      response.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
