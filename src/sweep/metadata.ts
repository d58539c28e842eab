import type { MetaValue } from '../api/types.ts';

/**
 * A sweep lives in its jobs' custom metadata on the API host (not in the browser), so any
 * client finds it again. Keys, all starting with `sweep` (the job page shows them read-only):
 *
 * - `sweep_id`: the sweep's UUID, shared by its jobs (`metadata.any=sweep_id:<id>` lists them);
 * - `sweep_index`: the job's place in the grid, 0 … size − 1;
 * - `sweep_size`: how many jobs the grid has;
 * - `sweep_inputs`: the swept port keys, comma-separated, in grid order (first varies slowest);
 * - `sweep_attempt`: 1 for the first job of an index, +1 for each retry; the highest wins;
 * - `sweep.<port>`: the value this job gives the swept port, e.g. `sweep.input_2: 3`.
 */
/** The start every sweep key shares. */
export const SWEEP_KEY_PREFIX = 'sweep';

export const SWEEP_KEYS = {
  id: `${SWEEP_KEY_PREFIX}_id`,
  index: `${SWEEP_KEY_PREFIX}_index`,
  size: `${SWEEP_KEY_PREFIX}_size`,
  inputs: `${SWEEP_KEY_PREFIX}_inputs`,
  attempt: `${SWEEP_KEY_PREFIX}_attempt`,
  valuePrefix: `${SWEEP_KEY_PREFIX}.`,
} as const;

/** Whether a metadata key is one the sweep feature writes. */
export function isSweepKey(key: string): boolean {
  return key.startsWith(SWEEP_KEY_PREFIX);
}

/** What a job's metadata says about its place in a sweep. */
export interface SweepTag {
  sweepId: string;
  index: number;
  size: number;
  /** Swept port keys in grid order. */
  inputs: string[];
  /** The swept ports' values for this job. */
  values: Record<string, number>;
  attempt: number;
}

/** The metadata map of a sweep job. */
export function sweepMetadata(tag: SweepTag): Record<string, MetaValue> {
  const metadata: Record<string, MetaValue> = {
    [SWEEP_KEYS.id]: tag.sweepId,
    [SWEEP_KEYS.index]: tag.index,
    [SWEEP_KEYS.size]: tag.size,
    [SWEEP_KEYS.inputs]: tag.inputs.join(','),
    [SWEEP_KEYS.attempt]: tag.attempt,
  };
  for (const port of tag.inputs) {
    const value = tag.values[port];
    if (value !== undefined) metadata[`${SWEEP_KEYS.valuePrefix}${port}`] = value;
  }
  return metadata;
}

function integerOf(value: MetaValue | undefined): number | undefined {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : Number.NaN;
  return Number.isInteger(number) ? number : undefined;
}

/** A job's sweep tag, or `null` when its metadata does not describe a sweep job. */
export function readSweepTag(metadata: Record<string, MetaValue> | undefined): SweepTag | null {
  if (!metadata) return null;
  const sweepId = metadata[SWEEP_KEYS.id];
  const index = integerOf(metadata[SWEEP_KEYS.index]);
  const size = integerOf(metadata[SWEEP_KEYS.size]);
  if (typeof sweepId !== 'string' || !sweepId || index === undefined || size === undefined) return null;
  const inputsText = metadata[SWEEP_KEYS.inputs];
  const inputs = typeof inputsText === 'string' ? inputsText.split(',').filter(Boolean) : [];
  const values: Record<string, number> = {};
  for (const port of inputs) {
    const value = metadata[`${SWEEP_KEYS.valuePrefix}${port}`];
    const number = typeof value === 'number' ? value : Number(value);
    if (Number.isFinite(number)) values[port] = number;
  }
  return { sweepId, index, size, inputs, values, attempt: integerOf(metadata[SWEEP_KEYS.attempt]) ?? 1 };
}

/** The API's filter listing one sweep's jobs. */
export function sweepFilter(sweepId: string): string {
  return `${SWEEP_KEYS.id}:${sweepId}`;
}

/**
 * A sweep run through a function (on hosts that have functions) is a function-job collection.
 * Its title names it; its description says, one fact a line, what was swept and by which
 * function, so that the sweeps list shows it beside the sweeps of labelled jobs.
 */
export interface SweepCollectionNaming {
  title: string;
  description: string;
}

const COLLECTION_LINES = { inputs: 'Swept inputs: ', function: 'Function: ' } as const;

export function sweepCollectionNaming(
  fn: { uid: string; title: string },
  inputs: readonly string[],
  size: number,
): SweepCollectionNaming {
  return {
    title: `Sweep of ${fn.title || fn.uid} over ${inputs.join(', ')} (${size} runs)`,
    description: [`${COLLECTION_LINES.inputs}${inputs.join(',')}`, `${COLLECTION_LINES.function}${fn.uid}`].join('\n'),
  };
}

/** What a collection's description says of its sweep, or null for a collection no sweep made. */
export function readSweepCollection(description: string): { inputs: string[]; functionId: string } | null {
  const lines = description.split('\n');
  const value = (start: string) => lines.find((line) => line.startsWith(start))?.slice(start.length);
  const inputs = value(COLLECTION_LINES.inputs);
  const functionId = value(COLLECTION_LINES.function);
  if (inputs === undefined || !functionId) return null;
  return { inputs: inputs.split(',').filter(Boolean), functionId };
}
