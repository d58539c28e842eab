import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';

/** `limit`/`offset` query parameters as the upstream API defines them (limit 1..50, default 20). */
export const PageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  links: { first: string | null; last: string | null; self: string | null; next: string | null; prev: string | null };
}

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

/** A page whose items were already cut (e.g. by SQL LIMIT/OFFSET) out of `total`. */
export function pageFrom<T>(
  request: FastifyRequest,
  items: T[],
  total: number,
  limit: number,
  offset: number,
): Page<T> {
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  return {
    items,
    total,
    limit,
    offset,
    links: {
      first: linkTo(request, limit, 0),
      last: linkTo(request, limit, lastOffset),
      self: linkTo(request, limit, offset),
      next: offset + limit < total ? linkTo(request, limit, offset + limit) : null,
      prev: offset > 0 ? linkTo(request, limit, Math.max(0, offset - limit)) : null,
    },
  };
}
