import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinSolversDir, configFromEnv } from '../config.ts';
import { openDatabase } from '../db.ts';
import { ApiError, type ValidationIssue } from '../errors.ts';
import { type Catalog, loadCatalog } from '../services/catalog.ts';
import { type ApiFile, FileService } from '../services/files.ts';
import { type InputPortSpec, inputPortSpecsOf, resolveJobInputs } from '../services/inputs.ts';
import type { SolverRelease } from '../services/release.ts';
import { makeDataDir, startTestHost, type TestHost } from './harness.ts';

type Schema = Record<string, unknown>;
type Values = Record<string, unknown>;

const quietLog = { warn() {}, info() {}, error() {}, debug() {}, trace() {}, fatal() {}, child: () => quietLog };

/** The JSON types a schema admits (`type` may be one name or a list). */
function typesOf(schema: Schema): string[] {
  const type = schema.type;
  if (Array.isArray(type)) return type as string[];
  return typeof type === 'string' ? [type] : [];
}

/** Values that satisfy a port's schema: the kinds the built-in solvers use (bounds, enums, arrays, objects, null). */
function validValue(schema: Schema): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const options = typesOf(schema).map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'string':
        return fc.string({ maxLength: 40 });
      case 'integer':
        return fc.integer({
          min: (schema.minimum as number | undefined) ?? -1_000_000,
          max: (schema.maximum as number | undefined) ?? 1_000_000,
        });
      case 'number': {
        const exclusiveMin = schema.exclusiveMinimum as number | undefined;
        return fc.double({
          min: (schema.minimum as number | undefined) ?? exclusiveMin ?? -1e9,
          max: (schema.maximum as number | undefined) ?? 1e9,
          minExcluded: exclusiveMin !== undefined,
          noNaN: true,
          noDefaultInfinity: true,
        });
      }
      case 'array':
        return fc.array(validValue(schema.items as Schema), {
          minLength: (schema.minItems as number | undefined) ?? 0,
          maxLength: Math.min((schema.maxItems as number | undefined) ?? 5, 5),
        });
      case 'object': {
        const properties = (schema.properties ?? {}) as Record<string, Schema>;
        return fc.record(
          Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, validValue(property)])),
          { requiredKeys: (schema.required ?? []) as string[] },
        );
      }
      default:
        throw new Error(`No generator for schema type ${type}`);
    }
  });
  return fc.oneof(...options);
}

/** A value of the wrong JSON type for the schema, one that no lenient coercion can turn into a right one. */
function wrongType(schema: Schema): fc.Arbitrary<unknown> {
  const types = typesOf(schema);
  if (Array.isArray(schema.enum)) {
    return fc.string({ minLength: 1 }).filter((text) => !(schema.enum as unknown[]).includes(text));
  }
  const candidates: fc.Arbitrary<unknown>[] = [fc.constant({ not: 'a value' }), fc.constant([{ nested: [] }])];
  if (!types.includes('string') && !types.includes('boolean')) {
    candidates.push(fc.constantFrom('three', 'NaN', 'Infinity', '', '1e', '0x1g'));
  }
  if (types.includes('boolean')) candidates.push(fc.constantFrom('maybe', 'yes please', '2'));
  return fc.oneof(...candidates).filter((value) => !(types.includes('object') && isPlainObject(value)));
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A number just outside the schema's bounds, or undefined when it has none. */
function outOfRange(schema: Schema): fc.Arbitrary<unknown> | undefined {
  const types = typesOf(schema);
  const ranges: fc.Arbitrary<unknown>[] = [];
  const isInteger = types.includes('integer');
  const step = (n: number) => (isInteger ? Math.max(1, Math.ceil(n)) : n);
  const above = fc.double({ min: 1e-6, max: 1e6, noNaN: true }).map(step);
  if (typeof schema.minimum === 'number') ranges.push(above.map((d) => (schema.minimum as number) - d));
  if (typeof schema.maximum === 'number') ranges.push(above.map((d) => (schema.maximum as number) + d));
  if (typeof schema.exclusiveMinimum === 'number') {
    ranges.push(fc.double({ min: 0, max: 1e6, noNaN: true }).map((d) => (schema.exclusiveMinimum as number) - d));
  }
  if (isInteger) ranges.push(fc.integer({ min: -1000, max: 1000 }).map((n) => n + 0.5));
  if (types.includes('array') && typeof schema.maxItems === 'number') {
    ranges.push(
      fc.array(validValue(schema.items as Schema), {
        minLength: (schema.maxItems as number) + 1,
        maxLength: (schema.maxItems as number) + 3,
      }),
    );
  }
  if (types.includes('object') && schema.additionalProperties === false) {
    ranges.push(
      validValue(schema).map((value) => ({
        ...(value as object),
        [`unknown_${Object.keys(value as object).length}`]: 1,
      })),
    );
  }
  if (types.includes('object') && Array.isArray(schema.required) && schema.required.length) {
    const required = schema.required as string[];
    ranges.push(
      fc.tuple(validValue(schema), fc.constantFrom(...required)).map(([value, missing]) => {
        const { [missing]: _dropped, ...rest } = value as Values;
        return rest;
      }),
    );
  }
  return ranges.length ? fc.oneof(...ranges) : undefined;
}

const isFilePort = (port: InputPortSpec) => port.type.startsWith('data:');
const hasDefault = (port: InputPortSpec) =>
  port.defaultValue !== undefined || port.content_schema?.default !== undefined;

/** Valid inputs for a release: every required port, each optional or defaulted one sometimes. */
function validInputs(ports: InputPortSpec[], file: ApiFile): fc.Arbitrary<Values> {
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const port of ports) {
    record[port.key] = isFilePort(port)
      ? fc.constant({ id: file.id, filename: file.filename })
      : validValue(port.content_schema!);
    if (!port.optional && !hasDefault(port)) required.push(port.key);
  }
  return fc.record(record, { requiredKeys: required }) as fc.Arbitrary<Values>;
}

interface Broken {
  values: Values;
  /** The port the refusal must name. */
  offender: string;
  how: string;
}

/** Valid inputs with exactly one thing wrong: a value of the wrong type or out of range, or a missing port (values of no port are accepted, as upstream does). */
function brokenInputs(ports: InputPortSpec[], file: ApiFile): fc.Arbitrary<Broken> {
  const breakers: fc.Arbitrary<Broken>[] = [];
  for (const port of ports) {
    if (isFilePort(port)) {
      breakers.push(
        fc
          .oneof(fc.integer(), fc.string(), fc.constant({ id: '00000000-0000-4000-8000-000000000000' }))
          .map((value) => ({ values: { [port.key]: value }, offender: port.key, how: 'bad file reference' })),
      );
      if (!port.optional) breakers.push(fc.constant({ values: {}, offender: port.key, how: 'missing required' }));
      continue;
    }
    const schema = port.content_schema!;
    breakers.push(
      wrongType(schema).map((value) => ({ values: { [port.key]: value }, offender: port.key, how: 'wrong type' })),
    );
    const range = outOfRange(schema);
    if (range) {
      breakers.push(range.map((value) => ({ values: { [port.key]: value }, offender: port.key, how: 'out of range' })));
    }
  }
  return fc.tuple(validInputs(ports, file), fc.oneof(...breakers)).map(([valid, broken]) => {
    const values = { ...valid, ...broken.values };
    if (broken.how === 'missing required') delete values[broken.offender];
    return { ...broken, values };
  });
}

function refusalOf(run: () => unknown): ValidationIssue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError && error.status === 422) return error.errors as ValidationIssue[];
    throw error;
  }
  throw new Error('the inputs were accepted');
}

let catalog: Catalog;
let files: FileService;
let file: ApiFile;
let dataDir: string;

beforeAll(async () => {
  dataDir = makeDataDir();
  catalog = await loadCatalog([builtinSolversDir], quietLog as never);
  const config = { ...configFromEnv({}), dataDir };
  files = new FileService(openDatabase(dataDir), config);
  fs.writeFileSync(`${dataDir}/input.csv`, 'x\n1\n');
  file = files.toApi(await files.importFile(`${dataDir}/input.csv`, 'input.csv'));
});
afterAll(() => {
  files.db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const lookup = (id: string) => {
  const stored = files.get(id);
  return stored && files.toApi(stored);
};

const releases = (): SolverRelease[] => catalog.releases();

describe('job inputs generated from each built-in solver’s port schemas', () => {
  it('covers every built-in solver', () => {
    expect(new Set(releases().map((release) => release.key))).toEqual(
      new Set([
        'simcore/services/comp/itis/sleeper',
        'simcore/services/comp/local/heat-1d',
        'simcore/services/comp/local/csv-statistics',
      ]),
    );
  });

  it('accepts every valid set of inputs, keeping the given values and filling the defaults', () => {
    for (const release of releases()) {
      const ports = inputPortSpecsOf(catalog, release);
      fc.assert(
        fc.property(validInputs(ports, file), (values) => {
          const resolved = resolveJobInputs(values, ports, lookup);
          for (const port of ports) {
            // null leaves an optional port unset, as if it were not given.
            const given = Object.hasOwn(values, port.key) && !(values[port.key] === null && port.optional);
            if (given) {
              expect(resolved[port.key]).toEqual(isFilePort(port) ? file : values[port.key]);
            } else if (hasDefault(port)) {
              expect(resolved[port.key]).toEqual(port.defaultValue ?? port.content_schema?.default);
            } else {
              expect(Object.hasOwn(resolved, port.key)).toBe(false);
            }
          }
          expect(Object.keys(resolved).every((key) => ports.some((port) => port.key === key))).toBe(true);
        }),
        { numRuns: 200 },
      );
    }
  });

  it('refuses inputs with one thing wrong, naming that port and only that port', () => {
    for (const release of releases()) {
      const ports = inputPortSpecsOf(catalog, release);
      fc.assert(
        fc.property(brokenInputs(ports, file), ({ values, offender, how }) => {
          const issues = refusalOf(() => resolveJobInputs(values, ports, lookup));
          // One port is wrong, so every issue names it (a value may break two rules of it, as 65.5 for an
          // integer ≤ 65, and an object's issues go on to name the field inside it, as upstream's do).
          expect(
            new Set(issues.map((issue) => JSON.stringify(issue.loc.slice(0, 3)))),
            `${release.key} ${how}`,
          ).toEqual(new Set([JSON.stringify(['body', 'values', offender])]));
          // The port is named by loc; the message says what is wrong as a sentence in upstream's
          // (pydantic's) words ("Input should be ...", "List should have at most ..."), not AJV's "must ..."; the host's own checks name the port.
          const { msg } = issues[0]!;
          expect(msg.includes(offender) || /^[A-Z][a-z]+ .+/.test(msg), `${how}: ${msg}`).toBe(true);
        }),
        { numRuns: 300 },
      );
    }
  });
});

describe('generated job inputs through the API', () => {
  let host: TestHost;
  let uploaded: ApiFile;
  beforeAll(async () => {
    host = await startTestHost();
    const form = new FormData();
    form.append('file', new Blob(['x\n1\n2\n'], { type: 'text/csv' }), 'numbers.csv');
    uploaded = (await (await host.fetch('/v0/files/content', { method: 'PUT', body: form })).json()) as ApiFile;
  });
  afterAll(async () => {
    await host.close();
  });

  const jobsOf = (release: SolverRelease) =>
    `/v0/solvers/${encodeURIComponent(release.key)}/releases/${release.version}/jobs`;

  it('creates jobs from valid inputs and refuses broken ones with 422 naming the port', async () => {
    for (const release of releases()) {
      const ports = inputPortSpecsOf(catalog, release);
      await fc.assert(
        fc.asyncProperty(validInputs(ports, uploaded), async (values) => {
          await host.json(jobsOf(release), { method: 'POST', body: { values }, expect: 201 });
        }),
        { numRuns: 3 },
      );
      await fc.assert(
        fc.asyncProperty(brokenInputs(ports, uploaded), async ({ values, offender }) => {
          const refused = await host.json<{ errors: ValidationIssue[] }>(jobsOf(release), {
            method: 'POST',
            body: { values },
            expect: 422,
          });
          expect(new Set(refused.errors.map((issue) => JSON.stringify(issue.loc.slice(0, 3))))).toEqual(
            new Set([JSON.stringify(['body', 'values', offender])]),
          );
        }),
        { numRuns: 4 },
      );
    }
  });
});
