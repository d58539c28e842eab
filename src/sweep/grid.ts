import { SWEEP_JOB_CAP } from './expand.ts';

/** One swept input and the values it takes. */
export interface SweepAxis {
  port: string;
  values: number[];
}

/** One job of a sweep: its index in the grid and the swept inputs' values. */
export interface SweepPoint {
  index: number;
  values: Record<string, number>;
}

/** How many jobs the axes make together (the product of their lengths). */
export function gridSize(axes: readonly SweepAxis[]): number {
  return axes.reduce((size, axis) => size * axis.values.length, axes.length ? 1 : 0);
}

/** Why the grid cannot run, if it cannot: too many jobs together. */
export function gridProblem(axes: readonly SweepAxis[], cap = SWEEP_JOB_CAP): string | null {
  const size = gridSize(axes);
  if (size <= cap) return null;
  const factors = axes.map((axis) => axis.values.length).join(' × ');
  return `Together the swept inputs make ${factors} = ${size} jobs; a sweep runs at most ${cap}. Use fewer values.`;
}

/**
 * Every combination of the axes' values (cartesian product), the first axis varying slowest,
 * so the jobs of one value of the first input sit together.
 */
export function sweepGrid(axes: readonly SweepAxis[]): SweepPoint[] {
  if (axes.length === 0) return [];
  let combos: Record<string, number>[] = [{}];
  for (const axis of axes) {
    combos = combos.flatMap((combo) => axis.values.map((value) => ({ ...combo, [axis.port]: value })));
  }
  return combos.map((values, index) => ({ index, values }));
}
