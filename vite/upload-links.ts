import crypto from 'node:crypto';

/** Where the page sends chunks and links the proxy rewrote: `<prefix><announce id>/<n>`, the id opaque and unguessable. */
export const STORAGE_RELAY_PREFIX = '/_storage/';

/** S3's (and so oSPARC's) most parts of one upload: an answer with more is not a real upload. */
export const MAX_LINKS_PER_ANNOUNCE = 10_000 + 2;

export interface RelayTarget {
  /** The real (presigned or API host) URL. */
  url: string;
  /** Send the proxy's Basic credentials with it (only links on the API host itself). */
  withAuth: boolean;
}

/** The links of one upload answer, relayed under one id until they expire together. */
interface Announce {
  targets: RelayTarget[];
  expiresAt: number;
}

/** Shape of `ClientFileUploadData` as far as the rewrite needs it. */
interface UploadAnswer {
  upload_schema?: { urls?: unknown; links?: Record<string, unknown> };
}

export class TooManyUploadLinksError extends Error {}

/**
 * Remembers the upload links the API host handed out, under opaque same-origin paths, so the
 * page can reach them through the proxy while the proxy relays nothing else (no open relay).
 *
 * Every announce lives equally long, so the map's insertion order is also its expiry order:
 * pruning drops expired announces from the front and stops at the first live one, each entry
 * is dropped once, and remembering costs the same however many announces are held. The
 * number of links held is bounded too; past it the oldest announces go first.
 */
export class UploadLinkRegistry {
  private readonly announces = new Map<string, Announce>();
  private linksHeld = 0;

  constructor(
    private readonly ttlMs = 24 * 60 * 60 * 1000,
    private readonly now = () => Date.now(),
    private readonly maxLinksHeld = 20 * MAX_LINKS_PER_ANNOUNCE,
  ) {}

  private forget(id: string, announce: Announce): void {
    this.announces.delete(id);
    this.linksHeld -= announce.targets.length;
  }

  private prune(): void {
    const now = this.now();
    for (const [id, announce] of this.announces) {
      if (announce.expiresAt > now && this.linksHeld <= this.maxLinksHeld) break;
      this.forget(id, announce);
    }
  }

  private remember(id: string, targets: RelayTarget[]): void {
    this.announces.set(id, { targets, expiresAt: this.now() + this.ttlMs });
    this.linksHeld += targets.length;
    this.prune();
  }

  /** The real URL behind a relay path, or undefined when the proxy never handed it out. */
  resolve(path: string): RelayTarget | undefined {
    if (!path.startsWith(STORAGE_RELAY_PREFIX)) return undefined;
    const [id = '', index = ''] = (path.slice(STORAGE_RELAY_PREFIX.length).split('?')[0] ?? '').split('/');
    const announce = this.announces.get(id);
    if (!announce || announce.expiresAt <= this.now() || !/^\d+$/.test(index)) return undefined;
    return announce.targets[Number(index)];
  }

  /**
   * Rewrites the chunk URLs and complete/abort links of a `POST /v0/files/content` answer in
   * place: links under the API host's `/v0` become plain `/v0/...` paths (the proxy adds
   * credentials there); any other link gets a relay path. Throws TooManyUploadLinksError for an
   * answer with more links than any real upload has.
   */
  rewriteUploadAnswer(answer: unknown, apiHost: string): unknown {
    const schema = (answer as UploadAnswer | null)?.upload_schema;
    if (!schema) return answer;
    const base = apiHost.replace(/\/+$/, '');
    const apiOrigin = new URL(base).origin;
    const isAbsolute = (link: unknown): link is string => typeof link === 'string' && /^https?:\/\//.test(link);
    const urls = Array.isArray(schema.urls) ? schema.urls : [];
    const links = schema.links ?? {};
    const count = urls.filter(isAbsolute).length + Object.values(links).filter(isAbsolute).length;
    if (count > MAX_LINKS_PER_ANNOUNCE) {
      throw new TooManyUploadLinksError(
        `The API host answered an upload with ${count} links; the dashboard relays at most ${MAX_LINKS_PER_ANNOUNCE} (10,000 parts and their complete and abort links).`,
      );
    }

    const id = crypto.randomBytes(24).toString('base64url');
    const targets: RelayTarget[] = [];
    const relay = (url: string, withAuth: boolean): string => {
      targets.push({ url, withAuth });
      return `${STORAGE_RELAY_PREFIX}${id}/${targets.length - 1}`;
    };
    if (Array.isArray(schema.urls)) schema.urls = schema.urls.map((url) => (isAbsolute(url) ? relay(url, false) : url));
    for (const [name, link] of Object.entries(links)) {
      if (!isAbsolute(link)) continue;
      links[name] = link.startsWith(`${base}/v0/`)
        ? link.slice(base.length)
        : relay(link, new URL(link).origin === apiOrigin);
    }
    if (targets.length) this.remember(id, targets);
    return answer;
  }
}
