/**
 * A log's lines, read by index. A log of a million lines is kept as a few thousand text chunks
 * and two offsets per line rather than a million strings, and it can grow while it arrives.
 */
export interface LogText {
  readonly length: number;
  line(index: number): string;
  /** The growing log this is a view of: a later view of the same source holds these lines and more. */
  readonly source?: object;
}

/** A log already split into lines, as a LogText. */
export function logTextOf(lines: readonly string[]): LogText {
  return { length: lines.length, line: (index) => lines[index] ?? '' };
}

const CARRIAGE_RETURN = 13;

/**
 * Lines appended as text arrives in pieces of any size (a line may span pieces). Lines end at
 * "\n" or "\r\n"; a trailing newline does not make an empty last line (as `splitLines`).
 */
export class LogLineStore {
  /** Text pieces that each hold whole lines. */
  private chunks: string[] = [];
  /** First line of each chunk, ascending, to find a line's chunk by binary search. */
  private chunkFirstLine: number[] = [];
  private starts = new Uint32Array(1024);
  private ends = new Uint32Array(1024);
  private count = 0;
  /** The end of the text that is not a whole line yet. */
  private pending = '';
  private finished = false;

  get length(): number {
    return this.count;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  append(text: string): void {
    if (this.finished) throw new Error('the log has already ended');
    const chunk = this.pending + text;
    const last = chunk.lastIndexOf('\n');
    if (last === -1) {
      this.pending = chunk;
      return;
    }
    this.chunks.push(chunk);
    this.chunkFirstLine.push(this.count);
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline !== -1 && newline <= last; newline = chunk.indexOf('\n', start)) {
      const end = newline > start && chunk.charCodeAt(newline - 1) === CARRIAGE_RETURN ? newline - 1 : newline;
      this.push(start, end);
      start = newline + 1;
    }
    this.pending = chunk.slice(last + 1);
  }

  /** The text has ended: what follows the last newline is the last line. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.pending) return;
    this.chunks.push(this.pending);
    this.chunkFirstLine.push(this.count);
    this.push(0, this.pending.length);
    this.pending = '';
  }

  line(index: number): string {
    if (index < 0 || index >= this.count) return '';
    return this.chunks[this.chunkOf(index)]!.slice(this.starts[index], this.ends[index]);
  }

  /** A view of the lines so far: a new object each time, so React sees that the log grew. */
  snapshot(): LogText {
    const length = this.count;
    return { length, line: (index) => (index < length ? this.line(index) : ''), source: this };
  }

  private push(start: number, end: number): void {
    if (this.count === this.starts.length) {
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }

  private chunkOf(line: number): number {
    let low = 0;
    let high = this.chunkFirstLine.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.chunkFirstLine[middle]! <= line) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

function grow(array: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const larger = new Uint32Array(array.length * 2);
  larger.set(array);
  return larger;
}
