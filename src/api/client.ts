import { DASHBOARD_REQUEST_HEADER, DASHBOARD_REQUEST_VALUE } from './request-marker.ts';
import type { ErrorDict, ErrorGet } from './types.ts';

/**
 * The one place where HTTP answers of the oSPARC API become readable errors.
 * Every request goes to the dashboard's own origin; the dev/preview proxy adds credentials.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Messages of an `ErrorGet` body, or of each validation error. */
    readonly details: string[] = [],
    /** 422 errors keyed by the field they name (e.g. the input port key), for forms. */
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

/** A 404: the thing asked for is not there (or, for a route, not on this host). */
export const isNotFound = (error: unknown): boolean => error instanceof ApiError && error.status === 404;

/** What a host answers for a route it does not have (another or an older deployment: 404, 405, 501). */
export const isNoSuchRoute = (error: unknown): boolean =>
  error instanceof ApiError && [404, 405, 501].includes(error.status);

/** Session-only credentials typed into the settings page when the proxy has none. */
const SESSION_CREDENTIALS = 'osparc.credentials';

export interface SessionCredentials {
  key: string;
  secret: string;
}

export function readSessionCredentials(): SessionCredentials | null {
  try {
    const raw = sessionStorage.getItem(SESSION_CREDENTIALS);
    return raw ? (JSON.parse(raw) as SessionCredentials) : null;
  } catch {
    return null;
  }
}

export function writeSessionCredentials(credentials: SessionCredentials | null): void {
  if (credentials) sessionStorage.setItem(SESSION_CREDENTIALS, JSON.stringify(credentials));
  else sessionStorage.removeItem(SESSION_CREDENTIALS);
}

/** Authorization for requests to our own origin, only when the user entered a key in this tab. */
export function sessionAuthHeader(): Record<string, string> {
  const credentials = readSessionCredentials();
  if (!credentials) return {};
  return { Authorization: `Basic ${btoa(`${credentials.key}:${credentials.secret}`)}` };
}

/** Location of a validation error without its leading "body"/"query"/"path" and "values" parts. */
function fieldOf(loc: (string | number)[]): string {
  const parts = loc.filter((part) => !['body', 'query', 'path', 'values'].includes(String(part)));
  return parts.map(String).join('.');
}

function describeStatus(status: number): string {
  switch (status) {
    case 401:
      return 'The API key or secret is wrong: the API host refused them.';
    case 402:
      return 'Not enough credits in the wallet to run this.';
    case 403:
      return 'This account is not allowed to do that.';
    case 404:
      return 'Not found on the API host.';
    case 409:
      return 'The API host refused this in the current state.';
    case 413:
      return 'The request is larger than the API host accepts.';
    case 422:
      return 'Some values are invalid.';
    case 429:
      return 'The API host is busy (too many requests).';
    case 502:
    case 503:
    case 504:
      return 'The API host is unavailable right now.';
    default:
      return `The API host answered with HTTP ${status}.`;
  }
}

/** Builds an ApiError from a non-2xx response, reading `ErrorGet` / validation bodies. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: the status alone will have to do
  }
  // ErrorGet's `errors`, or FastAPI's own `detail` from a host that answers before the API does.
  const raw = (body as Partial<ErrorGet> | null)?.errors ?? (body as { detail?: unknown } | null)?.detail;
  const entries = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  const details: string[] = [];
  const fieldErrors: Record<string, string> = {};
  for (const entry of entries) {
    if (typeof entry === 'string') {
      // A host may send empty messages: they say nothing, and would leave "HTTP 500. ." behind.
      if (entry.trim()) details.push(entry.trim());
    } else if (entry && typeof entry === 'object' && 'msg' in entry) {
      // pydantic's shape (upstream's 422): loc says where, msg what ("Input should be ...").
      const error = entry as ErrorDict;
      const msg = String(error.msg ?? '').trim() || String(error.type ?? 'invalid');
      const field = fieldOf(Array.isArray(error.loc) ? error.loc : []);
      details.push(field ? `${field}: ${msg}` : msg);
      if (field) fieldErrors[field] = fieldErrors[field] ? `${fieldErrors[field]}; ${msg}` : msg;
    } else if (entry !== null && entry !== undefined) {
      details.push(JSON.stringify(entry));
    }
  }
  const supportId = (body as Partial<ErrorGet> | null)?.support_id;
  if (typeof supportId === 'string' && supportId) details.push(`support id ${supportId}`);
  const summary = describeStatus(response.status);
  const message = details.length ? `${summary} ${details.join('; ')}` : summary;
  return new ApiError(message, response.status, details, fieldErrors);
}

const RETRYABLE = new Set([429, 503]);
const MAX_RETRIES = 3;

function retryDelayMs(response: Response, attempt: number): number {
  const header = response.headers.get('Retry-After');
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.min(seconds, 60) * 1000;
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.min(Math.max(0, date - Date.now()), 60_000);
  }
  return 500 * 2 ** attempt;
}

function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    // Cancelled before the wait began (e.g. while reading the busy answer): no wait at all.
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** fetch against the dashboard's origin, retrying 429/503 after the advertised delay. */
export async function apiRequest(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(sessionAuthHeader())) {
    if (!headers.has(name)) headers.set(name, value);
  }
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  headers.set(DASHBOARD_REQUEST_HEADER, DASHBOARD_REQUEST_VALUE);
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(path, { ...init, headers });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(
        'The API host does not answer: the dashboard could not reach it. Check that it is running.',
        0,
      );
    }
    if (response.ok) return response;
    if (RETRYABLE.has(response.status) && attempt < MAX_RETRIES) {
      await sleep(retryDelayMs(response, attempt), init.signal);
      continue;
    }
    throw await errorFromResponse(response);
  }
}

/** A JSON request; `body` is serialised when given. */
export async function apiJson<T>(
  path: string,
  options: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const init: RequestInit = { method: options.method ?? 'GET', signal: options.signal };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  const response = await apiRequest(path, init);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Path segment for a solver key: `simcore/services/comp/itis/sleeper` → `simcore%2Fservices%2F...`. */
export function encodeKey(key: string): string {
  return encodeURIComponent(key);
}

/** Query string from defined values; arrays repeat the parameter. */
export function query(params: Record<string, string | number | boolean | string[] | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) search.append(name, item);
    else search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The text to show for a caught error: its message, or the thrown value as text. */
/**
 * Answer header of the embedded host naming the parameters of its own it applied to a listing
 * (`solver_id` and `state` of the jobs, the files page's filters and order): a host without
 * them (a real oSPARC deployment) ignores the parameters and sends no such header.
 */
export const LOCAL_FILTERS_HEADER = 'x-osparc-local-filters';

/** Did the host apply each of these parameters of its own (see LOCAL_FILTERS_HEADER)? */
export function appliedLocalParams(response: Response, names: readonly string[]): boolean {
  const applied = (response.headers.get(LOCAL_FILTERS_HEADER) ?? '').split(',').map((name) => name.trim());
  return names.every((name) => applied.includes(name));
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
