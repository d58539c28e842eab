/**
 * Progress as oSPARC reads it from a solver's log: each line (after an optional leading
 * timestamp) may say `[PROGRESS] 2/3`, `23%`, `23 percent`, or be a bare fraction 0.0–1.0.
 */

const LEADING_TIMESTAMP = /^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?\s*/;
const FRACTION_TAG = /\[PROGRESS\]\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)/i;
const PERCENT = /(\d+(?:\.\d+)?)\s*(?:%|percent\b)/i;
const BARE_FRACTION = /^(0(?:\.\d+)?|1(?:\.0*)?|\.\d+)$/;

function clampPercent(value: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  return Math.max(0, Math.min(100, Math.floor(value)));
}

/** The progress (integer percent, 0–100) a log line reports, or undefined when it reports none. */
export function parseProgress(line: string): number | undefined {
  const text = line.replace(LEADING_TIMESTAMP, '').trim();
  if (!text) return undefined;
  const tagged = FRACTION_TAG.exec(text);
  if (tagged) {
    const done = Number(tagged[1]);
    const total = Number(tagged[2]);
    return total > 0 ? clampPercent((done / total) * 100) : undefined;
  }
  const percent = PERCENT.exec(text);
  if (percent) return clampPercent(Number(percent[1]));
  if (BARE_FRACTION.test(text)) return clampPercent(Number(text) * 100);
  return undefined;
}

/** Keeps a job's progress monotonic: a line reporting less than before does not move it back. */
export class ProgressTracker {
  private value = 0;

  get current(): number {
    return this.value;
  }

  /** Reads one line; answers the new progress when it went up, else undefined. */
  read(line: string): number | undefined {
    const parsed = parseProgress(line);
    if (parsed === undefined || parsed <= this.value) return undefined;
    this.value = parsed;
    return parsed;
  }
}
