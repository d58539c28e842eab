/** A request whose `body` is sent as JSON unless it is a string, and whose status is checked. */
export type JsonInit = Omit<RequestInit, 'body'> & { expect?: number; body?: unknown };

/** What talks to a host: enough for the workflow helpers, whichever process the host runs in. */
export interface HostClient {
  /** fetch relative to the host, with credentials unless `auth: false`. */
  fetch(pathname: string, init?: RequestInit & { auth?: boolean }): Promise<Response>;
  /** JSON request; throws with the body when the status is not the expected one. */
  json<T = unknown>(pathname: string, init?: JsonInit): Promise<T>;
}

/**
 * fetch and JSON requests against a host at `url`, sending `auth` unless told not to (also for hosts in
 * other processes). Kept apart from the harness so that the benchmarks use it without loading the host.
 */
export function hostClient(url: string, auth: string): HostClient {
  const doFetch = (pathname: string, init: RequestInit & { auth?: boolean } = {}) => {
    const headers = new Headers(init.headers);
    if (init.auth !== false && !headers.has('authorization')) headers.set('authorization', auth);
    return fetch(new URL(pathname, url), { ...init, headers });
  };
  return {
    fetch: doFetch,
    async json<T>(pathname: string, init: JsonInit = {}) {
      const { expect, body, ...rest } = init;
      const headers = new Headers(rest.headers);
      let payload: BodyInit | undefined;
      if (body !== undefined && typeof body !== 'string') {
        payload = JSON.stringify(body);
        headers.set('content-type', 'application/json');
      } else if (typeof body === 'string') {
        payload = body;
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      }
      const response = await doFetch(pathname, { ...rest, headers, body: payload });
      const text = await response.text();
      const wanted = expect ?? (response.ok ? response.status : 200);
      if (response.status !== wanted) {
        throw new Error(`${rest.method ?? 'GET'} ${pathname}: expected ${wanted}, got ${response.status}: ${text}`);
      }
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}
