import { INPUTS_METADATA_KEY } from '../../api/job-inputs.ts';
import { isNodeRunKey } from '../../api/studies.ts';
import type { MetaValue } from '../../api/types.ts';
import { isSweepKey, SWEEP_KEY_PREFIX } from '../../sweep/metadata.ts';

/** The longest key the API takes. */
const LABEL_KEY_MAX = 200;

type LabelType = 'string' | 'number' | 'boolean';

/** One editable label as the form holds it: text, plus the type its value had when read. */
export interface LabelRow {
  key: string;
  value: string;
  type: LabelType;
}

/** Whether a metadata key is one of the user's labels, not a key the dashboard writes for itself. */
export function isLabelKey(key: string): boolean {
  return !isSweepKey(key) && !isNodeRunKey(key) && key !== INPUTS_METADATA_KEY;
}

interface SplitLabels {
  editable: LabelRow[];
  /** Sweep keys, kept as they are when the map is saved. */
  readOnly: [string, MetaValue][];
  /** The dashboard's record of the job's inputs: not shown, kept as it is when the map is saved. */
  kept: [string, MetaValue][];
}

/** A job's metadata map split into the labels the user edits and the sweep's read-only keys. */
export function splitLabels(metadata: Record<string, MetaValue>): SplitLabels {
  const editable: LabelRow[] = [];
  const readOnly: [string, MetaValue][] = [];
  const kept: [string, MetaValue][] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (isSweepKey(key) || isNodeRunKey(key)) readOnly.push([key, value]);
    else if (!isLabelKey(key)) kept.push([key, value]);
    else editable.push({ key, value: String(value), type: typeof value as LabelType });
  }
  return { editable, readOnly, kept };
}

/** The value to send: a number or boolean stays one while its text still reads as one, else text. */
export function labelValue(row: LabelRow): MetaValue {
  const text = row.value;
  if (row.type === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (row.type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** The whole map to PATCH: the edited labels plus the sweep's keys unchanged. */
export function metadataFromLabels(rows: readonly LabelRow[], readOnly: readonly [string, MetaValue][]) {
  const metadata: Record<string, MetaValue> = Object.fromEntries(readOnly);
  for (const row of rows) metadata[row.key.trim()] = labelValue(row);
  return metadata;
}

/** What is wrong with a row's key, if anything: empty, too long, taken by the sweep, or used twice. */
export function labelKeyProblem(rows: readonly LabelRow[], index: number): string | undefined {
  const key = rows[index]?.key.trim() ?? '';
  if (!key) return 'Enter a key.';
  if (key.length > LABEL_KEY_MAX) return `A key has at most ${LABEL_KEY_MAX} characters.`;
  if (isSweepKey(key)) return `Keys starting with “${SWEEP_KEY_PREFIX}” belong to parameter sweeps.`;
  const uses = rows.filter((row) => row.key.trim() === key).length;
  if (uses > 1) return `The key “${key}” is used twice.`;
  return undefined;
}
