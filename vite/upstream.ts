import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';

export interface UpstreamRequest {
  method: string;
  headers: http.OutgoingHttpHeaders;
  /** Streamed as the request body; none for GET/HEAD. */
  body?: Readable;
  /** Aborts the request (and the response stream) when the page goes away. */
  signal?: AbortSignal;
}

/**
 * Streams `body` into `outgoing`. Before each chunk the event loop turns once, so an answer that
 * has already arrived is read first: a host that refuses a body (413) answers and closes before
 * reading it all, and writing on into the closed connection would otherwise fail (EPIPE) and
 * throw that answer away. Once answered, the rest of the body is read and dropped.
 */
function streamBody(body: Readable, outgoing: http.ClientRequest, answered: () => boolean): void {
  body.on('data', (chunk: Buffer) => {
    body.pause();
    setImmediate(() => {
      if (answered() || outgoing.destroyed) {
        body.resume();
        return;
      }
      if (outgoing.write(chunk)) body.resume();
      else outgoing.once('drain', () => body.resume());
    });
  });
  body.on('end', () =>
    setImmediate(() => {
      if (!answered() && !outgoing.destroyed) outgoing.end();
    }),
  );
  body.on('error', (error) => outgoing.destroy(error));
}

/** Sends one request with Node's http/https and resolves once the answer's headers are in. */
export function sendUpstream(url: URL, request: UpstreamRequest): Promise<http.IncomingMessage> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(url, {
      method: request.method,
      headers: request.headers,
      signal: request.signal,
    });
    let answered = false;
    outgoing.on('response', (answer) => {
      answered = true;
      resolve(answer);
    });
    // After the answer, a failed write of the body's rest changes nothing.
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (request.body) streamBody(request.body, outgoing, () => answered);
    else outgoing.end();
  });
}

/** Request headers that describe one connection only and must not be passed on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

/** The page's request headers worth forwarding (no hop-by-hop headers, no cookies of our origin). */
export function forwardableHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const result: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === 'cookie') continue;
    result[name] = value;
  }
  return result;
}

/**
 * Response headers to copy back to the page (Node re-frames the body itself). A Basic challenge
 * is dropped: the browser would answer it with its own login prompt, while the dashboard shows
 * the 401 in the page and asks for a key on the settings page.
 */
export function returnableHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const result: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === 'set-cookie' || name === 'www-authenticate') continue;
    // The dashboard's origin grants no CORS, whatever the API host grants its own callers.
    if (name.startsWith('access-control-')) continue;
    result[name] = value;
  }
  return result;
}
