import type { LogText } from './log-text.ts';

/**
 * Reading oSPARC log lines: an optional leading ISO timestamp (as the runner writes them)
 * and the progress notations oSPARC itself parses.
 */

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)(\s+|$)/;
const PROGRESS_PATTERNS = [
  /\[progress\]\s*\d+\s*\/\s*\d+/i,
  /\b\d{1,3}(?:\.\d+)?\s*%/,
  /\b\d{1,3}(?:\.\d+)?\s+percent\b/i,
  // a bare fraction is progress only when it is the whole message
  /^\s*(?:0(?:\.\d+)?|1(?:\.0+)?)\s*$/,
];

interface LogLineParts {
  /** The leading timestamp, if the line has one. */
  timestamp: string | null;
  /** Whitespace between the timestamp and the message, kept so offsets match the raw line. */
  separator: string;
  message: string;
  isProgress: boolean;
}

export function parseLogLine(line: string): LogLineParts {
  const match = TIMESTAMP.exec(line);
  const timestamp = match?.[1] ?? null;
  const separator = match?.[2] ?? '';
  const message = match ? line.slice(match[0].length) : line;
  return { timestamp, separator, message, isProgress: PROGRESS_PATTERNS.some((pattern) => pattern.test(message)) };
}

/** Lines of a log text; a trailing newline does not make an empty last line. */
export function splitLines(text: string): string[] {
  if (!text) return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** One occurrence of the search text: its line and where in the line it starts. */
export interface LogMatch {
  line: number;
  start: number;
  end: number;
}

/** Beyond this many occurrences, counting stops: the count then reads "N+". */
export const MATCH_LIMIT = 100_000;

function searchPattern(search: string): RegExp | null {
  if (!search) return null;
  return new RegExp(search.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
}

/**
 * Every case-insensitive occurrence of `search` in the lines from `fromLine` on, in order, added
 * to `found` (the matches of the lines before, when a growing log is searched again) up to MATCH_LIMIT.
 */
export function findMatches(lines: LogText, search: string, fromLine = 0, found: LogMatch[] = []): LogMatch[] {
  const pattern = searchPattern(search);
  if (!pattern) return found;
  const matches = found;
  for (let line = fromLine; line < lines.length && matches.length < MATCH_LIMIT; line++) {
    const text = lines.line(line);
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      matches.push({ line, start: match.index, end: match.index + match[0].length });
      if (matches.length >= MATCH_LIMIT) break;
    }
  }
  return matches;
}

/** Occurrences of `search` within one line, for highlighting the lines on screen. */
export function matchesInLine(text: string, line: number, search: string): LogMatch[] {
  const pattern = searchPattern(search);
  if (!pattern) return [];
  const matches: LogMatch[] = [];
  for (let found = pattern.exec(text); found; found = pattern.exec(text)) {
    matches.push({ line, start: found.index, end: found.index + found[0].length });
  }
  return matches;
}
