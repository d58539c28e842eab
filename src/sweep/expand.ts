import type { ContentSchema } from '../api/types.ts';

/**
 * How a numeric input is swept, as the user typed it (text, so a half-typed value is kept):
 * - `list`: values separated by commas, semicolons or spaces;
 * - `range`: from `start` by `step`, up to `stop` (included when a step lands on it);
 * - `linspace`: `count` evenly spaced values from `start` to `stop`, both included.
 */
export type SweepSpec =
  | { kind: 'list'; values: string }
  | { kind: 'range'; start: string; stop: string; step: string }
  | { kind: 'linspace'; start: string; stop: string; count: string };

export type SweepKind = SweepSpec['kind'];

/** The most jobs one sweep may create: a guard against a typo that would start thousands. */
export const SWEEP_JOB_CAP = 500;
/** Above this many jobs, the form asks before starting them. */
export const SWEEP_CONFIRM_THRESHOLD = 20;

/** What a numeric port accepts, from its content schema. */
export interface NumericRule {
  integer: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  /** The port's title, for messages. */
  title: string;
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The rule of an integer or number port; `null` for any other port (it cannot be swept). */
export function numericRuleOf(schema: ContentSchema | null | undefined, fallbackTitle = ''): NumericRule | null {
  if (!schema || Array.isArray(schema.enum)) return null;
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((type) => type !== 'null');
  if (types.length !== 1 || (types[0] !== 'integer' && types[0] !== 'number')) return null;
  return {
    integer: types[0] === 'integer',
    minimum: numberOrUndefined(schema.minimum),
    maximum: numberOrUndefined(schema.maximum),
    exclusiveMinimum: numberOrUndefined(schema.exclusiveMinimum),
    exclusiveMaximum: numberOrUndefined(schema.exclusiveMaximum),
    title: schema.title ?? fallbackTitle,
  };
}

export interface SweepExpansion {
  /** The values the jobs take, in order; empty when there are errors. */
  values: number[];
  /** What is wrong, in words the form shows on the sweep field. */
  errors: string[];
  /** What was changed on the way (rounding, duplicates dropped). */
  notes: string[];
}

/** Rounds away floating-point noise (0.1 * 3 = 0.30000000000000004) without changing real values. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/** A typed number, or a message saying what is wrong with it. */
function parseNumber(text: string, name: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return `Give the ${name}.`;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return `The ${name} “${trimmed}” is not a number.`;
  return value;
}

function listing(values: number[]): string {
  const shown = values.slice(0, 5).join(', ');
  return values.length > 5 ? `${shown} and ${values.length - 5} more` : shown;
}

/** Messages for values the port does not accept (outside its range, or not whole numbers). */
export function valuesOutsideRule(values: number[], rule: NumericRule): string[] {
  const messages: string[] = [];
  const check = (bad: number[], text: string) => {
    if (bad.length) messages.push(`${listing(bad)} ${bad.length === 1 ? 'is' : 'are'} ${text}.`);
  };
  const fractions = rule.integer ? values.filter((value) => !Number.isInteger(value)) : [];
  if (fractions.length) {
    const what = fractions.length === 1 ? 'is not a whole number' : 'are not whole numbers';
    messages.push(`${listing(fractions)} ${what}, which this input takes.`);
  }
  if (rule.minimum !== undefined) {
    const min = rule.minimum;
    check(
      values.filter((value) => value < min),
      `below the minimum ${min}`,
    );
  }
  if (rule.exclusiveMinimum !== undefined) {
    const min = rule.exclusiveMinimum;
    check(
      values.filter((value) => value <= min),
      `not more than ${min}`,
    );
  }
  if (rule.maximum !== undefined) {
    const max = rule.maximum;
    check(
      values.filter((value) => value > max),
      `above the maximum ${max}`,
    );
  }
  if (rule.exclusiveMaximum !== undefined) {
    const max = rule.exclusiveMaximum;
    check(
      values.filter((value) => value >= max),
      `not less than ${max}`,
    );
  }
  return messages;
}

function tooMany(count: number, cap: number): string {
  return `This makes ${count} values; a sweep runs at most ${cap} jobs.`;
}

function expandList(text: string, cap: number): SweepExpansion {
  const items = text.split(/[\s,;]+/).filter(Boolean);
  if (items.length === 0) return { values: [], errors: ['Give at least one value.'], notes: [] };
  const bad = items.filter((item) => !Number.isFinite(Number(item)));
  if (bad.length) {
    const quoted = bad.slice(0, 3).map((item) => `“${item}”`);
    return {
      values: [],
      errors: [`${quoted.join(', ')} ${bad.length === 1 ? 'is not a number' : 'are not numbers'}.`],
      notes: [],
    };
  }
  const values = [...new Set(items.map(Number))];
  if (values.length > cap) return { values: [], errors: [tooMany(values.length, cap)], notes: [] };
  const notes = values.length < items.length ? ['Repeated values are run once.'] : [];
  return { values, errors: [], notes };
}

function expandRange(start: number, stop: number, step: number, cap: number): SweepExpansion {
  if (step === 0) return { values: [], errors: ['The step must not be zero.'], notes: [] };
  if ((stop - start) * step < 0) {
    const way =
      stop > start ? `positive to go up from ${start} to ${stop}` : `negative to go down from ${start} to ${stop}`;
    return { values: [], errors: [`The step must be ${way}.`], notes: [] };
  }
  // A tiny tolerance so that 0 → 1 by 0.1 includes 1 despite floating-point error.
  const steps = Math.floor((stop - start) / step + 1e-9);
  const count = steps + 1;
  if (count > cap) return { values: [], errors: [tooMany(count, cap)], notes: [] };
  return { values: Array.from({ length: count }, (_, index) => clean(start + index * step)), errors: [], notes: [] };
}

function expandLinspace(
  start: number,
  stop: number,
  countText: string,
  rule: NumericRule,
  cap: number,
): SweepExpansion {
  const count = Number(countText.trim());
  if (countText.trim() === '' || !Number.isInteger(count) || count < 1) {
    return { values: [], errors: ['The number of values must be a whole number of at least 1.'], notes: [] };
  }
  if (count > cap) return { values: [], errors: [tooMany(count, cap)], notes: [] };
  const spaced =
    count === 1
      ? [start]
      : Array.from({ length: count }, (_, index) => clean(start + ((stop - start) * index) / (count - 1)));
  if (!rule.integer) return { values: spaced, errors: [], notes: [] };
  const rounded = [...new Set(spaced.map((value) => Math.round(value)))];
  const notes: string[] = [];
  if (spaced.some((value) => !Number.isInteger(value))) {
    notes.push(
      rounded.length < spaced.length
        ? `Rounded to whole numbers; repeated values dropped: ${rounded.length} of ${count} values remain.`
        : 'Rounded to whole numbers.',
    );
  }
  return { values: rounded, errors: [], notes };
}

/** The values of one swept input, checked against its port's rule. */
export function expandSweep(spec: SweepSpec, rule: NumericRule, cap = SWEEP_JOB_CAP): SweepExpansion {
  let expansion: SweepExpansion;
  if (spec.kind === 'list') {
    expansion = expandList(spec.values, cap);
  } else {
    const start = parseNumber(spec.start, 'start');
    const stop = parseNumber(spec.stop, 'stop');
    const third = spec.kind === 'range' ? parseNumber(spec.step, 'step') : 0;
    const parseErrors = [start, stop, third].filter((value): value is string => typeof value === 'string');
    if (parseErrors.length) return { values: [], errors: parseErrors, notes: [] };
    expansion =
      spec.kind === 'range'
        ? expandRange(start as number, stop as number, third as number, cap)
        : expandLinspace(start as number, stop as number, spec.count, rule, cap);
  }
  if (expansion.errors.length) return expansion;
  const outside = valuesOutsideRule(expansion.values, rule);
  return outside.length ? { values: [], errors: outside, notes: expansion.notes } : expansion;
}

/** A new sweep of a port, starting from its current value when it has one. */
export function initialSweepSpec(current: unknown): SweepSpec {
  return { kind: 'list', values: typeof current === 'number' ? String(current) : '' };
}
