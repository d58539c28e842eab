import type http from 'node:http';
import type { ProxySettings } from './proxy-settings.ts';
import { type HeaderlessPolicy, refusalOf } from './request-origin.ts';
import { STORAGE_RELAY_PREFIX, TooManyUploadLinksError, UploadLinkRegistry } from './upload-links.ts';
import { forwardableHeaders, returnableHeaders, sendUpstream } from './upstream.ts';

/** Same-origin endpoint telling the page which API host it talks to (never the key). */
export const DASHBOARD_CONFIG_PATH = '/_dashboard/config';

export interface DashboardConfig {
  apiHost: string;
  hasCredentials: boolean;
}

export interface ApiProxyOptions {
  /** Read on every request, so credentials the embedded host saves later are picked up. */
  settings: () => ProxySettings;
  links?: UploadLinkRegistry;
  maxRedirects?: number;
  /** Requests that name no origin (scripts on this machine): refused unless told otherwise. */
  headerless?: HeaderlessPolicy;
}

type Next = (error?: unknown) => void;
export type ProxyMiddleware = (request: http.IncomingMessage, response: http.ServerResponse, next: Next) => void;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}

/** An `ErrorGet` body, as the API itself would send it. */
function sendError(response: http.ServerResponse, status: number, message: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  sendJson(response, status, { errors: [message] });
}

function describeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** Aborted when the page closes the connection before the answer is complete. */
function abortOnClose(response: http.ServerResponse): AbortController {
  const controller = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller;
}

async function readBody(stream: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function pipeAnswer(answer: http.IncomingMessage, response: http.ServerResponse): void {
  response.writeHead(answer.statusCode ?? 502, returnableHeaders(answer.headers));
  answer.on('error', () => response.destroy());
  answer.pipe(response);
}

/**
 * The dashboard's server side: forwards `/v0/...` to the API host with the credentials from the
 * environment, follows storage redirects of downloads, and rewrites and relays upload links so
 * the page only ever talks to its own origin.
 */
export function createApiProxy(options: ApiProxyOptions): ProxyMiddleware {
  const links = options.links ?? new UploadLinkRegistry();
  const maxRedirects = options.maxRedirects ?? 5;

  async function forwardApi(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const settings = options.settings();
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const pathname = path.split('?')[0];
    const apiUrl = new URL(`${settings.target}${path}`);
    const headers = forwardableHeaders(request.headers);
    // With credentials of its own the proxy replaces whatever the page sent; without, the
    // page's session header (from the settings page) passes through.
    if (settings.authorization) headers.authorization = settings.authorization;
    const startsUpload = method === 'POST' && pathname === '/v0/files/content';
    // The upload answer is rewritten, so it must arrive uncompressed.
    if (startsUpload) headers['accept-encoding'] = 'identity';
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const controller = abortOnClose(response);

    let answer: http.IncomingMessage;
    try {
      answer = await sendUpstream(apiUrl, {
        method,
        headers,
        body: hasBody ? request : undefined,
        signal: controller.signal,
      });
    } catch (error) {
      if (controller.signal.aborted) return;
      sendError(response, 502, `The API host at ${settings.target} does not answer (${describeFailure(error)}).`);
      return;
    }

    // Downloads on a real deployment answer 307 to a storage link: fetch it here, so the page
    // gets the bytes from its own origin. Credentials never go to another origin.
    let current = apiUrl;
    for (let hop = 0; (method === 'GET' || method === 'HEAD') && hop < maxRedirects; hop++) {
      const location = answer.headers.location;
      if (!REDIRECTS.has(answer.statusCode ?? 0) || !location) break;
      answer.resume();
      const next = new URL(location, current);
      const nextHeaders = forwardableHeaders(request.headers);
      delete nextHeaders.authorization;
      if (next.origin === apiUrl.origin && headers.authorization) nextHeaders.authorization = headers.authorization;
      try {
        answer = await sendUpstream(next, { method, headers: nextHeaders, signal: controller.signal });
      } catch (error) {
        if (controller.signal.aborted) return;
        sendError(response, 502, `The storage at ${next.origin} does not answer (${describeFailure(error)}).`);
        return;
      }
      current = next;
    }

    if (startsUpload && answer.statusCode === 200) {
      let body: unknown;
      try {
        body = JSON.parse((await readBody(answer)).toString('utf8'));
      } catch {
        sendError(response, 502, `The API host at ${settings.target} sent an unreadable upload answer.`);
        return;
      }
      try {
        sendJson(response, 200, links.rewriteUploadAnswer(body, settings.target));
      } catch (error) {
        if (!(error instanceof TooManyUploadLinksError)) throw error;
        sendError(response, 502, error.message);
      }
      return;
    }
    pipeAnswer(answer, response);
  }

  /** Relays a chunk PUT (or a link POST) to the URL the proxy remembered for this relay path. */
  async function relayUploadLink(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const target = links.resolve(request.url ?? '');
    if (!target) {
      sendError(response, 404, 'Unknown or expired upload link: ask the API host for a new upload.');
      return;
    }
    const settings = options.settings();
    const incoming = request.headers;
    // Presigned links carry their credential in the URL: nothing else of the page goes along.
    const headers: http.OutgoingHttpHeaders = {};
    for (const name of ['content-length', 'content-type', 'content-md5', 'accept']) {
      const value = incoming[name];
      if (value !== undefined) headers[name] = value;
    }
    if (target.withAuth) {
      const authorization = settings.authorization ?? incoming.authorization;
      if (authorization) headers.authorization = authorization;
    }
    const controller = abortOnClose(response);
    const method = request.method ?? 'PUT';
    const url = new URL(target.url);
    try {
      const answer = await sendUpstream(url, {
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' ? undefined : request,
        signal: controller.signal,
      });
      pipeAnswer(answer, response);
    } catch (error) {
      if (controller.signal.aborted) return;
      sendError(response, 502, `The storage at ${url.origin} does not answer (${describeFailure(error)}).`);
    }
  }

  /** Answers 403 (and true) when the request did not come from the dashboard's own page. */
  function refused(request: http.IncomingMessage, response: http.ServerResponse): boolean {
    const reason = refusalOf(request, options.headerless ?? 'refuse');
    if (reason === undefined) return false;
    // The body is never read: the page that sent it gets the answer at once.
    request.resume();
    sendError(response, 403, reason);
    return true;
  }

  return (request, response, next) => {
    const path = request.url ?? '/';
    const pathname = path.split('?')[0] ?? '/';
    let handled: Promise<void> | undefined;
    const ours =
      pathname === DASHBOARD_CONFIG_PATH ||
      pathname.startsWith(STORAGE_RELAY_PREFIX) ||
      pathname === '/v0' ||
      pathname.startsWith('/v0/');
    if (ours && refused(request, response)) return;
    if (pathname === DASHBOARD_CONFIG_PATH && request.method === 'GET') {
      const settings = options.settings();
      const config: DashboardConfig = { apiHost: settings.target, hasCredentials: Boolean(settings.authorization) };
      sendJson(response, 200, config);
      return;
    }
    if (pathname.startsWith(STORAGE_RELAY_PREFIX)) handled = relayUploadLink(request, response);
    else if (pathname === '/v0' || pathname.startsWith('/v0/')) handled = forwardApi(request, response);
    else {
      next();
      return;
    }
    handled.catch((error: unknown) =>
      sendError(response, 502, `The dashboard proxy failed: ${describeFailure(error)}`),
    );
  };
}
