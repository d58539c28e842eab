import { type TSchema, Type } from '@sinclair/typebox';

/** A value or null, as the spec's `anyOf: [..., {type: null}]`. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** `Page[T]` of fastapi-pagination, as `pageOf` and `pageFrom` build it. */
export const PageOf = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
    links: Type.Object({
      first: Nullable(Type.String()),
      last: Nullable(Type.String()),
      self: Nullable(Type.String()),
      next: Nullable(Type.String()),
      prev: Nullable(Type.String()),
    }),
  });
