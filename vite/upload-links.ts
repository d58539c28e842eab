import crypto from 'node:crypto';

/** Where the page sends chunks and links the proxy rewrote; `<id>` is opaque and unguessable. */
export const STORAGE_RELAY_PREFIX = '/_storage/';

export interface RelayTarget {
  /** The real (presigned or API host) URL. */
  url: string;
  /** Send the proxy's Basic credentials with it (only links on the API host itself). */
  withAuth: boolean;
  expiresAt: number;
}

/** Shape of `ClientFileUploadData` as far as the rewrite needs it. */
interface UploadAnswer {
  upload_schema?: { urls?: unknown; links?: Record<string, unknown> };
}

/**
 * Remembers the upload links the API host handed out, under opaque same-origin paths, so the
 * page can reach them through the proxy while the proxy relays nothing else (no open relay).
 */
export class UploadLinkRegistry {
  private readonly targets = new Map<string, RelayTarget>();

  constructor(
    private readonly ttlMs = 24 * 60 * 60 * 1000,
    private readonly now = () => Date.now(),
  ) {}

  private remember(url: string, withAuth: boolean): string {
    this.prune();
    const id = crypto.randomBytes(24).toString('base64url');
    this.targets.set(id, { url, withAuth, expiresAt: this.now() + this.ttlMs });
    return `${STORAGE_RELAY_PREFIX}${id}`;
  }

  private prune(): void {
    const now = this.now();
    for (const [id, target] of this.targets) if (target.expiresAt <= now) this.targets.delete(id);
  }

  /** The real URL behind a relay path, or undefined when the proxy never handed it out. */
  resolve(path: string): RelayTarget | undefined {
    if (!path.startsWith(STORAGE_RELAY_PREFIX)) return undefined;
    const id = path.slice(STORAGE_RELAY_PREFIX.length).split('?')[0] ?? '';
    const target = this.targets.get(id);
    if (!target || target.expiresAt <= this.now()) return undefined;
    return target;
  }

  /**
   * A same-origin path for an absolute link: links under the API host's `/v0` become plain
   * `/v0/...` paths (the proxy adds credentials there); any other link gets a relay path.
   */
  private localPath(link: string, apiHost: string, isApiLink: boolean): string {
    const base = apiHost.replace(/\/+$/, '');
    if (isApiLink && link.startsWith(`${base}/v0/`)) return link.slice(base.length);
    const sameOrigin = new URL(link).origin === new URL(base).origin;
    return this.remember(link, isApiLink && sameOrigin);
  }

  /** Rewrites the chunk URLs and complete/abort links of a `POST /v0/files/content` answer in place. */
  rewriteUploadAnswer(answer: unknown, apiHost: string): unknown {
    const schema = (answer as UploadAnswer | null)?.upload_schema;
    if (!schema) return answer;
    if (Array.isArray(schema.urls)) {
      schema.urls = schema.urls.map((url) =>
        typeof url === 'string' && /^https?:\/\//.test(url) ? this.localPath(url, apiHost, false) : url,
      );
    }
    if (schema.links) {
      for (const [name, link] of Object.entries(schema.links)) {
        if (typeof link === 'string' && /^https?:\/\//.test(link))
          schema.links[name] = this.localPath(link, apiHost, true);
      }
    }
    return answer;
  }
}
