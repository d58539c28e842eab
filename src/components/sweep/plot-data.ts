/** One job's point: swept input values and numeric outputs (undefined until it succeeded). */
export interface PlotRow {
  values: Record<string, number>;
  outputs: Record<string, number | undefined>;
}

interface LineSeries {
  /** E.g. `input_4 = 10` for the other swept inputs' values; empty with one swept input. */
  label: string;
  ys: (number | null)[];
}

/** Lines of `output` along `x`: one line per combination of the other swept inputs (at most `maxSeries`). */
export function lineData(
  rows: readonly PlotRow[],
  inputs: readonly string[],
  x: string,
  output: string,
  maxSeries = 8,
): { xs: number[]; series: LineSeries[]; cut: boolean } {
  const xs = [...new Set(rows.map((row) => row.values[x]).filter((v): v is number => v !== undefined))].sort(
    (a, b) => a - b,
  );
  const others = inputs.filter((input) => input !== x);
  const groups = new Map<string, Map<number, number>>();
  for (const row of rows) {
    const label = others.map((input) => `${input} = ${row.values[input]}`).join(', ');
    const xValue = row.values[x];
    const y = row.outputs[output];
    if (!groups.has(label)) groups.set(label, new Map());
    if (xValue !== undefined && y !== undefined) groups.get(label)?.set(xValue, y);
  }
  const labels = [...groups.keys()];
  const series = labels.slice(0, maxSeries).map((label) => {
    const points = groups.get(label) ?? new Map<number, number>();
    return { label, ys: xs.map((value) => points.get(value) ?? null) };
  });
  return { xs, series, cut: labels.length > maxSeries };
}

interface HeatCell {
  x: number;
  y: number;
  value: number | undefined;
}

/** The grid of `output` over two swept inputs: sorted axis values and one cell per pair. */
export function heatData(rows: readonly PlotRow[], x: string, y: string, output: string) {
  const sorted = (key: string) =>
    [...new Set(rows.map((row) => row.values[key]).filter((v): v is number => v !== undefined))].sort((a, b) => a - b);
  const xs = sorted(x);
  const ys = sorted(y);
  const cells: HeatCell[] = [];
  const byPair = new Map(rows.map((row) => [`${row.values[x]}|${row.values[y]}`, row.outputs[output]]));
  for (const yValue of ys)
    for (const xValue of xs) cells.push({ x: xValue, y: yValue, value: byPair.get(`${xValue}|${yValue}`) });
  const known = cells.map((cell) => cell.value).filter((v): v is number => v !== undefined);
  return {
    xs,
    ys,
    cells,
    min: known.length ? Math.min(...known) : undefined,
    max: known.length ? Math.max(...known) : undefined,
  };
}

/** A colour from dark blue (low) through teal to yellow (high), readable on light and dark pages. */
export function heatColour(t: number): string {
  const stops = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const clamped = Math.max(0, Math.min(1, t));
  const position = clamped * (stops.length - 1);
  const low = Math.floor(position);
  const high = Math.min(stops.length - 1, low + 1);
  const f = position - low;
  const [r, g, b] = [0, 1, 2].map((i) =>
    Math.round((stops[low]?.[i] ?? 0) + ((stops[high]?.[i] ?? 0) - (stops[low]?.[i] ?? 0)) * f),
  );
  return `rgb(${r}, ${g}, ${b})`;
}
