import { describe, expect, it } from 'vitest';
import { ApiError, type ValidationIssue } from '../errors.ts';
import type { ApiFile } from '../services/files.ts';
import { type InputPortSpec, resolveJobInputs } from '../services/inputs.ts';

const stored: ApiFile = {
  id: 'f0b0c0d0-0000-4000-8000-000000000001',
  filename: 'n.txt',
  content_type: 'text/plain',
  checksum: null,
  e_tag: null,
};
const lookup = (id: string) => (id === stored.id ? stored : undefined);

const ports: InputPortSpec[] = [
  { key: 'data', type: 'data:text/csv', content_schema: { type: 'string' } },
  { key: 'count', type: 'integer', content_schema: { type: 'integer', minimum: 1, maximum: 10 }, defaultValue: 2 },
  { key: 'rate', type: 'number', content_schema: { type: 'number', exclusiveMinimum: 0 } },
  { key: 'verbose', type: 'boolean', content_schema: { type: 'boolean' }, defaultValue: false },
  { key: 'method', type: 'ref_contentSchema', content_schema: { type: 'string', enum: ['mean', 'median'] } },
  {
    key: 'grid',
    type: 'ref_contentSchema',
    content_schema: {
      type: 'object',
      properties: { nx: { type: 'integer', minimum: 2 }, points: { type: 'array', items: { type: 'number' } } },
      required: ['nx'],
    },
  },
  { key: 'label', type: 'string', content_schema: { type: 'string' }, optional: true },
  { key: 'offset', type: 'number', content_schema: { type: ['number', 'null'] }, optional: true },
];

function issuesOf(values: Record<string, unknown>): ValidationIssue[] {
  try {
    resolveJobInputs(values, ports, lookup);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(422);
    return (error as ApiError).errors as ValidationIssue[];
  }
  throw new Error('expected the inputs to be refused');
}

const valid = { data: stored, rate: 0.5, method: 'mean', grid: { nx: 3 } };

describe('job inputs checked against the ports', () => {
  it('leaves an optional number unset when it is null or absent, and refuses a value of the wrong type', () => {
    expect(resolveJobInputs({ ...valid, offset: null }, ports, lookup)).not.toHaveProperty('offset');
    expect(resolveJobInputs({ ...valid, offset: '1.5' }, ports, lookup)).toMatchObject({ offset: 1.5 });
    for (const wrong of ['', 'abc', [1]]) {
      expect(issuesOf({ ...valid, offset: wrong }).map((issue) => issue.loc)).toEqual([['body', 'values', 'offset']]);
    }
  });

  it('coerces leniently as upstream does and fills defaults', () => {
    const resolved = resolveJobInputs(
      { ...valid, count: '3', rate: '2', verbose: 'true', grid: { nx: '4', points: ['1.5', 2] } },
      ports,
      lookup,
    );
    expect(resolved).toEqual({
      data: stored,
      count: 3,
      rate: 2,
      verbose: true,
      method: 'mean',
      grid: { nx: 4, points: [1.5, 2] },
    });
    expect(resolveJobInputs({ ...valid, verbose: 'false' }, ports, lookup)).toMatchObject({ verbose: false, count: 2 });
  });

  it('replaces a file reference by the stored file', () => {
    const resolved = resolveJobInputs({ ...valid, data: { id: stored.id, filename: 'whatever.csv' } }, ports, lookup);
    expect(resolved.data).toEqual(stored);
  });

  it('leaves an optional port without value out', () => {
    expect(resolveJobInputs(valid, ports, lookup)).not.toHaveProperty('label');
    expect(resolveJobInputs({ ...valid, label: null }, ports, lookup)).not.toHaveProperty('label');
  });

  it('names each port that is wrong, and why, all at once', () => {
    const issues = issuesOf({ data: 'table.csv', count: 11, rate: 'fast', method: 'mode', grid: { nx: 1 }, extra: 1 });
    const byPort = Object.fromEntries(issues.map((issue) => [issue.loc.join('.'), issue.msg]));
    expect(byPort['body.values.data']).toMatch(/file reference/);
    expect(byPort['body.values.count']).toBe('Input should be less than or equal to 10');
    expect(byPort['body.values.rate']).toBe('Input should be a valid number, unable to parse string as a number');
    expect(byPort['body.values.method']).toBe("Input should be 'mean' or 'median'");
    expect(byPort['body.values.grid.nx']).toBe('Input should be greater than or equal to 2');
    // Not a port: kept, not refused (upstream's create path has no per-port check).
    expect(byPort['body.values.extra']).toBeUndefined();
  });

  it('refuses missing required ports and files that do not exist', () => {
    const missing = issuesOf({ data: stored });
    expect(missing.map((issue) => issue.loc.at(-1)).sort()).toEqual(['grid', 'method', 'rate']);
    expect(missing.every((issue) => /required/.test(issue.msg))).toBe(true);
    const noFile = issuesOf({ ...valid, data: { id: 'f0b0c0d0-0000-4000-8000-00000000dead', filename: 'x' } });
    expect(noFile).toEqual([
      expect.objectContaining({ loc: ['body', 'values', 'data'], msg: expect.stringMatching(/does not exist/) }),
    ]);
    const noneGiven = issuesOf({ rate: 1, method: 'mean', grid: { nx: 2 } });
    expect(noneGiven[0]).toMatchObject({ loc: ['body', 'values', 'data'], msg: expect.stringMatching(/required/) });
  });
});
