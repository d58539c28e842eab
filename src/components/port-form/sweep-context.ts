import { createContext } from 'react';
import type { SweepSpec } from '../../sweep/expand.ts';
import type { SweepPlan, SweepSpecs } from '../../sweep/plan.ts';

/** `ui:field` name of numeric ports that may be swept. */
export const SWEEPABLE_FIELD = 'osparcNumberOrSweep';

/** What numeric fields of the run form need to switch between a value and a sweep. */
export interface PortFormSweep {
  /** Swept ports and how each is swept. */
  specs: SweepSpecs;
  /** The expanded sweep (values, messages, number of jobs). */
  plan: SweepPlan;
  onChange(specs: SweepSpecs): void;
}

/** Given by the port form when it offers sweeps; without it numeric fields take one value. */
export const SweepFieldContext = createContext<PortFormSweep | null>(null);

/** The specs with one port swept as `spec`, or no longer swept when `spec` is undefined. */
export function withSpec(specs: SweepSpecs, port: string, spec: SweepSpec | undefined): SweepSpecs {
  const next = { ...specs };
  if (spec) next[port] = spec;
  else delete next[port];
  return next;
}
