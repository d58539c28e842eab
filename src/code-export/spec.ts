import { solverShortName } from '../api/solvers.ts';
import type { ArgumentValue, OsparcFile } from '../api/types.ts';
import { isOsparcFile } from '../api/types.ts';
import { gridSize, type SweepAxis } from '../sweep/grid.ts';
import { identifierOf } from './literals.ts';

/** What a script reproduces: one run of a solver release with these input values. */
export interface CodeExportSpec {
  solverKey: string;
  version: string;
  /** `JobInputs.values`: file ports hold `File` references. */
  values: Record<string, ArgumentValue>;
  /** The job the values come from, named in the script's comments. */
  jobId?: string;
  /**
   * Swept inputs: the script runs one job per combination of their values (the first input
   * varies slowest) instead of one job, and tags the jobs as the dashboard tags a sweep.
   * Their entries in `values` are ignored.
   */
  sweep?: SweepAxis[];
}

/** The spec's swept inputs, when it sweeps any. */
export function sweptAxes(spec: CodeExportSpec): SweepAxis[] {
  return (spec.sweep ?? []).filter((axis) => axis.values.length > 0);
}

/** The values without the swept inputs (those come from the sweep). */
export function fixedValues(spec: CodeExportSpec): Record<string, ArgumentValue> {
  const swept = new Set(sweptAxes(spec).map((axis) => axis.port));
  return Object.fromEntries(Object.entries(spec.values).filter(([port]) => !swept.has(port)));
}

export interface FileInput {
  port: string;
  file: OsparcFile;
  /** The variable that holds the uploaded file in the script. */
  variable: string;
}

export interface SplitInputs {
  files: FileInput[];
  /** Every other value, as JSON-like data. */
  plain: Record<string, ArgumentValue>;
}

/** File inputs (uploaded by the script) apart from plain values (written as literals). */
export function splitInputs(values: Record<string, ArgumentValue>): SplitInputs {
  const files: FileInput[] = [];
  const plain: Record<string, ArgumentValue> = {};
  for (const [port, value] of Object.entries(values)) {
    if (isOsparcFile(value)) files.push({ port, file: value, variable: `${identifierOf(port)}_file` });
    else plain[port] = value;
  }
  return { files, plain };
}

/** What the script's first comment says it runs. */
export function runsWhat(spec: CodeExportSpec): string {
  const from = spec.jobId ? ` with the inputs of job ${spec.jobId}` : '';
  const axes = sweptAxes(spec);
  const jobs = gridSize(axes);
  const sweep = axes.length
    ? ` as a sweep of ${jobs} job${jobs === 1 ? '' : 's'} over ${axes.map((axis) => oneLine(axis.port)).join(' × ')}`
    : '';
  return `Runs the solver ${oneLine(spec.solverKey)} ${oneLine(spec.version)}${from}${sweep}`;
}

/** Text from the API, put in a comment: line breaks would end the comment, so they become spaces. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** The kinds of file a run is exported as: a Python script, a shell script, a notebook. */
export type ScriptExtension = 'py' | 'sh' | 'ipynb';

/** A name for the downloaded script: `sleeper-2.1.6.py`. */
export function scriptFileName(spec: CodeExportSpec, extension: ScriptExtension): string {
  const name = (solverShortName(spec.solverKey) || 'solver').replace(/[^A-Za-z0-9._-]/g, '_');
  return `${name}-${spec.version.replace(/[^A-Za-z0-9._-]/g, '_')}.${extension}`;
}
