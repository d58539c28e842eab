import 'uplot/dist/uPlot.min.css';
import { useEffect, useId, useRef, useState } from 'react';
import uPlot from 'uplot';
import { HeatMap } from './sweep/HeatMap.tsx';
import { lineData, type PlotRow } from './sweep/plot-data.ts';

interface SweepPlotProps {
  /** Swept port keys, in grid order. */
  inputs: string[];
  /** Output keys that hold numbers. */
  outputKeys: string[];
  rows: readonly PlotRow[];
  titleOf(key: string): string;
}

const LINE_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

/** Lines of one output along one swept input, drawn by uPlot on a canvas. */
function LinePlot({
  rows,
  inputs,
  x,
  output,
  titleOf,
}: {
  rows: readonly PlotRow[];
  inputs: string[];
  x: string;
  output: string;
  titleOf(key: string): string;
}) {
  const holder = useRef<HTMLDivElement>(null);
  const { xs, series, cut } = lineData(rows, inputs, x, output);
  const signature = JSON.stringify([xs, series]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` stands for the data
  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const width = Math.max(320, Math.min(900, element.clientWidth || 640));
    const plot = new uPlot(
      {
        width,
        height: 300,
        scales: { x: { time: false } },
        axes: [
          { label: titleOf(x), stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.25)' } },
          { label: titleOf(output), stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.25)' } },
        ],
        series: [
          { label: titleOf(x) },
          ...series.map((line, index) => ({
            label: line.label || titleOf(output),
            stroke: LINE_COLOURS[index % LINE_COLOURS.length],
            width: 2,
            points: { show: true, size: 6 },
            spanGaps: true,
          })),
        ],
      },
      [xs, ...series.map((line) => line.ys)] as uPlot.AlignedData,
      element,
    );
    return () => plot.destroy();
  }, [signature, x, output]);
  const described = series.some((line) => line.ys.some((value) => value !== null));
  return (
    <figure className="sweep-lines">
      <div
        ref={holder}
        role="img"
        aria-label={`${titleOf(output)} along ${titleOf(x)}${described ? '' : ' (no values yet)'}`}
        data-points={series.reduce((count, line) => count + line.ys.filter((value) => value !== null).length, 0)}
      />
      {cut && <figcaption>Only the first 8 combinations of the other inputs are drawn.</figcaption>}
    </figure>
  );
}

/**
 * A numeric output of a sweep plotted against a swept input: lines (one per combination of
 * the other swept inputs), or, with two swept inputs, a heat map over both.
 */
export function SweepPlot({ inputs, outputKeys, rows, titleOf }: SweepPlotProps) {
  const [output, setOutput] = useState(outputKeys[0] ?? '');
  const [x, setX] = useState(inputs[0] ?? '');
  const [view, setView] = useState<'heat' | 'lines'>(inputs.length === 2 ? 'heat' : 'lines');
  const outputId = useId();
  const xId = useId();
  const viewId = useId();
  const chosenOutput = outputKeys.includes(output) ? output : (outputKeys[0] ?? '');
  if (!chosenOutput) return <p>No numeric output yet: the plot appears once a job has succeeded.</p>;
  const other = inputs.find((input) => input !== x) ?? '';
  return (
    <div className="sweep-plot">
      <div className="sweep-plot-controls">
        <label htmlFor={outputId}>
          Output
          <select id={outputId} value={chosenOutput} onChange={(event) => setOutput(event.target.value)}>
            {outputKeys.map((key) => (
              <option key={key} value={key}>
                {titleOf(key)}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={xId}>
          {view === 'heat' ? 'Across' : 'Along'}
          <select id={xId} value={x} onChange={(event) => setX(event.target.value)}>
            {inputs.map((key) => (
              <option key={key} value={key}>
                {titleOf(key)}
              </option>
            ))}
          </select>
        </label>
        {inputs.length === 2 && (
          <label htmlFor={viewId}>
            Chart
            <select id={viewId} value={view} onChange={(event) => setView(event.target.value as 'heat' | 'lines')}>
              <option value="heat">Heat map</option>
              <option value="lines">Lines</option>
            </select>
          </label>
        )}
      </div>
      {view === 'heat' && inputs.length === 2 ? (
        <HeatMap rows={rows} x={x} y={other} output={chosenOutput} titleOf={titleOf} />
      ) : (
        <LinePlot rows={rows} inputs={inputs} x={x} output={chosenOutput} titleOf={titleOf} />
      )}
    </div>
  );
}
