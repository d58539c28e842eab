import { parse } from 'lossless-json';

/** A JSON number as Python's `json` module reads it: `8` is an int, `8.0` and `1e3` are floats. */
export class PyInt {
  constructor(readonly value: number) {}
}
export class PyFloat {
  constructor(readonly value: number) {}
}

/**
 * Parses JSON the way the osparc Python client does (`json.loads`, then pydantic), keeping the
 * int/float distinction JavaScript loses: `JSON.parse("8.0") === 8`, but Python keeps a float.
 */
export function parseAsPython(text: string): unknown {
  return parse(text, undefined, (literal) =>
    /[.eE]/.test(literal) ? new PyFloat(Number(literal)) : new PyInt(Number(literal)),
  );
}

/** The value with every PyInt/PyFloat back to a plain number, to compare with what JSON.parse gives. */
export function plain(value: unknown): unknown {
  if (value instanceof PyInt || value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  }
  return value;
}
