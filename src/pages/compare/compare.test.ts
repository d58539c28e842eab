import { describe, expect, it } from 'vitest';
import type { SolverPort } from '../../api/types.ts';
import { formatCompareRef, paths } from '../../paths.ts';
import { parseCompareRefs } from './compare-refs.ts';
import { compareRows } from './compare-rows.ts';

const SLEEPER = 'simcore/services/comp/itis/sleeper';

describe('comparison URL', () => {
  it('round-trips solver key, version and job id of each job', () => {
    const refs = [
      { solverKey: SLEEPER, version: '2.1.6', jobId: 'a1' },
      { solverKey: SLEEPER, version: '2.0.2', jobId: 'b2' },
    ];
    const path = paths.compare.getHref(refs);
    expect(path.startsWith('/compare?jobs=')).toBe(true);
    const param = new URLSearchParams(path.split('?')[1]).get('jobs');
    expect(parseCompareRefs(param)).toEqual({ refs, invalid: [] });
    expect(formatCompareRef(refs[0] as never)).toBe(`${SLEEPER}:2.1.6:a1`);
  });

  it('names the parts that are no job and lists each job once', () => {
    expect(parseCompareRefs(`${SLEEPER}:1.0.0:x,nonsense,${SLEEPER}:1.0.0:x,`)).toEqual({
      refs: [{ solverKey: SLEEPER, version: '1.0.0', jobId: 'x' }],
      invalid: ['nonsense'],
    });
  });
});

describe('comparison rows', () => {
  const ports: SolverPort[] = [
    { key: 'input_1', kind: 'input', content_schema: { title: 'File with int number' } },
    { key: 'input_2', kind: 'input', content_schema: { title: 'Sleep interval', type: 'integer', x_unit: 'second' } },
    { key: 'input_3', kind: 'input', content_schema: { title: 'Fail after sleep', type: 'boolean' } },
  ];

  it('marks the row whose values differ, in the ports order, files by name', () => {
    const file = { id: 'f1', filename: 'n.txt', checksum: 'c1' };
    const rows = compareRows(
      [
        { input_3: false, input_2: 1, input_1: file },
        { input_3: false, input_2: 2, input_1: { ...file, id: 'f2' } },
      ],
      ports,
      [],
    );
    expect(rows.map((row) => [row.key, row.differs])).toEqual([
      ['input_1', false],
      ['input_2', true],
      ['input_3', false],
    ]);
    expect(rows[0]?.cells).toEqual([
      { kind: 'file', text: 'n.txt', file },
      { kind: 'file', text: 'n.txt', file: { ...file, id: 'f2' } },
    ]);
    expect(rows[1]).toMatchObject({ title: 'Sleep interval', unit: 's' });
  });

  it('says why a job has no value, and counts that as a difference', () => {
    const rows = compareRows([{ output_2: 4 }, undefined], undefined, ['', 'FAILED: no outputs']);
    expect(rows[0]?.cells[1]).toEqual({ kind: 'missing', text: 'FAILED: no outputs' });
    expect(rows[0]?.differs).toBe(true);
  });

  it('treats objects with the same entries in another order as equal', () => {
    const rows = compareRows([{ p: { a: 1, b: [1, 2] } }, { p: { b: [1, 2], a: 1 } }], undefined, []);
    expect(rows[0]?.differs).toBe(false);
  });
});
