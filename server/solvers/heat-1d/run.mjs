#!/usr/bin/env node
// 1-D heat equation dT/dt = a d2T/dx2 on a rod, by finite differences in space and a
// theta scheme in time (implicit, Crank-Nicolson or explicit). Reads inputs.json, writes
// outputs.json, profile.csv and profile.svg.
import fs from 'node:fs';
import path from 'node:path';

const inputFolder = process.env.INPUT_FOLDER;
const outputFolder = process.env.OUTPUT_FOLDER;

function fail(message) {
  console.error(`ERROR: ${message}`);
  process.exit(1);
}

function number(value, name, { min = -Infinity, above = -Infinity, max = Infinity } = {}) {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) fail(`${name} must be a number, got ${JSON.stringify(value)}`);
  if (n < min) fail(`${name} must be at least ${min}, got ${n}`);
  if (n <= above) fail(`${name} must be greater than ${above}, got ${n}`);
  if (n > max) fail(`${name} must be at most ${max}, got ${n}`);
  return n;
}

if (!inputFolder || !outputFolder) fail('INPUT_FOLDER and OUTPUT_FOLDER must be set');
let inputs;
try {
  inputs = JSON.parse(fs.readFileSync(path.join(inputFolder, 'inputs.json'), 'utf8'));
} catch (error) {
  fail(`cannot read inputs.json: ${error.message}`);
}

const ABSOLUTE_ZERO = -273.15;
const length = number(inputs.length ?? 0.1, 'length', { above: 0 });
const diffusivity = number(inputs.diffusivity ?? 1.2e-5, 'diffusivity', { above: 0 });
const cells = number(inputs.cells ?? 50, 'cells', { min: 2, max: 2000 });
if (!Number.isInteger(cells)) fail(`cells must be an integer, got ${cells}`);
const initialTemperature = number(inputs.initial_temperature ?? 20, 'initial_temperature', { min: ABSOLUTE_ZERO });
const hotSpots = inputs.hot_spots ?? [{ position: 0.05, width: 0.02, temperature: 100 }];
if (!Array.isArray(hotSpots)) fail('hot_spots must be a list of {position, width, temperature}');
const boundary = inputs.boundary_condition ?? 'fixed_temperature';
if (!['fixed_temperature', 'insulated'].includes(boundary)) {
  fail(`boundary_condition must be fixed_temperature or insulated, got ${JSON.stringify(boundary)}`);
}
const boundaryTemperature =
  inputs.boundary_temperature === undefined || inputs.boundary_temperature === null
    ? initialTemperature
    : number(inputs.boundary_temperature, 'boundary_temperature', { min: ABSOLUTE_ZERO });
const settings = inputs.solver ?? {};
const requestedStep = number(settings.time_step ?? 0.5, 'solver.time_step', { above: 0 });
const endTime = number(settings.end_time ?? 60, 'solver.end_time', { above: 0 });
const scheme = settings.scheme ?? 'implicit';
const theta = { implicit: 1, crank_nicolson: 0.5, explicit: 0 }[scheme];
if (theta === undefined)
  fail(`solver.scheme must be implicit, crank_nicolson or explicit, got ${JSON.stringify(scheme)}`);

// Grid: cells + 1 nodes from 0 to length.
const nodes = cells + 1;
const dx = length / cells;
const x = Array.from({ length: nodes }, (_, i) => i * dx);
const steps = Math.ceil(endTime / requestedStep - 1e-9);
const dt = endTime / steps;
if (steps * nodes > 2e8) fail(`${steps} time steps on ${nodes} nodes is too much work; use a larger solver.time_step`);
const r = (diffusivity * dt) / (dx * dx);
if (theta === 0 && r > 0.5) {
  const stable = (0.5 * dx * dx) / diffusivity;
  fail(`the explicit scheme is unstable with time step ${dt} s on this grid; use at most ${stable.toPrecision(3)} s`);
}

// Initial condition.
const initial = new Float64Array(nodes).fill(initialTemperature);
hotSpots.forEach((spot, index) => {
  const name = `hot_spots[${index}]`;
  if (typeof spot !== 'object' || spot === null) fail(`${name} must be {position, width, temperature}`);
  const position = number(spot.position, `${name}.position`, { min: 0 });
  const width = number(spot.width, `${name}.width`, { above: 0 });
  const temperature = number(spot.temperature, `${name}.temperature`, { min: ABSOLUTE_ZERO });
  if (position > length) fail(`${name}.position ${position} m lies outside the rod (length ${length} m)`);
  let touched = 0;
  for (let i = 0; i < nodes; i++) {
    if (Math.abs(x[i] - position) <= width / 2 + 1e-12) {
      initial[i] = temperature;
      touched++;
    }
  }
  if (touched === 0) console.log(`Warning: ${name} is narrower than one cell (${dx} m) and heats no node`);
});
const fixed = boundary === 'fixed_temperature';
if (fixed) {
  initial[0] = boundaryTemperature;
  initial[nodes - 1] = boundaryTemperature;
}

console.log(`Rod of ${length} m, diffusivity ${diffusivity} m²/s, ${cells} cells (dx = ${dx.toPrecision(4)} m)`);
console.log(
  fixed
    ? `Ends held at ${boundaryTemperature} °C`
    : 'Insulated ends: no heat leaves the rod, the mean temperature stays constant',
);
console.log(`${hotSpots.length} hot spot(s) on a rod at ${initialTemperature} °C`);
console.log(`Scheme ${scheme}: ${steps} steps of ${dt.toPrecision(4)} s up to ${endTime} s (r = ${r.toPrecision(4)})`);

/** Mean along the rod (trapezoid rule), the quantity insulated ends conserve. */
function meanOf(t) {
  let sum = 0;
  for (let i = 0; i < nodes - 1; i++) sum += (t[i] + t[i + 1]) / 2;
  return sum / cells;
}
function maxOf(t) {
  return t.reduce((a, b) => Math.max(a, b), -Infinity);
}

// Second-difference operator A (T_i-1 - 2T_i + T_i+1); insulated ends mirror their neighbour.
// Step: (I - theta r A) T' = (I + (1 - theta) r A) T, solved with the Thomas algorithm.
const lower = new Float64Array(nodes);
const diag = new Float64Array(nodes);
const upper = new Float64Array(nodes);
for (let i = 0; i < nodes; i++) {
  lower[i] = -theta * r;
  diag[i] = 1 + 2 * theta * r;
  upper[i] = -theta * r;
}
if (fixed) {
  diag[0] = 1;
  upper[0] = 0;
  diag[nodes - 1] = 1;
  lower[nodes - 1] = 0;
} else {
  upper[0] = -2 * theta * r;
  lower[nodes - 1] = -2 * theta * r;
}
const scratchC = new Float64Array(nodes);
const scratchD = new Float64Array(nodes);
function solveTridiagonal(rhs, out) {
  scratchC[0] = upper[0] / diag[0];
  scratchD[0] = rhs[0] / diag[0];
  for (let i = 1; i < nodes; i++) {
    const m = diag[i] - lower[i] * scratchC[i - 1];
    scratchC[i] = upper[i] / m;
    scratchD[i] = (rhs[i] - lower[i] * scratchD[i - 1]) / m;
  }
  out[nodes - 1] = scratchD[nodes - 1];
  for (let i = nodes - 2; i >= 0; i--) out[i] = scratchD[i] - scratchC[i] * out[i + 1];
}

let t = Float64Array.from(initial);
let next = new Float64Array(nodes);
const rhs = new Float64Array(nodes);
const explicitWeight = (1 - theta) * r;
const reportEvery = Math.max(1, Math.floor(steps / 20));
for (let step = 1; step <= steps; step++) {
  for (let i = 1; i < nodes - 1; i++) rhs[i] = t[i] + explicitWeight * (t[i - 1] - 2 * t[i] + t[i + 1]);
  if (fixed) {
    rhs[0] = boundaryTemperature;
    rhs[nodes - 1] = boundaryTemperature;
  } else {
    rhs[0] = t[0] + explicitWeight * 2 * (t[1] - t[0]);
    rhs[nodes - 1] = t[nodes - 1] + explicitWeight * 2 * (t[nodes - 2] - t[nodes - 1]);
  }
  if (theta === 0) next.set(rhs);
  else solveTridiagonal(rhs, next);
  [t, next] = [next, t];
  if (step % reportEvery === 0 || step === steps) {
    console.log(`[PROGRESS] ${step}/${steps}...`);
    console.log(`t = ${(step * dt).toFixed(2)} s: max ${maxOf(t).toFixed(3)} °C, mean ${meanOf(t).toFixed(3)} °C`);
  }
}
if (!t.every(Number.isFinite)) fail('the solution diverged; use a smaller solver.time_step');

const maxTemperature = maxOf(t);
const meanTemperature = meanOf(t);
fs.mkdirSync(outputFolder, { recursive: true });
fs.writeFileSync(
  path.join(outputFolder, 'outputs.json'),
  `${JSON.stringify({ max_temperature: maxTemperature, mean_temperature: meanTemperature })}\n`,
);
const csv = ['x_m,initial_C,final_C', ...x.map((xi, i) => `${xi},${initial[i]},${t[i]}`)].join('\n');
fs.writeFileSync(path.join(outputFolder, 'profile.csv'), `${csv}\n`);
fs.writeFileSync(path.join(outputFolder, 'profile.svg'), plot(x, initial, t));
console.log(`Final: max ${maxTemperature.toFixed(3)} °C, mean ${meanTemperature.toFixed(3)} °C`);
console.log('Wrote profile.csv and profile.svg');

/** A line plot of the initial (dashed) and final profiles with labelled axes. */
function plot(xs, before, after) {
  const width = 640;
  const height = 400;
  const margin = { left: 60, right: 20, top: 30, bottom: 50 };
  const lowT = Math.min(...before, ...after);
  const highT = Math.max(...before, ...after);
  const spanT = highT - lowT || 1;
  const sx = (v) => margin.left + (v / length) * (width - margin.left - margin.right);
  const sy = (v) => height - margin.bottom - ((v - lowT) / spanT) * (height - margin.top - margin.bottom);
  const line = (ys) => xs.map((xi, i) => `${sx(xi).toFixed(1)},${sy(ys[i]).toFixed(1)}`).join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const xTicks = ticks
    .map(
      (f) =>
        `<text x="${sx(f * length)}" y="${height - margin.bottom + 18}" text-anchor="middle">${+(f * length).toPrecision(3)}</text>`,
    )
    .join('');
  const yTicks = ticks
    .map(
      (f) =>
        `<text x="${margin.left - 6}" y="${sy(lowT + f * spanT) + 4}" text-anchor="end">${+(lowT + f * spanT).toPrecision(4)}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="sans-serif" font-size="12">
<title>Temperature along the rod</title>
<rect width="100%" height="100%" fill="white"/>
<g stroke="black"><line x1="${margin.left}" y1="${height - margin.bottom}" x2="${width - margin.right}" y2="${height - margin.bottom}"/><line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${height - margin.bottom}"/></g>
${xTicks}${yTicks}
<text x="${(width + margin.left) / 2}" y="${height - 12}" text-anchor="middle">position (m)</text>
<text transform="translate(16 ${height / 2}) rotate(-90)" text-anchor="middle">temperature (°C)</text>
<polyline fill="none" stroke="#999" stroke-dasharray="4 3" points="${line(before)}"/>
<polyline fill="none" stroke="#c0392b" stroke-width="2" points="${line(after)}"/>
<text x="${width - margin.right}" y="18" text-anchor="end"><tspan fill="#999">initial</tspan> / <tspan fill="#c0392b">t = ${endTime} s</tspan></text>
</svg>
`;
}
