import type { ArgumentValue, OsparcFile } from '../api/types.ts';
import { isOsparcFile } from '../api/types.ts';
import { identifierOf } from './literals.ts';

/** What a script reproduces: one run of a solver release with these input values. */
export interface CodeExportSpec {
  solverKey: string;
  version: string;
  /** `JobInputs.values`: file ports hold `File` references. */
  values: Record<string, ArgumentValue>;
  /** The job the values come from, named in the script's comments. */
  jobId?: string;
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
  return `Runs the solver ${oneLine(spec.solverKey)} ${oneLine(spec.version)}${from}`;
}

/** Text from the API, put in a comment: line breaks would end the comment, so they become spaces. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** A name for the downloaded script: `sleeper-2.1.6.py`. */
export function scriptFileName(spec: CodeExportSpec, extension: 'py' | 'sh'): string {
  const name = (spec.solverKey.split('/').pop() || 'solver').replace(/[^A-Za-z0-9._-]/g, '_');
  return `${name}-${spec.version.replace(/[^A-Za-z0-9._-]/g, '_')}.${extension}`;
}
