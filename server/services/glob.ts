import { apiErrors } from '../errors.ts';

/**
 * The one wildcard rule of the API's filters (`solver_id` and `version_display` on
 * `/v0/solvers/page`, the patterns of `metadata.any` / `metadata.all` on the job listing).
 *
 * Upstream turns each pattern into SQL `LIKE` (catalog's `_services_sql.py`) or `ILIKE`
 * (webserver's `projects/_jobs_repository.py`) with `*` → `%`: the pattern matches the whole
 * value, `*` stands for any run of characters (none, or `/`s included), and every other
 * character stands for itself. Matching splits the pattern at its stars and finds the pieces
 * left to right, each from where the last one ended: nothing is ever tried twice, so a pattern
 * of many stars costs no more than one of few, and no regular expression is built from it.
 */

/** Upstream's limit on a filter pattern (`MetadataFilterItem.pattern`, max_length=255). */
export const GLOB_MAX_LENGTH = 255;

export interface GlobOptions {
  /** `ILIKE` (metadata) rather than `LIKE` (solver keys and versions). */
  caseInsensitive?: boolean;
}

/**
 * 422 for a pattern longer than the limit, located where the client sent it
 * (`["query", "solver_id"]`).
 */
export function checkGlob(pattern: string, loc: (string | number)[]): void {
  if (pattern.length > GLOB_MAX_LENGTH) {
    throw apiErrors.invalid(
      loc,
      `${loc.slice(1).join('.')} is a pattern of ${pattern.length} characters: at most ${GLOB_MAX_LENGTH} are allowed`,
      'string_too_long',
    );
  }
}

/** Whether `text` as a whole matches `pattern`, where `*` is any run of characters. */
export function globMatches(text: string, pattern: string, options: GlobOptions = {}): boolean {
  const value = options.caseInsensitive ? text.toLowerCase() : text;
  const pieces = (options.caseInsensitive ? pattern.toLowerCase() : pattern).split('*');
  const first = pieces[0] ?? '';
  if (pieces.length === 1) return value === first;
  const last = pieces[pieces.length - 1] ?? '';
  // The ends are anchored; the pieces between them float, each found as early as it can be.
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  const end = value.length - last.length;
  let position = first.length;
  for (let index = 1; index < pieces.length - 1; index++) {
    const piece = pieces[index] ?? '';
    if (piece === '') continue;
    const found = value.indexOf(piece, position);
    if (found < 0 || found + piece.length > end) return false;
    position = found + piece.length;
  }
  return true;
}
