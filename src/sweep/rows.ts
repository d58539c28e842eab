import type { ArgumentValue, JobStatus } from '../api/types.ts';
import { buildCsv, type CsvCell } from './csv.ts';
import type { SweepTag } from './metadata.ts';

/** The least a row needs of a sweep job. */
export interface TaggedJob {
  job: { id: string; created_at: string };
  tag: SweepTag;
}

/** One place of the sweep's grid: the job that stands for it now, and the attempts it replaced. */
export interface SweepRow<J extends TaggedJob> {
  index: number;
  values: Record<string, number>;
  current: J;
  replaced: J[];
}

/**
 * One row per sweep index, the latest attempt standing for it (a retry replaces the failed
 * job); on equal attempts, the newer job wins. Rows are in index order.
 */
export function sweepRows<J extends TaggedJob>(jobs: readonly J[]): SweepRow<J>[] {
  const byIndex = new Map<number, J[]>();
  for (const entry of jobs) byIndex.set(entry.tag.index, [...(byIndex.get(entry.tag.index) ?? []), entry]);
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, attempts]) => {
      const ordered = [...attempts].sort(
        (a, b) => b.tag.attempt - a.tag.attempt || Date.parse(b.job.created_at) - Date.parse(a.job.created_at),
      );
      const [current, ...replaced] = ordered as [J, ...J[]];
      return { index, values: current.tag.values, current, replaced };
    });
}

/** A numeric output value (hosts send numbers as floats; some as numeric text). */
export function numericValue(value: ArgumentValue | undefined): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** Output keys that hold a number in at least one job's results, sorted. */
export function numericOutputKeys(outputs: Record<string, Record<string, ArgumentValue>>): string[] {
  const keys = new Set<string>();
  for (const results of Object.values(outputs)) {
    for (const [key, value] of Object.entries(results)) if (numericValue(value) !== undefined) keys.add(key);
  }
  return [...keys].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

export interface SweepTableData {
  inputs: string[];
  outputKeys: string[];
  rows: SweepRow<TaggedJob>[];
  statuses: Record<string, JobStatus | undefined>;
  outputs: Record<string, Record<string, ArgumentValue>>;
}

/** The sweep's table as CSV: swept inputs, job id, state, progress, then each numeric output. */
export function sweepCsv({ inputs, outputKeys, rows, statuses, outputs }: SweepTableData): string {
  const header = ['index', ...inputs, 'job_id', 'state', 'progress', ...outputKeys];
  const lines: CsvCell[][] = rows.map((row) => {
    const status = statuses[row.current.job.id];
    const results = outputs[row.current.job.id] ?? {};
    return [
      row.index,
      ...inputs.map((port) => row.values[port]),
      row.current.job.id,
      status?.state ?? '',
      status?.progress,
      ...outputKeys.map((key) => numericValue(results[key])),
    ];
  });
  return buildCsv(header, lines);
}
