import fs from 'node:fs';
import { openPlainFile, readPlainFile } from './work-folder.ts';

/** An ISO-8601 UTC timestamp with microseconds, as the upstream log files carry: 2022-06-01T18:15:03.923876Z */
export function logTimestamp(): string {
  const now = performance.timeOrigin + performance.now();
  const millis = Math.floor(now);
  const micros = Math.min(999, Math.floor((now - millis) * 1000));
  return new Date(millis).toISOString().replace('Z', `${String(micros).padStart(3, '0')}Z`);
}

/** Splits a log line stored as "<timestamp> <text>" back into its parts. */
export function splitLogLine(line: string): { timestamp: string | null; text: string } {
  const match = /^(\d{4}-\d{2}-\d{2}T\S+)\s(.*)$/s.exec(line);
  return match ? { timestamp: match[1]!, text: match[2]! } : { timestamp: null, text: line };
}

/**
 * Appends a job's log lines to its log file, each prefixed with a timestamp. Writes are
 * synchronous so that a reader that reads the file and then listens for new lines, in one
 * tick, misses none. Past `maxBytes` the log is cut with one note line saying so; the job is
 * not stopped for that (a verbose solver may still succeed) and its output is still read, so a
 * solver is never blocked on a full pipe.
 */
export class JobLogWriter {
  private fd: number | null;
  private written: number;
  private cut = false;

  constructor(
    readonly filePath: string,
    private readonly maxBytes: number,
  ) {
    this.fd = fs.openSync(filePath, 'a');
    this.written = fs.fstatSync(this.fd).size;
  }

  get truncated(): boolean {
    return this.cut;
  }

  /** Stamps and appends the lines; answers the stamped lines that were kept (none once the log is cut). */
  write(lines: readonly string[]): string[] {
    if (this.fd === null || this.cut) return [];
    const kept: string[] = [];
    let chunk = '';
    for (const line of lines) {
      const stamped = `${logTimestamp()} ${line}`;
      const size = Buffer.byteLength(stamped) + 1;
      if (this.written + size > this.maxBytes) {
        const note = `${logTimestamp()} [host] The log was cut here: it reached the limit of ${this.maxBytes} bytes (OSPARC_LOCAL_MAX_LOG). The solver keeps running; its later lines are read and not kept.`;
        chunk += `${note}\n`;
        kept.push(note);
        this.cut = true;
        break;
      }
      chunk += `${stamped}\n`;
      this.written += size;
      kept.push(stamped);
    }
    if (chunk) fs.writeSync(this.fd, chunk);
    return kept;
  }

  close(): void {
    if (this.fd === null) return;
    fs.closeSync(this.fd);
    this.fd = null;
  }
}

/** The lines of a stored log file (empty when it does not exist). */
export function readLogLines(filePath: string): string[] {
  let text: string;
  try {
    text = readPlainFile(filePath).toString('utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The last `count` lines of a log (read from its tail only), without their timestamps, for error messages. */
export function lastLogLines(filePath: string, count: number, tailBytes = 64 * 1024): string[] {
  let fd: number;
  try {
    fd = openPlainFile(filePath);
  } catch {
    return [];
  }
  try {
    const size = fs.fstatSync(fd).size;
    const start = Math.max(0, size - tailBytes);
    const buffer = Buffer.alloc(size - start);
    fs.readSync(fd, buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n');
    if (start > 0) lines.shift(); // a partial first line
    if (lines.at(-1) === '') lines.pop();
    return lines.slice(-count).map((line) => splitLogLine(line).text);
  } finally {
    fs.closeSync(fd);
  }
}
