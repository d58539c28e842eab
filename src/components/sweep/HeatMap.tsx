import { heatColour, heatData, type PlotRow } from './plot-data.ts';

interface HeatMapProps {
  rows: readonly PlotRow[];
  x: string;
  y: string;
  output: string;
  titleOf(key: string): string;
}

const CELL = 40;
const MARGIN_LEFT = 70;
const MARGIN_BOTTOM = 40;

/**
 * An output over two swept inputs as a grid of coloured cells (SVG), with a legend and the
 * same numbers as a table for those who cannot see colours.
 */
export function HeatMap({ rows, x, y, output, titleOf }: HeatMapProps) {
  const { xs, ys, cells, min, max } = heatData(rows, x, y, output);
  const width = MARGIN_LEFT + xs.length * CELL + 10;
  const height = ys.length * CELL + MARGIN_BOTTOM + 10;
  const span = min !== undefined && max !== undefined && max > min ? max - min : 1;
  const label = `Heat map of ${titleOf(output)} over ${titleOf(x)} (across) and ${titleOf(y)} (down)`;
  return (
    <figure className="sweep-heatmap">
      <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
        {cells.map((cell) => {
          const column = xs.indexOf(cell.x);
          const row = ys.length - 1 - ys.indexOf(cell.y);
          return (
            <rect
              key={`${cell.x}|${cell.y}`}
              x={MARGIN_LEFT + column * CELL}
              y={10 + row * CELL}
              width={CELL - 2}
              height={CELL - 2}
              fill={cell.value === undefined ? 'none' : heatColour((cell.value - (min ?? 0)) / span)}
              stroke="currentColor"
              strokeOpacity={0.3}
            >
              <title>
                {titleOf(x)} {cell.x}, {titleOf(y)} {cell.y}: {cell.value ?? 'no value yet'}
              </title>
            </rect>
          );
        })}
        {xs.map((value, column) => (
          <text
            key={`x${value}`}
            x={MARGIN_LEFT + column * CELL + CELL / 2}
            y={10 + ys.length * CELL + 16}
            textAnchor="middle"
            fill="currentColor"
            fontSize="12"
          >
            {value}
          </text>
        ))}
        {ys.map((value, index) => (
          <text
            key={`y${value}`}
            x={MARGIN_LEFT - 8}
            y={10 + (ys.length - 1 - index) * CELL + CELL / 2 + 4}
            textAnchor="end"
            fill="currentColor"
            fontSize="12"
          >
            {value}
          </text>
        ))}
      </svg>
      <figcaption>
        <span>
          {titleOf(x)} across, {titleOf(y)} down.{' '}
        </span>
        {min !== undefined && max !== undefined ? (
          <span className="heat-legend">
            <span>{min}</span>
            <span
              className="heat-legend-bar"
              aria-hidden="true"
              style={{
                background: `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map(heatColour).join(', ')})`,
              }}
            />
            <span>{max}</span> <span className="visually-hidden">(low to high)</span>
          </span>
        ) : (
          <span>No values yet.</span>
        )}
      </figcaption>
      <details>
        <summary>The heat map as a table</summary>
        <table>
          <caption>
            {titleOf(output)} by {titleOf(y)} (rows) and {titleOf(x)} (columns)
          </caption>
          <thead>
            <tr>
              <th scope="col">
                {titleOf(y)} \ {titleOf(x)}
              </th>
              {xs.map((value) => (
                <th key={value} scope="col">
                  {value}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ys.map((yValue) => (
              <tr key={yValue}>
                <th scope="row">{yValue}</th>
                {xs.map((xValue) => (
                  <td key={xValue}>{cells.find((cell) => cell.x === xValue && cell.y === yValue)?.value ?? '–'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
