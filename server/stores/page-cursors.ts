/**
 * Where the pages of a listing start, as met while serving them: the API pages with
 * limit/offset, and an OFFSET walks every row before it. Once a page was served, the key of
 * the row at its offset (and at the next page's) is remembered, so the same page, the next
 * one and any offset a little past a known one start from that key through the index
 * (keyset paging under the API's offsets). A write that moves rows between positions
 * forgets the listings it touches.
 */
export class PageCursors<Key> {
  /** Listing (its query and parameters) → offset → key of the row at that offset; least recently used first. */
  private readonly listings = new Map<string, Map<number, Key>>();

  constructor(
    private readonly maxListings = 256,
    private readonly maxOffsetsPerListing = 512,
  ) {}

  /** The remembered offset nearest below or at `offset`, with its row's key. */
  nearest(listing: string, offset: number): { offset: number; key: Key } | undefined {
    const offsets = this.listings.get(listing);
    if (!offsets) return undefined;
    this.listings.delete(listing);
    this.listings.set(listing, offsets);
    let best: { offset: number; key: Key } | undefined;
    for (const [known, key] of offsets) {
      if (known <= offset && (!best || known > best.offset)) best = { offset: known, key };
    }
    return best;
  }

  remember(listing: string, offset: number, key: Key): void {
    let offsets = this.listings.get(listing);
    if (!offsets) {
      if (this.listings.size >= this.maxListings) this.listings.delete(this.listings.keys().next().value!);
      offsets = new Map();
      this.listings.set(listing, offsets);
    }
    offsets.delete(offset);
    if (offsets.size >= this.maxOffsetsPerListing) offsets.delete(offsets.keys().next().value!);
    offsets.set(offset, key);
  }

  /** Forgets every listing (rows were added or removed). */
  clear(): void {
    this.listings.clear();
  }
}

/** How many rows past a remembered offset a page may walk before the listing is read from its far end instead. */
export const NEAR_OFFSET = 2_000;
