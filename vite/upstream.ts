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

/** Sends one request with Node's http/https and resolves once the answer's headers are in. */
export function sendUpstream(url: URL, request: UpstreamRequest): Promise<http.IncomingMessage> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(url, {
      method: request.method,
      headers: request.headers,
      signal: request.signal,
    });
    outgoing.on('response', resolve);
    outgoing.on('error', reject);
    if (request.body) {
      request.body.on('error', (error) => outgoing.destroy(error));
      request.body.pipe(outgoing);
    } else {
      outgoing.end();
    }
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
    result[name] = value;
  }
  return result;
}
