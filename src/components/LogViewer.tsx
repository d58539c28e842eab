import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type ReactNode, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { findMatches, type LogMatch, MATCH_LIMIT, matchesInLine, parseLogLine } from './log-viewer/log-lines.ts';
import { type LogText, logTextOf } from './log-viewer/log-text.ts';

/** Lines are one row each (no wrapping), so every row has this height and long logs scroll cheaply. */
const ROW_HEIGHT = 20;
/** Room for a horizontal scrollbar under the last line. */
const SCROLLBAR_ROOM = 16;

interface LogViewerProps {
  /** The log, one entry per line; a LogText may grow (a new view of the same source) while it arrives. */
  lines: readonly string[] | LogText;
  /** Accessible name of the log area, e.g. the log file's name. */
  label: string;
  /** Whether the view starts by following the end of the log (for live logs). */
  initialFollow?: boolean;
}

/**
 * A log in monospace: leading timestamps dimmed, progress lines marked, search with
 * highlight, count and next/previous, and a follow-the-end switch. Only the lines in view
 * (plus a few) are in the DOM, so a log of millions of lines stays responsive.
 */
export function LogViewer({ lines: given, label, initialFollow = false }: LogViewerProps) {
  const lines = useMemo(() => (isLogText(given) ? given : logTextOf(given)), [given]);
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search);
  const matches = useMatches(lines, deferredSearch);
  const [current, setCurrent] = useState(0);
  const [follow, setFollow] = useState(initialFollow);
  const scrollRef = useRef<HTMLElement>(null);

  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });

  // A new search starts at its first match.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the search text changes
  useEffect(() => setCurrent(0), [deferredSearch]);

  const currentMatch: LogMatch | undefined = matches[Math.min(current, matches.length - 1)];
  useEffect(() => {
    if (currentMatch) virtualizer.scrollToIndex(currentMatch.line, { align: 'center' });
  }, [currentMatch, virtualizer]);

  useEffect(() => {
    if (follow && lines.length > 0) virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [follow, lines.length, virtualizer]);

  const step = (delta: number) => {
    if (!matches.length) return;
    setFollow(false);
    setCurrent((index) => (index + delta + matches.length) % matches.length);
  };

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    step(event.shiftKey ? -1 : 1);
  };

  let countText = `${lines.length.toLocaleString()} lines`;
  if (deferredSearch) {
    const total = matches.length >= MATCH_LIMIT ? `${MATCH_LIMIT.toLocaleString()}+` : matches.length.toLocaleString();
    countText = matches.length
      ? `${(current + 1).toLocaleString()} of ${total} ${matches.length === 1 ? 'match' : 'matches'}`
      : 'No matches';
  }

  return (
    <div className="log-viewer">
      <div className="log-toolbar">
        <input
          type="search"
          aria-label={`Search in ${label}`}
          placeholder="Search the log"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={onSearchKey}
          autoComplete="off"
        />
        <output className="log-count" aria-live="polite">
          {countText}
        </output>
        <button
          type="button"
          className="secondary outline"
          onClick={() => step(-1)}
          disabled={!matches.length}
          aria-label="Previous match"
        >
          ↑
        </button>
        <button
          type="button"
          className="secondary outline"
          onClick={() => step(1)}
          disabled={!matches.length}
          aria-label="Next match"
        >
          ↓
        </button>
        <label className="log-follow">
          <input
            type="checkbox"
            role="switch"
            aria-checked={follow}
            checked={follow}
            onChange={(event) => setFollow(event.target.checked)}
          />
          Follow the end
        </label>
      </div>
      {/* Short logs take only the room they need; long ones scroll within the CSS max-height. */}
      <section
        ref={scrollRef}
        className="log-scroll"
        aria-label={label}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the log area scrolls with the keyboard
        tabIndex={0}
        style={{ height: Math.max(lines.length, 3) * ROW_HEIGHT + SCROLLBAR_ROOM }}
      >
        {lines.length === 0 ? (
          <p className="log-empty">The log is empty.</p>
        ) : (
          <div className="log-rows" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((row) => (
              <LogRow
                key={row.key}
                index={row.index}
                top={row.start}
                text={lines.line(row.index)}
                search={deferredSearch}
                current={currentMatch?.line === row.index ? currentMatch : undefined}
              />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}

function isLogText(lines: readonly string[] | LogText): lines is LogText {
  return !Array.isArray(lines);
}

/**
 * The search's matches. While a log grows, only the lines added since the last search are
 * searched: the log of a million lines is not searched again for every batch that arrives.
 */
function useMatches(lines: LogText, search: string): LogMatch[] {
  const last = useRef<{ source: object; search: string; searched: number; matches: LogMatch[] } | null>(null);
  return useMemo(() => {
    const previous = last.current;
    const source = lines.source ?? lines;
    const grown = previous?.source === source && previous.search === search && previous.searched <= lines.length;
    const matches = grown
      ? findMatches(lines, search, previous.searched, [...previous.matches])
      : findMatches(lines, search);
    last.current = { source, search, searched: lines.length, matches };
    return matches;
  }, [lines, search]);
}

interface LogRowProps {
  index: number;
  top: number;
  text: string;
  search: string;
  current: LogMatch | undefined;
}

function LogRow({ index, top, text, search, current }: LogRowProps) {
  const parts = parseLogLine(text);
  const ranges = matchesInLine(text, index, search);
  const messageStart = (parts.timestamp?.length ?? 0) + parts.separator.length;
  return (
    <div
      className={parts.isProgress ? 'log-line log-line-progress' : 'log-line'}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      data-line={index + 1}
    >
      <span className="log-lineno" aria-hidden="true">
        {index + 1}
      </span>
      {parts.isProgress ? (
        <span className="log-progress-mark" role="img" aria-label="progress">
          ▶
        </span>
      ) : (
        <span className="log-progress-mark" />
      )}
      {parts.timestamp && (
        <span className="log-time">{highlight(parts.timestamp + parts.separator, 0, ranges, current)}</span>
      )}
      <span className="log-message">{highlight(parts.message, messageStart, ranges, current)}</span>
    </div>
  );
}

/** The segment of a line starting at `offset`, with the search matches inside it wrapped in <mark>. */
function highlight(segment: string, offset: number, ranges: LogMatch[], current: LogMatch | undefined): ReactNode {
  if (!ranges.length) return segment;
  const pieces: ReactNode[] = [];
  let at = 0;
  for (const range of ranges) {
    const start = Math.max(range.start - offset, 0);
    const end = Math.min(range.end - offset, segment.length);
    if (end <= start || end <= at) continue;
    if (start > at) pieces.push(segment.slice(at, start));
    const isCurrent = current?.start === range.start;
    pieces.push(
      <mark
        key={range.start}
        className={isCurrent ? 'log-match-current' : undefined}
        aria-current={isCurrent || undefined}
      >
        {segment.slice(Math.max(start, at), end)}
      </mark>,
    );
    at = end;
  }
  if (at < segment.length) pieces.push(segment.slice(at));
  return pieces;
}
