import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Page } from './response-schemas.ts';

/** `limit`/`offset` query parameters as the upstream API defines them (limit 1..50, default 20). */
export const PageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});

/**
 * Named in listings that take filters of the host's own beyond upstream's (`state` and
 * `solver_id` of the all-jobs listing, `filename_contains` of the files page): a client
 * sees from it that they were applied, and from its absence that a host (a real oSPARC
 * deployment) ignored them.
 */
export const LOCAL_FILTERS_HEADER = 'x-osparc-local-filters';

function linkTo(request: FastifyRequest, limit: number, offset: number): string {
  const url = new URL(request.url, 'http://placeholder');
  url.searchParams.set('limit', String(limit));
  url.searchParams.set('offset', String(offset));
  return `${url.pathname}${url.search}`;
}

/** One page of `all`, with the first/last/next/prev links of fastapi-pagination. */
export function pageOf<T>(request: FastifyRequest, all: readonly T[], limit: number, offset: number): Page<T> {
  return pageFrom(request, all.slice(offset, offset + limit), all.length, limit, offset);
}

/**
 * The `links` of a page, with fastapi-pagination's limit/offset arithmetic, which upstream
 * uses (models/pagination.py → fastapi_pagination.links.limit_offset): `last` counts whole
 * pages from the offset's remainder (total=25, limit=10, offset=5 → last offset 15), and
 * `prev` exists only where a whole page fits before the offset.
 */
export function pageLinks(request: FastifyRequest, total: number, limit: number, offset: number): Page<never>['links'] {
  const start = offset % limit;
  let last = start + Math.floor((total - start) / limit) * limit;
  if (last === total) last = total - limit;
  return {
    first: linkTo(request, limit, 0),
    // Upstream's arithmetic gives a negative offset for an empty list; the first page is where it ends.
    last: linkTo(request, limit, Math.max(0, last)),
    self: linkTo(request, limit, offset),
    next: offset + limit < total ? linkTo(request, limit, offset + limit) : null,
    prev: offset - limit >= 0 ? linkTo(request, limit, offset - limit) : null,
  };
}

/** A page whose items were already cut (e.g. by SQL LIMIT/OFFSET) out of `total`. */
export function pageFrom<T>(
  request: FastifyRequest,
  items: T[],
  total: number,
  limit: number,
  offset: number,
): Page<T> {
  return { items, total, limit, offset, links: pageLinks(request, total, limit, offset) };
}
