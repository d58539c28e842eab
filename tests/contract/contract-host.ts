import { afterAll, beforeAll } from 'vitest';
import type { HostConfig } from '../../server/config.ts';
import { readUntil, startTestHost, type TestHost, WAIT } from '../../server/test/harness.ts';
import { type ContractChecker, type Exchange, loadContractChecker } from './contract-checker.ts';

/** What a call of the walk sends: JSON (`body`, or raw JSON `text`) or a form, and the status it expects. */
export interface CallOptions {
  body?: unknown;
  text?: string;
  form?: FormData;
  expect?: number;
  headers?: Record<string, string>;
}

export interface CallAnswer<T> {
  status: number;
  body: T;
  raw: ArrayBuffer;
  contentType: string;
  location: string | null;
}

/**
 * The setup every contract walk shares, for the describe block it is called in: the checker over
 * the specification, a test host started before the block's tests (with `config()` over the
 * harness's defaults) and closed after them, and every answer of the walk kept as an exchange for
 * the checker.
 */
export function contractWalk(config: () => Partial<HostConfig> = () => ({})) {
  let host: TestHost | undefined;
  let checker: ContractChecker | undefined;
  const exchanges: Exchange[] = [];

  beforeAll(async () => {
    checker = loadContractChecker();
    host = await startTestHost(config());
  });
  afterAll(async () => {
    await host?.close();
  });

  const started = (): TestHost => {
    if (!host) throw new Error('The contract walk has no host: it starts in beforeAll');
    return host;
  };
  const loaded = (): ContractChecker => {
    if (!checker) throw new Error('The contract walk has no checker: it is loaded in beforeAll');
    return checker;
  };

  /** Keeps one answer for the check; its path is the request's, without the query. */
  function record(method: string, pathname: string, response: Response, text = ''): void {
    exchanges.push({
      method,
      path: new URL(pathname, started().url).pathname,
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text,
    });
  }

  /** A request of the walk: its answer is kept for the check, its status checked when one is expected. */
  async function call<T = unknown>(
    method: string,
    pathname: string,
    options: CallOptions = {},
  ): Promise<CallAnswer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    let payload: BodyInit | undefined;
    if (options.form) payload = options.form;
    else if (options.body !== undefined || options.text !== undefined) {
      payload = options.text ?? JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    // Redirects are answers of their own: the 307 of the logfile is checked against the spec too.
    const response = await started().fetch(pathname, { method, headers, body: payload, redirect: 'manual' });
    const raw = await response.arrayBuffer();
    const contentType = response.headers.get('content-type') ?? '';
    const text = contentType.startsWith('application/json') ? new TextDecoder().decode(raw) : '';
    record(method, pathname, response, text);
    if (options.expect !== undefined && response.status !== options.expect) {
      throw new Error(`${method} ${pathname}: expected ${options.expect}, got ${response.status}: ${text}`);
    }
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      raw,
      contentType,
      location: response.headers.get('location'),
    };
  }

  return {
    /** The walk's host, once started. */
    get host(): TestHost {
      return started();
    },
    get checker(): ContractChecker {
      return loaded();
    },
    exchanges,
    call,
    record,

    /** Polls the job at `jobPath` (`.../jobs/{id}`) with `:inspect` through `call` until it has stopped. */
    untilStopped(jobPath: string): Promise<{ state: string; progress: number }> {
      return readUntil(
        async () =>
          (
            await call<{ state: string; progress: number; stopped_at: string | null }>('POST', `${jobPath}:inspect`, {
              expect: 200,
            })
          ).body,
        (body) => body.stopped_at !== null,
        (body) => `${jobPath} has not stopped: ${body.state}`,
        { ...WAIT, interval: 200 },
      );
    },

    /** The operations called so far (`METHOD template`), those under one of `sections` when given. */
    operations(sections?: readonly string[]): Set<string> {
      const operations = new Set<string>();
      for (const exchange of exchanges) {
        const template = loaded().templateOf(exchange.path, exchange.method);
        if (template && (!sections || sections.some((section) => template.startsWith(section)))) {
          operations.add(`${exchange.method} ${template}`);
        }
      }
      return operations;
    },

    /** What the specification finds wrong with the answers so far; empty when every one conforms. */
    problems(): string[] {
      return exchanges.flatMap((exchange) => loaded().check(exchange));
    },
  };
}
