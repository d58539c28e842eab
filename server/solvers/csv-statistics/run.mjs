#!/usr/bin/env node
// Statistics of a CSV column: count, mean, standard deviation, min, max, a JSON summary of
// every numeric column and an SVG histogram. Reads data.csv and inputs.json from INPUT_FOLDER.
import fs from 'node:fs';
import path from 'node:path';

const inputFolder = process.env.INPUT_FOLDER;
const outputFolder = process.env.OUTPUT_FOLDER;
const STAGES = 4;

function fail(message) {
  console.error(`ERROR: ${message}`);
  process.exit(1);
}

function progress(stage, what) {
  console.log(`[PROGRESS] ${stage}/${STAGES}... ${what}`);
}

if (!inputFolder || !outputFolder) fail('INPUT_FOLDER and OUTPUT_FOLDER must be set');
let inputs = {};
try {
  inputs = JSON.parse(fs.readFileSync(path.join(inputFolder, 'inputs.json'), 'utf8'));
} catch (error) {
  fail(`cannot read inputs.json: ${error.message}`);
}
const bins = Number(inputs.bins ?? 10);
if (!Number.isInteger(bins) || bins < 1 || bins > 100) fail(`bins must be an integer in [1-100], got ${inputs.bins}`);
const wantedColumn = typeof inputs.column === 'string' && inputs.column.trim() !== '' ? inputs.column.trim() : null;
const delimiterName = inputs.delimiter ?? 'auto';
const delimiters = { comma: ',', semicolon: ';', tab: '\t' };
if (delimiterName !== 'auto' && !(delimiterName in delimiters)) {
  fail(`delimiter must be auto, comma, semicolon or tab, got ${JSON.stringify(delimiterName)}`);
}

const csvFile = path.join(inputFolder, 'data.csv');
if (!fs.existsSync(csvFile)) fail('no CSV file was given (input "data")');
const text = fs.readFileSync(csvFile, 'utf8').replace(/^\uFEFF/, '');
progress(1, `read data.csv (${Buffer.byteLength(text)} bytes)`);

const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
const delimiter =
  delimiterName === 'auto'
    ? Object.values(delimiters).reduce(
        (best, d) => (firstLine.split(d).length > firstLine.split(best).length ? d : best),
        ',',
      )
    : delimiters[delimiterName];

/** RFC 4180 rows: quoted fields may hold delimiters, quotes ("") and line breaks. */
function parseCsv(source, sep) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''));
}

const rows = parseCsv(text, delimiter);
if (rows.length === 0) fail('data.csv is empty');
const header = rows[0].map((name, i) => name.trim() || `column_${i + 1}`);
const records = rows.slice(1);
if (records.length === 0) fail('data.csv has a header row but no data rows');
console.log(
  `Delimiter ${JSON.stringify(delimiter)}, ${header.length} column(s): ${header.join(', ')}; ${records.length} row(s)`,
);

function numeric(cell) {
  const value = cell.trim();
  if (value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : Number.NaN;
}

/** Values of a column, or the first cell that is not a number. */
function columnValues(index) {
  const values = [];
  for (let r = 0; r < records.length; r++) {
    const cell = records[r][index] ?? '';
    const n = numeric(cell);
    if (n === null) continue;
    if (Number.isNaN(n)) return { values, bad: { row: r + 2, cell } };
    values.push(n);
  }
  return { values, bad: null };
}

function statistics(values) {
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  values.forEach((v, i) => {
    const delta = v - mean;
    mean += delta / (i + 1);
    m2 += delta * (v - mean);
    if (v < min) min = v;
    if (v > max) max = v;
  });
  const count = values.length;
  return { count, mean, std: count > 1 ? Math.sqrt(m2 / (count - 1)) : 0, min, max };
}

const columns = {};
header.forEach((name, index) => {
  const { values, bad } = columnValues(index);
  if (!bad && values.length > 0) columns[name] = { index, values };
});
progress(2, `found ${Object.keys(columns).length} numeric column(s)`);

let chosen;
if (wantedColumn !== null) {
  const index = header.indexOf(wantedColumn);
  if (index < 0) fail(`column "${wantedColumn}" is not in data.csv; its columns are: ${header.join(', ')}`);
  const { values, bad } = columnValues(index);
  if (bad) fail(`column "${wantedColumn}" is not numeric: row ${bad.row} holds "${bad.cell.slice(0, 40)}"`);
  if (values.length === 0) fail(`column "${wantedColumn}" has no values`);
  chosen = wantedColumn;
} else {
  chosen = Object.keys(columns)[0];
  if (chosen === undefined) fail(`data.csv has no numeric column (columns: ${header.join(', ')})`);
  console.log(`No column named: analysing the first numeric column, "${chosen}"`);
}

const summaryColumns = Object.fromEntries(Object.entries(columns).map(([name, c]) => [name, statistics(c.values)]));
const values = columns[chosen].values;
const stats = summaryColumns[chosen];
console.log(
  `${chosen}: count ${stats.count}, mean ${stats.mean}, std ${stats.std}, min ${stats.min}, max ${stats.max}`,
);
progress(3, 'computed statistics');

// Equal-width bins over [min, max]; a constant column gets one unit-wide range around its value.
const low = stats.min === stats.max ? stats.min - 0.5 : stats.min;
const high = stats.min === stats.max ? stats.max + 0.5 : stats.max;
const binWidth = (high - low) / bins;
const counts = new Array(bins).fill(0);
for (const v of values) counts[Math.min(bins - 1, Math.floor((v - low) / binWidth))]++;
const edges = Array.from({ length: bins + 1 }, (_, i) => low + i * binWidth);

fs.mkdirSync(outputFolder, { recursive: true });
fs.writeFileSync(
  path.join(outputFolder, 'outputs.json'),
  `${JSON.stringify({ count: stats.count, mean: stats.mean, std: stats.std, min: stats.min, max: stats.max })}\n`,
);
const summary = { rows: records.length, column: chosen, columns: summaryColumns, histogram: { edges, counts } };
fs.writeFileSync(path.join(outputFolder, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
fs.writeFileSync(path.join(outputFolder, 'histogram.svg'), histogramSvg(chosen, edges, counts));
progress(4, 'wrote summary.json and histogram.svg');

function escapeXml(s) {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function histogramSvg(name, binEdges, binCounts) {
  const width = 640;
  const height = 400;
  const margin = { left: 60, right: 20, top: 30, bottom: 50 };
  const top = Math.max(...binCounts, 1);
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const barWidth = plotWidth / binCounts.length;
  const bars = binCounts
    .map((c, i) => {
      const h = (c / top) * plotHeight;
      const x = margin.left + i * barWidth;
      const y = height - margin.bottom - h;
      return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="#2e86c1"><title>[${+binEdges[i].toPrecision(6)}, ${+binEdges[i + 1].toPrecision(6)}): ${c}</title></rect>`;
    })
    .join('\n');
  const fmt = (v) => +v.toPrecision(4);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
<title>Histogram of ${escapeXml(name)}</title>
<rect width="100%" height="100%" fill="white"/>
${bars}
<g stroke="black"><line x1="${margin.left}" y1="${height - margin.bottom}" x2="${width - margin.right}" y2="${height - margin.bottom}"/><line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${height - margin.bottom}"/></g>
<text x="${margin.left}" y="${height - margin.bottom + 18}" text-anchor="middle">${fmt(binEdges[0])}</text>
<text x="${width - margin.right}" y="${height - margin.bottom + 18}" text-anchor="middle">${fmt(binEdges.at(-1))}</text>
<text x="${margin.left - 6}" y="${margin.top + 4}" text-anchor="end">${top}</text>
<text x="${margin.left - 6}" y="${height - margin.bottom + 4}" text-anchor="end">0</text>
<text x="${(width + margin.left) / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(name)}</text>
<text transform="translate(16 ${height / 2}) rotate(-90)" text-anchor="middle">count</text>
</svg>
`;
}
