/**
 * The API filters' wildcard rule (server/services/glob.ts: `*` is any run of characters, every
 * other character stands for itself, the whole value must match) as a condition on an indexed
 * SQLite text column, so the index answers it: an exact value is an equality, a pattern is a
 * GLOB with SQLite's own wildcards escaped, bounded to the range of its literal prefix so the
 * index is read only where the prefix lies.
 */
export interface SqlCondition {
  /** SQL over `column`, with `?` marks. */
  sql: string;
  params: string[];
}

/** The largest code point: any text that starts with `prefix` sorts before `prefix` + this (UTF-8 byte order). */
const AFTER_ALL = '\u{10FFFF}';

/** `*` stays the wildcard; `?` and `[`, wildcards of GLOB but plain characters of the API's rule, become classes of one. */
export function sqlGlobOf(pattern: string): string {
  return pattern.replace(/[?[]/g, (character) => `[${character}]`);
}

export function globCondition(column: string, pattern: string): SqlCondition {
  const star = pattern.indexOf('*');
  if (star < 0) return { sql: `${column} = ?`, params: [pattern] };
  if (/^\*+$/.test(pattern)) return { sql: '1', params: [] };
  const prefix = pattern.slice(0, star);
  const glob = { sql: `${column} GLOB ?`, params: [sqlGlobOf(pattern)] };
  if (!prefix) return glob;
  return {
    sql: `${column} >= ? AND ${column} < ? AND ${glob.sql}`,
    params: [prefix, prefix + AFTER_ALL, ...glob.params],
  };
}
