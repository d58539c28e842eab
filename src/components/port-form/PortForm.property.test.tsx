import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  type ArgumentValue,
  type ContentSchema,
  isOsparcFile,
  type OsparcFile,
  type Page,
  type SolverPort,
} from '../../api/types.ts';
import { type FileSource, FileSourceContext } from './file-source.ts';
import { PortForm } from './PortForm.tsx';
import {
  FILE_REFERENCE_SCHEMA,
  fileReference,
  isRequiredPort,
  type PortFormData,
  portInputKind,
} from './port-schema.ts';

/**
 * The run form over generated input ports: every type a content schema can take (bounded
 * integers and numbers, booleans, enums, formatted and plain strings, arrays, nested objects,
 * nullable types, files) with odd titles (HTML, any Unicode, very long) and units. Whatever the
 * schemas, the form renders, and what it submits (defaults, plus generated valid values for the
 * ports that have none or were picked to be filled) validates against the schemas.
 */

const RUNS = Number(process.env.PORT_FORM_RUNS ?? 40);

/** One generated input: its schema, a valid value for it, and whether it has a default. */
interface GeneratedPort {
  schema: ContentSchema;
  /** A valid value, given to the form for ports that have no default (and some that do). */
  value: unknown;
}

const STORED_FILES: OsparcFile[] = [
  { id: 'f-1', filename: 'rod.csv', content_type: 'text/csv', checksum: 'c1', e_tag: 'e1' },
  { id: 'f-2', filename: '<b>mesh</b>.vtk', content_type: null, checksum: null, e_tag: null },
];

const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('<img src=x onerror="window.__xss=1">', '<script>window.__xss=1</script>', '&amp; "quoted" \u202e'),
  fc.string({ unit: 'grapheme-ascii', minLength: 300, maxLength: 600 }),
);
const title = fc.option(text, { nil: undefined });
const description = fc.option(text, { nil: undefined });
const unit = fc.option(fc.constantFrom('second', 'meter', 'm/s²', 'µm', '<i>K</i>'), { nil: undefined });

/** Labels of a schema: title, description, and unit only where the dashboard shows one. */
function labelled<T extends object>(schema: T) {
  return fc
    .record({ title, description, x_unit: unit })
    .map((labels) =>
      Object.fromEntries(Object.entries({ ...labels, ...schema }).filter(([, value]) => value !== undefined)),
    );
}

function withDefault(port: { schema: ContentSchema; value: unknown }): fc.Arbitrary<GeneratedPort> {
  return fc
    .boolean()
    .map((hasDefault) => (hasDefault ? { ...port, schema: { ...port.schema, default: port.value } } : port));
}

function nullable(schema: ContentSchema): fc.Arbitrary<ContentSchema> {
  return fc
    .boolean()
    .map((orNull) => (orNull && typeof schema.type === 'string' ? { ...schema, type: [schema.type, 'null'] } : schema));
}

const bounded = (type: 'integer' | 'number') =>
  fc
    .record({
      minimum: fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: undefined }),
      span: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
    })
    .chain(({ minimum, span }) => {
      const maximum = span === undefined ? undefined : (minimum ?? -1000) + span;
      const low = minimum ?? (maximum ?? 0) - 1000;
      const high = maximum ?? low + 2000;
      const value =
        type === 'integer'
          ? fc.integer({ min: low, max: high })
          : fc
              .double({ min: low, max: high, noNaN: true, noDefaultInfinity: true })
              .map((n) => (Object.is(n, -0) ? 0 : n));
      return fc.record({
        schema: labelled({ type, minimum, maximum }).chain(nullable),
        value,
      });
    });

const primitive: fc.Arbitrary<{ schema: ContentSchema; value: unknown }> = fc.oneof(
  bounded('integer'),
  bounded('number'),
  fc.record({ schema: labelled({ type: 'boolean' }), value: fc.boolean() }),
  fc
    .uniqueArray(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 15 }), { minLength: 1, maxLength: 5 })
    .chain((choices) =>
      fc.record({ schema: labelled({ type: 'string', enum: choices }), value: fc.constantFrom(...choices) }),
    ),
  fc
    .uniqueArray(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 5 })
    .chain((choices) =>
      fc.record({ schema: labelled({ type: 'integer', enum: choices }), value: fc.constantFrom(...choices) }),
    ),
  fc.oneof(
    fc.record({
      schema: labelled({ type: 'string', format: 'date' }).chain(nullable),
      value: fc
        .date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10)),
    }),
    fc.record({ schema: labelled({ type: 'string', format: 'email' }).chain(nullable), value: fc.emailAddress() }),
    fc.record({ schema: labelled({ type: 'string', format: 'uri' }).chain(nullable), value: fc.webUrl() }),
  ),
  fc.record({ schema: labelled({ type: 'string', minLength: 1 }), value: fc.string({ minLength: 1, maxLength: 30 }) }),
);

const array = primitive.chain(({ schema }) =>
  fc.record({
    schema: labelled({ type: 'array', items: schema }),
    // Items valid for the item schema: generated again from it (the item arbitrary is not kept).
    value: fc.array(validValueOf(schema), { maxLength: 3 }),
  }),
);

const object = fc
  .uniqueArray(fc.constantFrom('alpha', 'beta', 'gamma', 'delta'), { minLength: 1, maxLength: 3 })
  .chain((names) =>
    fc.tuple(...names.map(() => fc.oneof(primitive, array))).chain((members) => {
      const properties = Object.fromEntries(names.map((name, index) => [name, members[index]?.schema]));
      const value = Object.fromEntries(names.map((name, index) => [name, members[index]?.value]));
      return fc.record({
        schema: labelled({ type: 'object', properties, required: names }),
        value: fc.constant(value),
      });
    }),
  );

const file = fc.record({
  schema: labelled({ type: 'string', content_media_type: 'text/plain' }),
  value: fc.option(fc.constantFrom(...STORED_FILES), { nil: undefined }),
});

/** A valid value of a schema this file generates (for the items of arrays). */
function validValueOf(schema: ContentSchema): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  if (type === 'boolean') return fc.boolean();
  if (type === 'integer' || type === 'number') {
    const low = typeof schema.minimum === 'number' ? schema.minimum : -1000;
    const high = typeof schema.maximum === 'number' ? schema.maximum : low + 2000;
    return type === 'integer'
      ? fc.integer({ min: low, max: high })
      : fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
  }
  if (schema.format === 'date') return fc.constant('2024-02-29');
  if (schema.format === 'email') return fc.constant('someone@example.org');
  if (schema.format === 'uri') return fc.constant('https://example.org/a?b=c');
  return fc.string({ minLength: 1, maxLength: 10 });
}

const port: fc.Arbitrary<GeneratedPort> = fc.oneof(
  { weight: 5, arbitrary: primitive.chain(withDefault) },
  { weight: 2, arbitrary: array.chain(withDefault) },
  { weight: 2, arbitrary: object.chain(withDefault) },
  { weight: 1, arbitrary: file },
);

interface Case {
  ports: SolverPort[];
  generated: GeneratedPort[];
  /** Form data to start from: generated values of the ports that need one, and of some others. */
  initial: PortFormData;
}

const form: fc.Arbitrary<Case> = fc
  .array(fc.tuple(port, fc.boolean()), { minLength: 1, maxLength: 5 })
  .map((entries) => {
    const ports: SolverPort[] = entries.map(([generated], index) => ({
      key: `input_${index + 1}`,
      kind: 'input',
      content_schema: generated.schema,
    }));
    const initial: PortFormData = {};
    entries.forEach(([generated, fill], index) => {
      const needed = isRequiredPort(ports[index] as SolverPort);
      if ((needed || fill) && generated.value !== undefined) initial[`input_${index + 1}`] = generated.value;
    });
    return { ports, generated: entries.map(([generated]) => generated), initial };
  });

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

/** What `JobInputs.values` must satisfy: each port's schema, files as `File` references. */
function valuesSchema(ports: SolverPort[]): object {
  const properties: Record<string, unknown> = {};
  for (const { key, content_schema: schema } of ports) {
    const kind = portInputKind(schema);
    if (kind === 'file') properties[key] = FILE_REFERENCE_SCHEMA;
    else if (kind === 'value-or-file') properties[key] = { anyOf: [schema, FILE_REFERENCE_SCHEMA] };
    else properties[key] = schema;
  }
  return {
    type: 'object',
    properties,
    required: ports.filter(isRequiredPort).map((port) => port.key),
    additionalProperties: false,
  };
}

const fileSource: FileSource = {
  async listFiles(limit, offset, text) {
    const found = STORED_FILES.filter((file) => file.filename.includes(text));
    const page: Page<OsparcFile> = {
      items: found.slice(offset, offset + limit),
      total: found.length,
      limit,
      offset,
      links: { first: null, last: null, self: null, next: null, prev: null },
    };
    return { page, searched: true };
  },
  async uploadFile() {
    throw new Error('no uploads in this test');
  },
  async describeFile(id) {
    const file = STORED_FILES.find((stored) => stored.id === id);
    if (!file) throw new Error(`No file ${id}`);
    return file;
  },
};

function Harness({
  ports,
  initial,
  onSubmit,
}: {
  ports: SolverPort[];
  initial: PortFormData;
  onSubmit(values: Record<string, ArgumentValue>): void;
}) {
  const [formData, setFormData] = useState<PortFormData | undefined>(initial);
  return <PortForm ports={ports} formData={formData} onChange={setFormData} onSubmit={(values) => onSubmit(values)} />;
}

/** Renders the form with a file source and a query client; `unmount` takes it down again. */
function renderForm(
  ports: SolverPort[],
  initial: PortFormData,
): { submitted: Record<string, ArgumentValue>[]; unmount(): void } {
  const submitted: Record<string, ArgumentValue>[] = [];
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const unmount = () => {
    cleanup();
    queryClient.clear();
  };
  try {
    render(
      <QueryClientProvider client={queryClient}>
        <FileSourceContext.Provider value={fileSource}>
          <Harness ports={ports} initial={structuredClone(initial)} onSubmit={(values) => submitted.push(values)} />
        </FileSourceContext.Provider>
      </QueryClientProvider>,
    );
  } catch (error) {
    unmount();
    throw error;
  }
  return { submitted, unmount };
}

async function pressRun(): Promise<void> {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
  });
}

/** Renders the form, presses Run, and returns what it submitted (nothing when it refused) and its alert. */
async function submitForm(
  ports: SolverPort[],
  initial: PortFormData,
): Promise<{ submitted: Record<string, ArgumentValue>[]; alert: string }> {
  const { submitted, unmount } = renderForm(ports, initial);
  try {
    await pressRun();
    return { submitted, alert: screen.queryByRole('alert')?.textContent ?? '' };
  } finally {
    unmount();
  }
}

describe('the run form over generated port schemas', () => {
  it('renders every schema and submits values that validate against it', async () => {
    await fc.assert(
      fc.asyncProperty(form, async ({ ports, generated, initial }) => {
        const { submitted, alert } = await submitForm(ports, initial);
        expect(submitted, `refused: ${alert}`).toHaveLength(1);
        const values = submitted[0] as Record<string, ArgumentValue>;
        const validate = ajv.compile(valuesSchema(ports));
        expect(validate(values), JSON.stringify({ values, errors: validate.errors })).toBe(true);
        // What was given is what is sent (files as their references).
        for (const [key, value] of Object.entries(initial)) {
          if (value === '' || value === null) continue;
          const sent = isOsparcFile(value) ? fileReference(value) : value;
          expect(values[key], key).toEqual(sent);
        }
        // A port with a default that was not filled in is sent with its default.
        ports.forEach((candidate, index) => {
          const schema = generated[index]?.schema;
          if (schema && 'default' in schema && !(candidate.key in initial) && schema.default !== '') {
            expect(values[candidate.key], candidate.key).toEqual(schema.default);
          }
        });
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('sends a number typed into a bounded integer or number port as that number', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(bounded('integer'), bounded('number')), async ({ schema, value }) => {
        const ports: SolverPort[] = [{ key: 'input_1', kind: 'input', content_schema: schema }];
        const { submitted, unmount } = renderForm(ports, {});
        try {
          await act(async () => {
            const field = screen.queryByRole('spinbutton') ?? screen.getByRole('textbox');
            fireEvent.change(field, { target: { value: String(value) } });
          });
          await pressRun();
          expect(submitted, screen.queryByRole('alert')?.textContent ?? '').toEqual([{ input_1: value }]);
          const validate = ajv.compile(valuesSchema(ports));
          expect(validate(submitted[0]), JSON.stringify(validate.errors)).toBe(true);
        } finally {
          unmount();
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('with a required port left empty, refuses and says it is required, or sends a value that still fits', async () => {
    await fc.assert(
      fc.asyncProperty(form, async ({ ports, initial }) => {
        const required = ports.filter(isRequiredPort).map((candidate) => candidate.key);
        fc.pre(required.length > 0);
        const { [required[0] as string]: _left, ...rest } = initial;
        // RJSF logs each refused submit to the console; the alert is what this checks.
        const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
        const { submitted, alert } = await submitForm(ports, rest).finally(() => quiet.mockRestore());
        if (submitted.length === 0) {
          expect(alert).toMatch(/is required/);
        } else {
          // e.g. an array port, which the form starts as an empty list
          const validate = ajv.compile(valuesSchema(ports));
          expect(validate(submitted[0]), JSON.stringify(validate.errors)).toBe(true);
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
