import type { Page } from './types.ts';

/**
 * Whether a page is the last of a listing: it came short, or it reaches the total the host
 * reports (a host may leave the total out; then only a short page ends the listing).
 */
export function isLastPage(page: Page<unknown>, offset: number, limit: number): boolean {
  return page.items.length < limit || (typeof page.total === 'number' && offset + limit >= page.total);
}

/**
 * The pages of a listing, one request at a time, until `stop` says so or the last page: for
 * "every study" and for looking one item up in a listing.
 */
export async function* pagesOf<T>(
  readPage: (limit: number, offset: number) => Promise<Page<T>>,
  limit: number,
): AsyncGenerator<T[]> {
  for (let offset = 0; ; offset += limit) {
    const page = await readPage(limit, offset);
    yield page.items;
    if (isLastPage(page, offset, limit)) return;
  }
}

/** Every item of a paged listing. */
export async function readAllPages<T>(
  readPage: (limit: number, offset: number) => Promise<Page<T>>,
  limit: number,
): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pagesOf(readPage, limit)) items.push(...page);
  return items;
}
