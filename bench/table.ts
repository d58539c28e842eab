import type { BenchRow } from './measure.ts';

/** A number with about three significant digits, so the table stays narrow. */
export function formatNumber(value: number | null): string {
  if (value === null) return '—';
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toString();
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

const HEADER = ['measurement', 'figure', 'reference', 'ratio', 'target', 'met'];

function cellsOf(row: BenchRow): string[] {
  const unit = row.unit ? ` ${row.unit}` : '';
  return [
    row.name,
    `${formatNumber(row.figure)}${unit}`,
    row.reference === null ? '—' : `${formatNumber(row.reference)}${unit}`,
    row.ratio === null ? '—' : `${formatNumber(row.ratio)}×`,
    row.target || '—',
    row.met ? 'yes' : 'NO',
  ];
}

/** The table as Markdown (readable in a terminal and pasteable into the README), notes below it. */
export function markdownTable(rows: BenchRow[]): string {
  const body = rows.map(cellsOf);
  const widths = HEADER.map((head, i) => Math.max(head.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  const rule = `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`;
  const notes = rows.filter((row) => row.notes).map((row) => `- ${row.name}: ${row.notes}`);
  return [line(HEADER), rule, ...body.map(line), ...(notes.length ? ['', ...notes] : [])].join('\n');
}
