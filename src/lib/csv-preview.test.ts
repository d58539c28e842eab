import { describe, expect, it } from 'vitest';
import { csvTableOf } from './csv-preview.ts';

describe('the first rows of a CSV file as a table', () => {
  it('takes the first row as the header and reads quoted cells whole', () => {
    const table = csvTableOf('x,label,T\n0,"left, edge",20.5\n0.5,"say ""hi""",21\n', false);
    expect(table.header).toEqual(['x', 'label', 'T']);
    expect(table.rows).toEqual([
      ['0', 'left, edge', '20.5'],
      ['0.5', 'say "hi"', '21'],
    ]);
  });

  it('leaves out the last row when the bytes stop in the middle of it', () => {
    expect(csvTableOf('x,T\n0,20\n0.5,2', true).rows).toEqual([['0', '20']]);
    // Bytes that end on a line's end hold whole rows only.
    expect(csvTableOf('x,T\n0,20\n0.5,21\n', true).rows).toEqual([
      ['0', '20'],
      ['0.5', '21'],
    ]);
  });

  it('reads tab-separated values too', () => {
    expect(csvTableOf('a\tb\n1\t2\n', false)).toEqual({ header: ['a', 'b'], rows: [['1', '2']] });
  });
});
