import { ApiError, isNoSuchRoute } from './client.ts';
import type { JobInputs, MetaValue } from './types.ts';

/**
 * The custom-metadata key under which the dashboard records the inputs it creates a job with.
 * The spec has no route that reads a job's inputs back (the embedded host's `/inputs` is its
 * own extension), but every host keeps custom metadata: so "Run again" and "Compare" work on a
 * real deployment too, for the jobs this dashboard created.
 */
export const INPUTS_METADATA_KEY = 'dashboard_inputs';

/** The metadata entry that records `values` (metadata values are strings, numbers or booleans: JSON text). */
export function inputsMetadata(values: JobInputs['values']): Record<string, MetaValue> {
  return { [INPUTS_METADATA_KEY]: JSON.stringify(values) };
}

/** The inputs recorded in a job's metadata, or undefined when there is no readable record. */
export function inputsFromMetadata(metadata: Record<string, MetaValue> | undefined): JobInputs | undefined {
  const text = metadata?.[INPUTS_METADATA_KEY];
  if (typeof text !== 'string') return undefined;
  try {
    const values: unknown = JSON.parse(text);
    if (values && typeof values === 'object' && !Array.isArray(values)) {
      return { values: values as JobInputs['values'] };
    }
  } catch {
    // edited by hand into something else: as good as no record
  }
  return undefined;
}

/**
 * The inputs a job (solver or study) was created with: from the embedded host's own `/inputs`
 * route, else (any other host) from the record this dashboard keeps in the job's custom metadata.
 */
export async function readJobInputs(
  fromRoute: () => Promise<JobInputs>,
  fromMetadata: () => Promise<{ metadata: Record<string, MetaValue> }>,
): Promise<JobInputs> {
  try {
    return await fromRoute();
  } catch (error) {
    if (!isNoSuchRoute(error)) throw error;
  }
  const recorded = inputsFromMetadata((await fromMetadata()).metadata);
  if (recorded) return recorded;
  throw new ApiError(
    'This API host does not give a job’s inputs back, and this job has no record of them: it was not created from this dashboard.',
    404,
  );
}
