import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils';
import type { ArgumentValue, ContentSchema, OsparcFile, SolverPort } from '../../api/types.ts';
import { isOsparcFile } from '../../api/types.ts';

/**
 * How the form treats an input port:
 * - `file`: the schema names a `content_media_type` (the embedded host adds it to file ports);
 * - `value-or-file`: a plain string port, which is also how a real oSPARC host describes file
 *   ports, so the user may give either a text value or a file;
 * - `json`: a schema that says nothing of its value's shape (the spec allows any object as a
 *   `content_schema`): the user types JSON, or text;
 * - `value`: anything else, rendered from its JSON schema.
 */
type PortInputKind = 'file' | 'value-or-file' | 'json' | 'value';

/** Keywords from which a form can tell a value's shape; a schema with none of them takes any value. */
const SHAPE_KEYWORDS = ['type', 'enum', 'const', 'properties', 'items', 'anyOf', 'oneOf', 'allOf', '$ref'];

export function portInputKind(schema: ContentSchema | null | undefined): PortInputKind {
  if (!schema) return 'value-or-file';
  if (typeof schema.content_media_type === 'string') return 'file';
  if (!SHAPE_KEYWORDS.some((keyword) => keyword in schema)) return 'json';
  const plainString =
    schema.type === 'string' && schema.enum === undefined && schema.const === undefined && schema.format === undefined;
  return plainString ? 'value-or-file' : 'value';
}

/** The JSON schema of a `File` reference, as job inputs carry it. */
export const FILE_REFERENCE_SCHEMA: RJSFSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1 },
    filename: { type: 'string', minLength: 1 },
    content_type: { type: ['string', 'null'] },
    checksum: { type: ['string', 'null'] },
    e_tag: { type: ['string', 'null'] },
  },
  required: ['id', 'filename'],
};

/** Only the fields of a `File` that job inputs take (a listed file may carry more). */
export function fileReference(file: OsparcFile): OsparcFile {
  const reference: OsparcFile = { id: file.id, filename: file.filename };
  if (file.content_type != null) reference.content_type = file.content_type;
  if (file.checksum != null) reference.checksum = file.checksum;
  if (file.e_tag != null) reference.e_tag = file.e_tag;
  return reference;
}

/**
 * Which inputs must be given. The API's port schemas carry no `required` list, so the rule is:
 * a port is required when its schema has no `default` and its type does not admit `null`
 * (a schema's way of saying "may be left unset"), except ports that may take a file (`file`
 * and `value-or-file`): a host cannot say whether a file input is optional (the sleeper's
 * input_1 is), so the form lets them be empty, and a host that needs one answers 422, which
 * lands on the field. Booleans without a default start unchecked and are sent as `false` (the
 * checkbox always shows an answer).
 */
export function isRequiredPort(port: SolverPort): boolean {
  const schema = port.content_schema;
  if (portInputKind(schema) !== 'value') return false;
  const types = Array.isArray(schema?.type) ? schema.type : [schema?.type];
  return schema?.default === undefined && !types.includes('null');
}

export interface PortFormPlan {
  /** One object schema with a property per input port, in API order. */
  schema: RJSFSchema;
  uiSchema: UiSchema;
  /** Input port keys in the order the API lists them. */
  portKeys: string[];
  kinds: Record<string, PortInputKind>;
}

function withoutUndefined(schema: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schema).filter(([, value]) => value !== undefined));
}

/** The RJSF schema and UI schema of the run form of a release's input ports. */
export function planPortForm(ports: SolverPort[]): PortFormPlan {
  const inputs = ports.filter((port) => port.kind === 'input');
  const properties: Record<string, RJSFSchema> = {};
  const uiSchema: UiSchema = { 'ui:order': [...inputs.map((port) => port.key), '*'] };
  const required: string[] = [];
  const kinds: Record<string, PortInputKind> = {};
  for (const port of inputs) {
    const source = port.content_schema ?? {};
    const kind = portInputKind(port.content_schema);
    kinds[port.key] = kind;
    const title = source.title ?? port.key;
    if (kind === 'file') {
      properties[port.key] = withoutUndefined({
        ...FILE_REFERENCE_SCHEMA,
        title,
        description: source.description,
        content_media_type: source.content_media_type,
      }) as RJSFSchema;
      uiSchema[port.key] = { 'ui:field': 'osparcFile', 'ui:label': false };
    } else if (kind === 'value-or-file') {
      const { title: _title, description, default: fallback, x_unit: _unit, ...valueSchema } = source;
      properties[port.key] = withoutUndefined({
        title,
        description,
        default: fallback,
        x_unit: source.x_unit,
        anyOf: [{ ...valueSchema, type: 'string' }, FILE_REFERENCE_SCHEMA],
      }) as RJSFSchema;
      uiSchema[port.key] = { 'ui:field': 'osparcValueOrFile', 'ui:fieldReplacesAnyOrOneOf': true, 'ui:label': false };
    } else if (kind === 'json') {
      // Optional: nothing says the solver needs it, and a form cannot check an unknown shape.
      properties[port.key] = withoutUndefined({
        type: 'string',
        title,
        description: source.description,
        default: source.default === undefined ? undefined : JSON.stringify(source.default),
      }) as RJSFSchema;
      uiSchema[port.key] = {
        'ui:widget': 'textarea',
        'ui:help': 'Any value, as JSON (a number, "text", a list or an object); text that is no JSON is sent as text.',
      };
    } else {
      const schema = { ...source, title } as RJSFSchema;
      if (source.type === 'boolean' && source.default === undefined) schema.default = false;
      // An optional number is typed ["number", "null"]; it still wants a number box, not a text box.
      if (Array.isArray(source.type) && source.type.some((type) => type === 'number' || type === 'integer')) {
        uiSchema[port.key] = { 'ui:widget': 'updown' };
      }
      properties[port.key] = schema;
    }
    if (isRequiredPort(port)) required.push(port.key);
  }
  return {
    schema: { type: 'object', properties, required },
    uiSchema,
    portKeys: inputs.map((port) => port.key),
    kinds,
  };
}

export type PortFormData = Record<string, unknown>;

/** What a `json` port's text means: its JSON value, or the text itself when it is no JSON. */
function jsonOrText(text: string): ArgumentValue {
  try {
    return JSON.parse(text) as ArgumentValue;
  } catch {
    return text;
  }
}

/** `JobInputs.values` from the form: ports left empty are not sent; files as bare `File` references. */
export function jobValuesFromForm(
  formData: PortFormData | undefined,
  plan: PortFormPlan,
): Record<string, ArgumentValue> {
  const values: Record<string, ArgumentValue> = {};
  for (const key of plan.portKeys) {
    const value = formData?.[key];
    if (value === undefined || value === null || value === '') continue;
    if (plan.kinds[key] === 'json' && typeof value === 'string') values[key] = jsonOrText(value);
    else values[key] = isOsparcFile(value) ? fileReference(value) : (value as ArgumentValue);
  }
  return values;
}

interface PlacedServerErrors {
  /** Errors keyed like the form data (`{input_2: {__errors: [...]}}`), for RJSF's `extraErrors`. */
  errorSchema: ErrorSchema;
  /** Messages that name no input port of the form, to show above it. */
  unplaced: string[];
}

/**
 * Puts the API's 422 field errors (keyed by port, nested paths joined with dots, e.g.
 * `input_5.size.0`) onto the form fields they name. File fields are one control, so errors
 * inside a file reference (`input_1.id`) land on the port itself.
 */
export function placeServerErrors(fieldErrors: Record<string, string>, plan: PortFormPlan): PlacedServerErrors {
  const errorSchema: Record<string, unknown> = {};
  const unplaced: string[] = [];
  for (const [field, message] of Object.entries(fieldErrors)) {
    const path = field.split('.').filter((part) => part !== '');
    const port = path[0];
    if (!port || !plan.portKeys.includes(port)) {
      unplaced.push(field ? `${field}: ${message}` : message);
      continue;
    }
    const depth = plan.kinds[port] === 'value' ? path.length : 1;
    let node = errorSchema;
    for (const part of path.slice(0, depth)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    const list = (node.__errors as string[] | undefined) ?? [];
    node.__errors = [...list, message];
  }
  return { errorSchema: errorSchema as ErrorSchema, unplaced };
}

/** Removes server errors of the ports whose value changed, so a fixed field stops showing them. */
export function dropErrorsOfChangedPorts(
  errorSchema: ErrorSchema,
  before: PortFormData | undefined,
  after: PortFormData | undefined,
): ErrorSchema {
  const remaining: Record<string, unknown> = {};
  let changed = false;
  for (const [key, errors] of Object.entries(errorSchema)) {
    if (JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key])) changed = true;
    else remaining[key] = errors;
  }
  return changed ? (remaining as ErrorSchema) : errorSchema;
}

/** A readable type of a port for the ports table: `integer`, `file (text/plain)`, `enum`, ... */
export function portTypeLabel(schema: ContentSchema | null | undefined): string {
  if (!schema) return 'any';
  if (typeof schema.content_media_type === 'string') return `file (${schema.content_media_type})`;
  if (Array.isArray(schema.enum)) return `${String(schema.type ?? 'value')}, one of ${schema.enum.length}`;
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  if (type === 'array') {
    const items = schema.items as ContentSchema | undefined;
    return `array of ${items ? portTypeLabel(items) : 'values'}`;
  }
  return type ?? 'any';
}

/** The allowed range of a numeric port, in words: `0 – 65`, `≥ 0`, `< 10`; empty when unbounded. */
export function portRangeLabel(schema: ContentSchema | null | undefined): string {
  if (!schema) return '';
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const min = number(schema.minimum);
  const max = number(schema.maximum);
  const exMin = number(schema.exclusiveMinimum);
  const exMax = number(schema.exclusiveMaximum);
  if (min !== undefined && max !== undefined) return `${min} – ${max}`;
  const parts: string[] = [];
  if (min !== undefined) parts.push(`≥ ${min}`);
  if (exMin !== undefined) parts.push(`> ${exMin}`);
  if (max !== undefined) parts.push(`≤ ${max}`);
  if (exMax !== undefined) parts.push(`< ${exMax}`);
  if (Array.isArray(schema.enum)) parts.push(schema.enum.map((value) => JSON.stringify(value)).join(', '));
  return parts.join(', ');
}
