import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLines } from './log-lines.ts';
import { LogLineStore } from './log-text.ts';

/** The text cut at the given places, as it may arrive from a stream. */
function piecesOf(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const cut of at) {
    pieces.push(text.slice(from, cut));
    from = cut;
  }
  pieces.push(text.slice(from));
  return pieces;
}

function linesOf(store: LogLineStore): string[] {
  return Array.from({ length: store.length }, (_, index) => store.line(index));
}

describe('a log arriving in pieces', () => {
  it('holds the same lines as the whole text split at once, wherever the pieces are cut', () => {
    const logText = fc
      .array(fc.oneof(fc.constantFrom('\n', '\r\n', '\r', 'é', '📈', ' '), fc.string({ maxLength: 12 })), {
        maxLength: 40,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(logText, fc.array(fc.nat(), { maxLength: 10 }), (text, cuts) => {
        const store = new LogLineStore();
        for (const piece of piecesOf(text, cuts)) store.append(piece);
        store.finish();
        expect(linesOf(store)).toEqual(splitLines(text));
      }),
    );
  });

  it('shows each whole line as soon as its newline has arrived, and the unfinished one at the end', () => {
    const store = new LogLineStore();
    store.append('2024-01-01T00:00:00Z started\n2024-01-01T00:00:01Z [progress] 1/');
    expect(linesOf(store)).toEqual(['2024-01-01T00:00:00Z started']);
    const early = store.snapshot();
    store.append('3\r\nfinis');
    store.append('hed');
    store.finish();
    expect(linesOf(store)).toEqual(['2024-01-01T00:00:00Z started', '2024-01-01T00:00:01Z [progress] 1/3', 'finished']);
    // A view taken earlier keeps its length; a later one of the same log has the new lines.
    expect(early.length).toBe(1);
    expect(store.snapshot()).toMatchObject({ length: 3, source: early.source });
  });

  it('keeps a long log of many pieces readable by line number', () => {
    const store = new LogLineStore();
    for (let piece = 0; piece < 500; piece++) {
      store.append(Array.from({ length: 100 }, (_, i) => `line ${piece * 100 + i + 1}\n`).join(''));
    }
    store.finish();
    expect(store.length).toBe(50_000);
    expect(store.line(0)).toBe('line 1');
    expect(store.line(12_345)).toBe('line 12346');
    expect(store.line(49_999)).toBe('line 50000');
  });
});
