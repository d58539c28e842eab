/**
 * Values of job inputs written as source text: Python literals for the osparc client script,
 * JSON for the curl script, and shell quoting around both.
 */

/** A Python string literal in double quotes; control characters escaped so the line stays one line. */
export function pythonString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    // Line and paragraph separators end a line in some editors; keep them visible.
    else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else out += char;
  }
  return `${out}"`;
}

function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'float("nan")';
  if (value === Number.POSITIVE_INFINITY) return 'float("inf")';
  if (value === Number.NEGATIVE_INFINITY) return '-float("inf")';
  // JavaScript's shortest round-trip form (1.5, 1e+21, 5e-7) is also valid Python.
  return String(value);
}

/**
 * A JSON-like value as a Python literal: True/False/None, quoted strings, lists and dicts,
 * nested objects indented by `indent` spaces per level, starting at `level`.
 */
export function pythonLiteral(value: unknown, level = 0, indent = 4): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'string') return pythonString(value);
  const inner = ' '.repeat((level + 1) * indent);
  const outer = ' '.repeat(level * indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${pythonLiteral(item, level + 1, indent)},`).join('\n')}\n${outer}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    const lines = entries.map(
      ([key, item]) => `${inner}${pythonString(key)}: ${pythonLiteral(item, level + 1, indent)},`,
    );
    return `{\n${lines.join('\n')}\n${outer}}`;
  }
  return pythonString(String(value));
}

/** JSON text as a single-quoted shell word: `'...'` with each `'` written as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A Python or shell identifier made from a port key (`input_1` → `input_1`, `my-port` → `my_port`). */
export function identifierOf(key: string): string {
  const cleaned = key.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned || '_';
}
