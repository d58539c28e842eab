import type http from 'node:http';
import type { TLSSocket } from 'node:tls';
import { DASHBOARD_REQUEST_HEADER } from '../src/api/request-marker.ts';

/**
 * What the proxy does with a request that names no origin at all (no `Sec-Fetch-Site`, `Origin`
 * or `Referer`): every browser of the last years sends at least one of them, so such a request
 * comes from a script on this machine (curl, the Python client pointed at the dashboard).
 */
export type HeaderlessPolicy = 'refuse' | 'allow';

/** The setting that chooses the policy; refusing is the default. */
export const HEADERLESS_SETTING = 'DASHBOARD_PROXY_HEADERLESS';

export function headerlessPolicyFromEnv(env: NodeJS.ProcessEnv): HeaderlessPolicy {
  const value = env[HEADERLESS_SETTING]?.trim().toLowerCase();
  if (!value || value === 'refuse') return 'refuse';
  if (value === 'allow') return 'allow';
  throw new Error(`${HEADERLESS_SETTING} must be "refuse" (the default) or "allow", not "${value}"`);
}

/** Methods that only read: a page on another site may send them, but never reads the answer. */
const READING = new Set(['GET', 'HEAD', 'OPTIONS']);

function single(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The dashboard's origin as this request's browser sees it (Vite's host check vouches for Host). */
function ownOrigin(request: http.IncomingMessage): string {
  const scheme = (request.socket as TLSSocket).encrypted ? 'https' : 'http';
  return `${scheme}://${(single(request, 'host') ?? '').toLowerCase()}`;
}

function originOfUrl(text: string): string | undefined {
  try {
    return new URL(text).origin;
  } catch {
    return undefined;
  }
}

const isJson = (contentType: string | undefined) =>
  /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(contentType?.trim() ?? '');

/**
 * Why the proxy refuses to add its credentials to this request, or undefined when the request
 * comes from the dashboard's own page (or, by the headerless policy, from a local script).
 */
export function refusalOf(request: http.IncomingMessage, headerless: HeaderlessPolicy): string | undefined {
  const method = (request.method ?? 'GET').toUpperCase();
  const own = ownOrigin(request);
  const site = single(request, 'sec-fetch-site')?.toLowerCase();
  const origin = single(request, 'origin');
  const referer = single(request, 'referer');

  // Sec-Fetch-Site is set by the browser alone; "none" is an address typed or bookmarked.
  if (site !== undefined && site !== 'same-origin' && !(site === 'none' && READING.has(method))) {
    return `The dashboard's proxy serves only the dashboard's own page; this request came from another site (Sec-Fetch-Site: ${site}).`;
  }
  if (origin !== undefined) {
    if (origin.toLowerCase() !== own) {
      return `The dashboard's proxy serves only the dashboard's own page at ${own}; this request came from ${origin}.`;
    }
  } else if (site === undefined) {
    if (referer !== undefined) {
      const from = originOfUrl(referer);
      if (from !== own) {
        return `The dashboard's proxy serves only the dashboard's own page at ${own}; this request came from ${from ?? 'an unreadable Referer'}.`;
      }
    } else if (headerless === 'refuse') {
      return `The request names no origin (no Sec-Fetch-Site, Origin or Referer header), and this dashboard refuses such requests; set ${HEADERLESS_SETTING}=allow to let scripts on this machine through.`;
    }
  }
  // A form or a no-cors fetch can POST without a preflight, but only with a plain content type
  // and no header of its own.
  if (
    !READING.has(method) &&
    !isJson(single(request, 'content-type')) &&
    !request.headers[DASHBOARD_REQUEST_HEADER.toLowerCase()]
  ) {
    return `A ${method} through the dashboard's proxy must send Content-Type: application/json or the ${DASHBOARD_REQUEST_HEADER} header, as the dashboard's page does.`;
  }
  return undefined;
}
