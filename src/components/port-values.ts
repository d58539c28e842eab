import type { ArgumentValue, SolverPort } from '../api/types.ts';
import { unitSymbol } from '../lib/units.ts';

/** A port's title from its schema, else its key. */
export function portTitle(port: SolverPort | undefined, key: string): string {
  const title = port?.content_schema?.title;
  return typeof title === 'string' && title ? title : key;
}

/** A port's unit (`x_unit`), if it has one. */
export function portUnit(port: SolverPort | undefined): string | undefined {
  const unit = port?.content_schema?.x_unit;
  return typeof unit === 'string' && unit ? unitSymbol(unit) || undefined : undefined;
}

/** A non-file port value as plain text: numbers and strings as they are, the rest as JSON. */
export function formatPortValue(value: ArgumentValue | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, null, 1);
}

/** Ports by key, for looking up titles and units beside values. */
export function portsByKey(ports: readonly SolverPort[] | undefined): Map<string, SolverPort> {
  return new Map((ports ?? []).map((port) => [port.key, port]));
}

/**
 * The order to list values in: the ports' order when known (as the API lists them),
 * then any keys the ports do not name.
 */
export function orderedKeys(values: Record<string, unknown>, ports: readonly SolverPort[] | undefined): string[] {
  const keys = Object.keys(values);
  const order = (ports ?? []).map((port) => port.key);
  const known = order.filter((key) => keys.includes(key));
  return [...known, ...keys.filter((key) => !order.includes(key)).sort()];
}
