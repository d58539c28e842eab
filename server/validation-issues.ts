import type { ErrorObject } from 'ajv';

/**
 * AJV's findings in the words upstream oSPARC answers with. Upstream validates with pydantic v2
 * (FastAPI's RequestValidationError, turned into `{errors: [...]}` by
 * services/api-server/src/simcore_service_api_server/exceptions/handlers/_validation_errors.py),
 * so a client that reads `type` (`missing`, `less_than_equal`, `int_parsing`...) or shows `msg`
 * ("Input should be less than or equal to 65") sees the same here.
 */
export interface IssueWords {
  type: string;
  msg: string;
  ctx?: Record<string, unknown>;
}

/** `'a', 'b' or 'c'`, as pydantic lists the allowed values of an enum or literal. */
function alternatives(values: readonly unknown[]): string {
  const quoted = values.map((value) => (typeof value === 'string' ? `'${value}'` : JSON.stringify(value)));
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function typeWords(expected: string, input: unknown): IssueWords {
  switch (expected) {
    case 'integer':
      if (typeof input === 'string')
        return { type: 'int_parsing', msg: 'Input should be a valid integer, unable to parse string as an integer' };
      if (typeof input === 'number')
        return { type: 'int_from_float', msg: 'Input should be a valid integer, got a number with a fractional part' };
      return { type: 'int_type', msg: 'Input should be a valid integer' };
    case 'number':
      if (typeof input === 'string')
        return { type: 'float_parsing', msg: 'Input should be a valid number, unable to parse string as a number' };
      return { type: 'float_type', msg: 'Input should be a valid number' };
    case 'boolean':
      if (typeof input === 'string' || typeof input === 'number')
        return { type: 'bool_parsing', msg: 'Input should be a valid boolean, unable to interpret input' };
      return { type: 'bool_type', msg: 'Input should be a valid boolean' };
    case 'string':
      return { type: 'string_type', msg: 'Input should be a valid string' };
    case 'object':
      return { type: 'dict_type', msg: 'Input should be a valid dictionary' };
    case 'array':
      return { type: 'list_type', msg: 'Input should be a valid list' };
    case 'null':
      return { type: 'none_required', msg: 'Input should be None' };
    default:
      return { type: 'type_error', msg: `Input should be of type ${expected}` };
  }
}

const FORMAT_WORDS: Record<string, IssueWords> = {
  uuid: { type: 'uuid_parsing', msg: 'Input should be a valid UUID' },
  uri: { type: 'url_parsing', msg: 'Input should be a valid URL' },
  'date-time': { type: 'datetime_parsing', msg: 'Input should be a valid datetime' },
  date: { type: 'date_parsing', msg: 'Input should be a valid date' },
  email: { type: 'value_error', msg: 'value is not a valid email address' },
};

/**
 * The pydantic `type` and message of one AJV error. `input` is the value that failed (AJV's
 * `data` with `verbose: true`); it picks between pydantic's parsing and type words.
 */
export function issueWords(error: ErrorObject, input: unknown = error.data): IssueWords {
  const params = error.params as Record<string, unknown>;
  const limit = params.limit as number;
  switch (error.keyword) {
    case 'required':
      return { type: 'missing', msg: 'Field required' };
    case 'maximum':
      return {
        type: 'less_than_equal',
        msg: `Input should be less than or equal to ${limit}`,
        ctx: { le: limit },
      };
    case 'minimum':
      return {
        type: 'greater_than_equal',
        msg: `Input should be greater than or equal to ${limit}`,
        ctx: { ge: limit },
      };
    case 'exclusiveMaximum':
      return { type: 'less_than', msg: `Input should be less than ${limit}`, ctx: { lt: limit } };
    case 'exclusiveMinimum':
      return { type: 'greater_than', msg: `Input should be greater than ${limit}`, ctx: { gt: limit } };
    case 'multipleOf':
      return {
        type: 'multiple_of',
        msg: `Input should be a multiple of ${params.multipleOf}`,
        ctx: { multiple_of: params.multipleOf },
      };
    case 'type':
      return typeWords(String(params.type).split(',')[0] ?? '', input);
    case 'minLength':
      return {
        type: 'string_too_short',
        msg: `String should have at least ${plural(limit, 'character')}`,
        ctx: { min_length: limit },
      };
    case 'maxLength':
      return {
        type: 'string_too_long',
        msg: `String should have at most ${plural(limit, 'character')}`,
        ctx: { max_length: limit },
      };
    case 'minItems':
    case 'maxItems': {
      const actual = Array.isArray(input) ? input.length : 0;
      const short = error.keyword === 'minItems';
      return {
        type: short ? 'too_short' : 'too_long',
        msg: `List should have ${short ? 'at least' : 'at most'} ${plural(limit, 'item')} after validation, not ${actual}`,
        ctx: { field_type: 'List', [short ? 'min_length' : 'max_length']: limit, actual_length: actual },
      };
    }
    case 'pattern':
      return {
        type: 'string_pattern_mismatch',
        msg: `String should match pattern '${params.pattern}'`,
        ctx: { pattern: params.pattern },
      };
    case 'format':
      return (
        FORMAT_WORDS[String(params.format)] ?? { type: 'value_error', msg: `Input should be a valid ${params.format}` }
      );
    case 'enum':
      return {
        type: 'enum',
        msg: `Input should be ${alternatives((params.allowedValues as unknown[]) ?? [])}`,
        ctx: { expected: alternatives((params.allowedValues as unknown[]) ?? []) },
      };
    case 'const':
      return {
        type: 'literal_error',
        msg: `Input should be ${alternatives([params.allowedValue])}`,
        ctx: { expected: alternatives([params.allowedValue]) },
      };
    case 'additionalProperties':
      return { type: 'extra_forbidden', msg: 'Extra inputs are not permitted' };
    default: {
      // No pydantic word for it (anyOf, not, ...): AJV's own text, as a sentence.
      const message = error.message ?? 'is invalid';
      return { type: 'value_error', msg: `Value error, input ${message}` };
    }
  }
}

/** Where AJV points (`/values/input_2/0`) as pydantic's loc parts (["values", "input_2", 0]). */
export function locOf(error: ErrorObject): (string | number)[] {
  const parts: (string | number)[] = error.instancePath
    .split('/')
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (params.missingProperty) parts.push(params.missingProperty);
  if (params.additionalProperty) parts.push(params.additionalProperty);
  return parts;
}
