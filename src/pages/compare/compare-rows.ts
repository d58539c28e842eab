import type { ArgumentValue, OsparcFile, SolverPort } from '../../api/types.ts';
import { isOsparcFile } from '../../api/types.ts';
import { formatPortValue, orderedKeys, portsByKey, portTitle, portUnit } from '../../components/port-values.ts';

/** One job's side of a row: its value, or why there is none. */
type CompareCell =
  | { kind: 'value'; text: string }
  | { kind: 'file'; text: string; file: OsparcFile }
  | { kind: 'missing'; text: string };

export interface CompareRow {
  key: string;
  title: string;
  unit?: string;
  cells: CompareCell[];
  /** Not every job has the same value here. */
  differs: boolean;
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` read the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * What makes two values the same: files by content (checksum) when both carry one, else by
 * id, since two uploads of one file, or two jobs' outputs, are separate files with equal bytes;
 * other values by their JSON.
 */
function valueIdentity(value: ArgumentValue | undefined): string {
  if (value === undefined) return 'missing';
  if (isOsparcFile(value)) return value.checksum ? `file-checksum:${value.checksum}` : `file-id:${value.id}`;
  return `value:${canonical(value)}`;
}

/**
 * Rows of a side-by-side table: one per port, in the ports' order, one cell per job.
 * `columns[i]` is job i's values, or `undefined` with `missing[i]` saying why (e.g. outputs of
 * a job that did not succeed).
 */
export function compareRows(
  columns: readonly (Record<string, ArgumentValue> | undefined)[],
  ports: readonly SolverPort[] | undefined,
  missing: readonly string[],
): CompareRow[] {
  const union: Record<string, true> = {};
  for (const values of columns) for (const key of Object.keys(values ?? {})) union[key] = true;
  const byKey = portsByKey(ports);
  return orderedKeys(union, ports).map((key) => {
    const values = columns.map((column) => column?.[key]);
    const cells: CompareCell[] = values.map((value, index) => {
      if (columns[index] === undefined) return { kind: 'missing', text: missing[index] ?? '—' };
      if (value === undefined) return { kind: 'missing', text: 'not set' };
      if (isOsparcFile(value)) return { kind: 'file', text: value.filename, file: value };
      return { kind: 'value', text: formatPortValue(value) };
    });
    const identities = new Set(values.map(valueIdentity));
    const port = byKey.get(key);
    return { key, title: portTitle(port, key), unit: portUnit(port), cells, differs: identities.size > 1 };
  });
}
