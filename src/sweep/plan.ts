import type { SolverPort } from '../api/types.ts';
import {
  expandSweep,
  type NumericRule,
  numericRuleOf,
  SWEEP_JOB_CAP,
  type SweepExpansion,
  type SweepSpec,
} from './expand.ts';
import { gridProblem, gridSize, type SweepAxis } from './grid.ts';

/** The swept inputs of a run form: port key → how it is swept. Ports not in it take one value. */
export type SweepSpecs = Record<string, SweepSpec>;

export interface SweepPlan {
  /** Swept ports in the order the API lists them, with their values (empty when invalid). */
  axes: SweepAxis[];
  /** Each swept port's values, errors and notes. */
  expansions: Record<string, SweepExpansion>;
  /** Jobs the sweep makes; 0 when nothing is swept or a swept input is invalid. */
  size: number;
  /** What is wrong with the sweep as a whole (too many jobs together). */
  gridError: string | null;
  /** True when at least one input is swept and everything is valid. */
  ready: boolean;
}

/** Rules of the input ports that can be swept (integer and number ports). */
export function sweepablePorts(ports: SolverPort[]): Record<string, NumericRule> {
  const rules: Record<string, NumericRule> = {};
  for (const port of ports) {
    if (port.kind !== 'input') continue;
    const rule = numericRuleOf(port.content_schema, port.key);
    if (rule) rules[port.key] = rule;
  }
  return rules;
}

/** Expands every swept input and combines them as a grid. */
export function planSweep(ports: SolverPort[], specs: SweepSpecs, cap = SWEEP_JOB_CAP): SweepPlan {
  const rules = sweepablePorts(ports);
  const axes: SweepAxis[] = [];
  const expansions: Record<string, SweepExpansion> = {};
  let valid = true;
  for (const port of ports) {
    const spec = specs[port.key];
    const rule = rules[port.key];
    if (!spec || !rule) continue;
    const expansion = expandSweep(spec, rule, cap);
    expansions[port.key] = expansion;
    if (expansion.errors.length) valid = false;
    axes.push({ port: port.key, values: expansion.values });
  }
  const gridError = valid ? gridProblem(axes, cap) : null;
  const ready = valid && axes.length > 0 && !gridError;
  return { axes, expansions, size: ready ? gridSize(axes) : 0, gridError, ready };
}
