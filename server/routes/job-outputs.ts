import { LosslessNumber, stringify } from 'lossless-json';

/**
 * A number as a JSON float literal: 8 → `8.0`. Upstream sends every number of
 * `JobOutputs.results` as a float, and the osparc Python client keeps the JSON literal's kind
 * (`8` → int, `8.0` → float): the seed tutorial asserts `isinstance(output, float)`.
 */
export function floatLiteral(value: number): LosslessNumber {
  const text = String(value);
  // "1e+21" and "0.5" already read as floats; NaN and infinities never reach here (outputs are JSON).
  return new LosslessNumber(/[.eE]/.test(text) ? text : `${text}.0`);
}

/** `JobOutputs` as JSON text, each number among the results a float literal. */
export function jobOutputsJson(jobId: string, results: Record<string, unknown>): string {
  const floated = Object.fromEntries(
    Object.entries(results).map(([key, value]) => [key, typeof value === 'number' ? floatLiteral(value) : value]),
  );
  return stringify({ job_id: jobId, results: floated }) ?? '{}';
}
