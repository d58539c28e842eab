/** One row of the benchmark table: a figure, the reference measured in the same run, and the target. */
export interface BenchRow {
  /** What was measured, e.g. "jobs: 500 exit-at-once jobs". */
  name: string;
  /** The product's figure and its unit. */
  figure: number;
  unit: string;
  /** The same thing done the bare way in the same run (same unit), or null when the target is absolute. */
  reference: number | null;
  /** figure / reference, or null without a reference. */
  ratio: number | null;
  /** The target in words, e.g. "ratio ≥ 0.5". */
  target: string;
  met: boolean;
  /** What the figure does not say by itself (e.g. which chunks count, p50). */
  notes?: string;
}

/** A benchmark module: `npm run bench -- <name>` runs it alone. */
export interface Measurement {
  name: string;
  /** Whether it needs the browser (and the built dashboard). */
  browser?: boolean;
  run(): Promise<BenchRow[]>;
}

/** A row whose target is on the ratio figure / reference. */
export function ratioRow(
  fields: Omit<BenchRow, 'ratio' | 'met' | 'target'> & { reference: number },
  target: { atLeast?: number; atMost?: number },
  extra: { alsoMet?: boolean; alsoTarget?: string } = {},
): BenchRow {
  const ratio = fields.reference > 0 ? fields.figure / fields.reference : Number.NaN;
  const ratioOk =
    Number.isFinite(ratio) &&
    (target.atLeast === undefined || ratio >= target.atLeast) &&
    (target.atMost === undefined || ratio <= target.atMost);
  const words = [
    target.atLeast !== undefined ? `ratio ≥ ${target.atLeast}` : '',
    target.atMost !== undefined ? `ratio ≤ ${target.atMost}` : '',
    extra.alsoTarget ?? '',
  ]
    .filter(Boolean)
    .join(', ');
  return { ...fields, ratio, target: words, met: ratioOk && (extra.alsoMet ?? true) };
}

/** A row whose target is an absolute limit on the figure. */
export function limitRow(
  fields: Omit<BenchRow, 'ratio' | 'met' | 'target' | 'reference'> & { reference?: number | null },
  target: { atLeast?: number; atMost?: number },
): BenchRow {
  const ok =
    Number.isFinite(fields.figure) &&
    (target.atLeast === undefined || fields.figure >= target.atLeast) &&
    (target.atMost === undefined || fields.figure <= target.atMost);
  const reference = fields.reference ?? null;
  const words = [
    target.atLeast !== undefined ? `≥ ${target.atLeast} ${fields.unit}` : '',
    target.atMost !== undefined ? `≤ ${target.atMost} ${fields.unit}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return {
    ...fields,
    reference,
    ratio: reference ? fields.figure / reference : null,
    target: words,
    met: ok,
  };
}

/** A row for a measurement that could not be taken: it shows as missed, with the reason. */
export function failedRow(name: string, error: unknown): BenchRow {
  return {
    name,
    figure: Number.NaN,
    unit: '',
    reference: null,
    ratio: null,
    target: '',
    met: false,
    notes: `not measured: ${error instanceof Error ? error.message : String(error)}`,
  };
}
