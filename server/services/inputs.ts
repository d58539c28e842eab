import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { apiErrors, type ValidationIssue } from '../errors.ts';
import { isFilePort } from '../runner/work-folder.ts';
import { issueWords, locOf } from '../validation-issues.ts';
import type { Catalog } from './catalog.ts';
import type { ApiFile } from './files.ts';
import type { SolverRelease } from './release.ts';

/** What input validation needs to know of one input port. */
export interface InputPortSpec {
  key: string;
  /** `data:<mime>` marks a file port. */
  type: string;
  content_schema: Record<string, unknown> | null;
  defaultValue?: unknown;
  optional?: boolean;
}

// A release's ports never change after the catalog scan, so its specs are derived once.
const specsOfRelease = new WeakMap<SolverRelease, InputPortSpec[]>();

/**
 * The input ports of a release as validation sees them: metadata plus the schema the API shows.
 * Derived once per release and shared by every caller, so never mutated.
 */
export function inputPortSpecsOf(catalog: Catalog, release: SolverRelease): InputPortSpec[] {
  let specs = specsOfRelease.get(release);
  if (specs) return specs;
  const schemas = new Map(
    catalog
      .ports(release)
      .filter((port) => port.kind === 'input')
      .map((port) => [port.key, port.content_schema]),
  );
  specs = Object.entries(release.inputs).map(([key, port]) => ({
    key,
    type: port.type,
    content_schema: schemas.get(key) ?? null,
    defaultValue: port.defaultValue,
    optional: port.optional,
  }));
  specsOfRelease.set(release, specs);
  return specs;
}

/** Looks up a stored file by id; undefined when there is none. */
export type FileLookup = (id: string) => ApiFile | undefined;

// Lenient as the upstream server: "false" is a boolean, "3" an integer, 3 a string where one is wanted.
// verbose: each error carries the value that failed, which picks upstream's words for it.
const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: true, useDefaults: true, verbose: true });
addFormats(ajv);

// Keyed by the schema object: the catalog builds each release's schemas once, at its scan.
const compiled = new WeakMap<Record<string, unknown>, ValidateFunction>();

/** Wraps the port's schema so that AJV can coerce the value in place (it cannot coerce a root value). */
function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile({ type: 'object', properties: { value: schema }, required: ['value'] });
    compiled.set(schema, validate);
  }
  return validate;
}

/** One AJV error of a port's value as a 422 issue located inside the port (["body", "values", "grid", "nx"]). */
function issueOf(error: ErrorObject, key: string): ValidationIssue {
  // The value sits in a { value } holder so that AJV can coerce it: drop that first step.
  const inside = locOf(error).slice(1);
  return { loc: [...loc(key), ...inside], ...issueWords(error), input: error.data };
}

function isFileReference(value: unknown): value is { id: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { id?: unknown }).id === 'string'
  );
}

const loc = (key: string) => ['body', 'values', key];

/** Where in a value a number is infinite or NaN; undefined when nowhere. */
function nonFinitePath(value: unknown, at: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : at;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nonFinitePath(item, [...at, index]);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nonFinitePath(item, [...at, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Checks a job's input values against its release's input ports and answers the values the
 * job runs with: coerced, defaults filled in, and each file reference replaced by the stored
 * File. Every problem is reported at once, as a 422 naming the port.
 */
export function resolveJobInputs(
  values: Record<string, unknown>,
  ports: readonly InputPortSpec[],
  lookupFile: FileLookup,
): Record<string, unknown> {
  const issues: ValidationIssue[] = [];
  const resolved: Record<string, unknown> = {};
  // Keys that are no port of the solver are kept as given, as upstream's create path does
  // (api/routes/solvers_jobs.py converts the values without a per-port check): the job runs
  // without them and its log names them (see ignoredInputKeys).
  const known = new Set(ports.map((port) => port.key));
  for (const key of Object.keys(values)) if (!known.has(key)) resolved[key] = values[key];

  for (const port of ports) {
    const given = Object.hasOwn(values, port.key) ? values[port.key] : undefined;
    const isFile = isFilePort(port);
    if (given === undefined || (given === null && port.optional)) {
      const fallback = port.defaultValue ?? port.content_schema?.default;
      if (fallback !== undefined && !isFile) {
        resolved[port.key] = structuredClone(fallback);
      } else if (!port.optional) {
        issues.push({
          loc: loc(port.key),
          msg: isFile
            ? 'Field required: give a file reference ({"id": ..., "filename": ...}) of an uploaded file'
            : 'Field required: this input has no default value',
          type: 'missing',
        });
      }
      continue;
    }

    if (isFile) {
      if (!isFileReference(given)) {
        issues.push({
          loc: loc(port.key),
          msg: 'Input should be a file reference ({"id": ..., "filename": ...}) of an uploaded file',
          type: 'file_reference',
          input: given,
        });
        continue;
      }
      const file = lookupFile(given.id);
      if (!file) {
        issues.push({
          loc: loc(port.key),
          msg: `Input refers to file ${given.id}, which does not exist`,
          type: 'file_not_found',
          input: given,
        });
        continue;
      }
      resolved[port.key] = file;
      continue;
    }

    if (!port.content_schema) {
      resolved[port.key] = given;
      continue;
    }
    const holder = { value: structuredClone(given) };
    const validate = validatorFor(port.content_schema);
    const valid = validate(holder);
    // "Infinity" coerces to a number and 1e400 parses as one: valid to the schema, but not JSON the solver can read.
    const unbounded = valid ? nonFinitePath(holder.value) : undefined;
    if (unbounded !== undefined) {
      issues.push({
        loc: [...loc(port.key), ...unbounded],
        msg: 'Input should be a finite number',
        type: 'finite_number',
        input: given,
      });
    } else if (valid && holder.value === null && given !== null) {
      // AJV turns "", 0 and false into null where a schema admits null (an optional port):
      // lenient for "false" → false, but not for a value of the wrong type.
      issues.push({
        loc: loc(port.key),
        msg: `${port.key} must be ${JSON.stringify(port.content_schema.type)} or left unset, not ${JSON.stringify(given)}`,
        type: 'type',
        input: given,
      });
    } else if (valid) {
      resolved[port.key] = holder.value;
    } else {
      issues.push(...(validate.errors ?? []).map((error) => issueOf(error, port.key)));
    }
  }

  if (issues.length) throw apiErrors.validation(issues);
  return resolved;
}

/** The keys of a job's values that no input port of its solver takes: the run ignores them. */
export function ignoredInputKeys(values: Record<string, unknown>, ports: Record<string, unknown>): string[] {
  return Object.keys(values).filter((key) => !Object.hasOwn(ports, key));
}
