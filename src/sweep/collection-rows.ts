import type { FunctionJob } from '../api/functions.ts';
import { numericValue, type SweepRow, type TaggedJob } from './rows.ts';

/** A function job of a collection, as a row of the sweep table. */
export interface CollectionMember extends TaggedJob {
  functionJob: FunctionJob;
}

/**
 * The swept inputs of a collection: the keys whose numeric values differ between its
 * function jobs (a map over a grid varies exactly those), in the order the inputs list them.
 */
export function sweptInputs(jobs: readonly FunctionJob[]): string[] {
  const seen = new Map<string, Set<number>>();
  for (const job of jobs) {
    for (const [key, value] of Object.entries(job.inputs ?? {})) {
      const number = numericValue(value);
      if (number === undefined) continue;
      seen.set(key, (seen.get(key) ?? new Set()).add(number));
    }
  }
  return [...seen.entries()].filter(([, values]) => values.size > 1).map(([key]) => key);
}

/** One row per function job, in the collection's order, with its swept values. */
export function collectionRows(
  collectionId: string,
  jobs: readonly FunctionJob[],
): {
  inputs: string[];
  rows: SweepRow<CollectionMember>[];
} {
  const inputs = sweptInputs(jobs);
  const rows = jobs.map((functionJob, index) => {
    const values: Record<string, number> = {};
    for (const key of inputs) {
      const number = numericValue(functionJob.inputs?.[key]);
      if (number !== undefined) values[key] = number;
    }
    const member: CollectionMember = {
      job: { id: functionJob.uid, created_at: functionJob.created_at },
      tag: { sweepId: collectionId, index, size: jobs.length, inputs, values, attempt: 1 },
      functionJob,
    };
    return { index, values, current: member, replaced: [] };
  });
  return { inputs, rows };
}
