import { describe, expect, it } from 'vitest';
import type { SolverPort } from '../api/types.ts';
import { buildCsv } from './csv.ts';
import { expandSweep, type NumericRule, numericRuleOf } from './expand.ts';
import { gridProblem, gridSize, sweepGrid } from './grid.ts';
import { readSweepCollection, readSweepTag, sweepCollectionNaming, sweepMetadata } from './metadata.ts';
import { planSweep } from './plan.ts';
import { numericOutputKeys, sweepCsv, sweepRows } from './rows.ts';

const sleepInterval: NumericRule = { integer: true, minimum: 0, maximum: 65, title: 'Sleep interval' };
const anyNumber: NumericRule = { integer: false, title: 'Length' };

describe('a list of values', () => {
  it('takes numbers separated by commas or spaces, running repeated values once', () => {
    expect(expandSweep({ kind: 'list', values: '0, 1 2;1' }, sleepInterval)).toEqual({
      values: [0, 1, 2],
      errors: [],
      notes: ['Repeated values are run once.'],
    });
  });

  it('refuses an empty list and items that are not numbers', () => {
    expect(expandSweep({ kind: 'list', values: ' , ' }, sleepInterval).errors).toEqual(['Give at least one value.']);
    expect(expandSweep({ kind: 'list', values: '1, two, 3' }, sleepInterval).errors).toEqual([
      '“two” is not a number.',
    ]);
  });

  it('checks every value against the port: range and whole numbers', () => {
    expect(expandSweep({ kind: 'list', values: '-1, 2.5, 70, 80' }, sleepInterval).errors).toEqual([
      '2.5 is not a whole number, which this input takes.',
      '-1 is below the minimum 0.',
      '70, 80 are above the maximum 65.',
    ]);
  });
});

describe('a range with a step', () => {
  it('goes from start by step and includes the stop when a step lands on it', () => {
    expect(expandSweep({ kind: 'range', start: '0', stop: '2', step: '1' }, sleepInterval).values).toEqual([0, 1, 2]);
    expect(expandSweep({ kind: 'range', start: '0', stop: '5', step: '2' }, sleepInterval).values).toEqual([0, 2, 4]);
    expect(expandSweep({ kind: 'range', start: '0', stop: '1', step: '0.1' }, anyNumber).values).toEqual([
      0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1,
    ]);
  });

  it('counts down with a negative step', () => {
    expect(expandSweep({ kind: 'range', start: '3', stop: '0', step: '-1.5' }, anyNumber).values).toEqual([3, 1.5, 0]);
  });

  it('refuses a step of zero', () => {
    expect(expandSweep({ kind: 'range', start: '0', stop: '2', step: '0' }, sleepInterval).errors).toEqual([
      'The step must not be zero.',
    ]);
  });

  it('refuses a step of the wrong sign, saying which way it must go', () => {
    expect(expandSweep({ kind: 'range', start: '0', stop: '2', step: '-1' }, sleepInterval).errors).toEqual([
      'The step must be positive to go up from 0 to 2.',
    ]);
    expect(expandSweep({ kind: 'range', start: '5', stop: '1', step: '1' }, sleepInterval).errors).toEqual([
      'The step must be negative to go down from 5 to 1.',
    ]);
  });

  it('refuses a range of too many jobs', () => {
    expect(expandSweep({ kind: 'range', start: '0', stop: '1', step: '0.0001' }, anyNumber).errors).toEqual([
      'This makes 10001 values; a sweep runs at most 500 jobs.',
    ]);
  });

  it('names the bound that is missing or not a number', () => {
    expect(expandSweep({ kind: 'range', start: '', stop: 'x', step: '1' }, anyNumber).errors).toEqual([
      'Give the start.',
      'The stop “x” is not a number.',
    ]);
  });

  it('refuses fractional values for an integer port, and values past its maximum', () => {
    expect(expandSweep({ kind: 'range', start: '0', stop: '1', step: '0.5' }, sleepInterval).errors).toEqual([
      '0.5 is not a whole number, which this input takes.',
    ]);
    expect(expandSweep({ kind: 'range', start: '60', stop: '70', step: '5' }, sleepInterval).errors).toEqual([
      '70 is above the maximum 65.',
    ]);
  });
});

describe('evenly spaced values (linspace)', () => {
  it('spreads N values from start to stop, both included', () => {
    expect(expandSweep({ kind: 'linspace', start: '0', stop: '1', count: '5' }, anyNumber).values).toEqual([
      0, 0.25, 0.5, 0.75, 1,
    ]);
    expect(expandSweep({ kind: 'linspace', start: '4', stop: '9', count: '1' }, anyNumber).values).toEqual([4]);
  });

  it('rounds to whole numbers for an integer port, drops repeats and says so', () => {
    expect(expandSweep({ kind: 'linspace', start: '0', stop: '2', count: '5' }, sleepInterval)).toEqual({
      values: [0, 1, 2],
      errors: [],
      notes: ['Rounded to whole numbers; repeated values dropped: 3 of 5 values remain.'],
    });
    expect(expandSweep({ kind: 'linspace', start: '0', stop: '10', count: '3' }, sleepInterval).notes).toEqual([]);
  });

  it('refuses a count that is not a whole number of at least 1, or too large', () => {
    for (const count of ['0', '2.5', '', 'many']) {
      expect(expandSweep({ kind: 'linspace', start: '0', stop: '1', count }, anyNumber).errors).toEqual([
        'The number of values must be a whole number of at least 1.',
      ]);
    }
    expect(expandSweep({ kind: 'linspace', start: '0', stop: '1', count: '501' }, anyNumber).errors).toEqual([
      'This makes 501 values; a sweep runs at most 500 jobs.',
    ]);
  });
});

describe('numeric ports', () => {
  it('are integer and number ports, optional ones included; enums and other types are not', () => {
    expect(numericRuleOf({ type: 'integer', minimum: 0, maximum: 65, title: 'Sleep interval' })).toEqual({
      integer: true,
      minimum: 0,
      maximum: 65,
      exclusiveMinimum: undefined,
      exclusiveMaximum: undefined,
      title: 'Sleep interval',
    });
    expect(numericRuleOf({ type: ['number', 'null'] }, 'x')?.integer).toBe(false);
    expect(numericRuleOf({ type: 'integer', enum: [1, 2] })).toBeNull();
    expect(numericRuleOf({ type: 'string' })).toBeNull();
    expect(numericRuleOf({ type: 'boolean' })).toBeNull();
  });
});

describe('several swept inputs make a grid', () => {
  const axes = [
    { port: 'input_2', values: [0, 1, 2] },
    { port: 'input_4', values: [10, 20] },
  ];

  it('is the cartesian product, the first input varying slowest', () => {
    expect(gridSize(axes)).toBe(6);
    expect(sweepGrid(axes)).toEqual([
      { index: 0, values: { input_2: 0, input_4: 10 } },
      { index: 1, values: { input_2: 0, input_4: 20 } },
      { index: 2, values: { input_2: 1, input_4: 10 } },
      { index: 3, values: { input_2: 1, input_4: 20 } },
      { index: 4, values: { input_2: 2, input_4: 10 } },
      { index: 5, values: { input_2: 2, input_4: 20 } },
    ]);
  });

  it('refuses more jobs together than the cap, naming the factors', () => {
    const big = [
      { port: 'a', values: Array.from({ length: 30 }, (_, i) => i) },
      { port: 'b', values: Array.from({ length: 20 }, (_, i) => i) },
    ];
    expect(gridProblem(big)).toBe(
      'Together the swept inputs make 30 × 20 = 600 jobs; a sweep runs at most 500. Use fewer values.',
    );
    expect(gridProblem(axes)).toBeNull();
  });

  it('is planned from the form: only numeric ports sweep, a bad input makes no jobs', () => {
    const ports: SolverPort[] = [
      { key: 'input_2', kind: 'input', content_schema: { type: 'integer', minimum: 0, maximum: 65, title: 'Sleep' } },
      { key: 'input_3', kind: 'input', content_schema: { type: 'boolean' } },
      { key: 'input_4', kind: 'input', content_schema: { type: 'integer', title: 'Distance' } },
    ];
    const plan = planSweep(ports, {
      input_2: { kind: 'range', start: '0', stop: '2', step: '1' },
      input_3: { kind: 'list', values: '1' },
      input_4: { kind: 'list', values: '5, 6' },
    });
    expect(plan.ready).toBe(true);
    expect(plan.size).toBe(6);
    expect(plan.axes.map((axis) => axis.port)).toEqual(['input_2', 'input_4']);

    const bad = planSweep(ports, { input_2: { kind: 'range', start: '0', stop: '2', step: '0' } });
    expect(bad.ready).toBe(false);
    expect(bad.size).toBe(0);
    expect(bad.expansions.input_2?.errors).toEqual(['The step must not be zero.']);
  });
});

describe('sweep metadata', () => {
  it('round-trips through the job metadata map with readable keys', () => {
    const tag = {
      sweepId: '5f0c',
      index: 2,
      size: 3,
      inputs: ['input_2'],
      values: { input_2: 2 },
      attempt: 1,
    };
    const metadata = sweepMetadata(tag);
    expect(metadata).toEqual({
      sweep_id: '5f0c',
      sweep_index: 2,
      sweep_size: 3,
      sweep_inputs: 'input_2',
      sweep_attempt: 1,
      'sweep.input_2': 2,
    });
    expect(readSweepTag(metadata)).toEqual(tag);
  });

  it('reads numbers a host stored as text, and ignores maps that are not sweep jobs', () => {
    expect(
      readSweepTag({ sweep_id: 'a', sweep_index: '0', sweep_size: '2', sweep_inputs: 'x', 'sweep.x': '1.5' }),
    ).toEqual({ sweepId: 'a', index: 0, size: 2, inputs: ['x'], values: { x: 1.5 }, attempt: 1 });
    expect(readSweepTag({ project: 'apollo' })).toBeNull();
    expect(readSweepTag({ sweep_id: 'a' })).toBeNull();
  });
});

describe('CSV', () => {
  it('has a header and one line per row, quoting what needs quoting', () => {
    expect(
      buildCsv(
        ['input_2', 'state', 'note'],
        [
          [0, 'SUCCESS', 'a, b'],
          [1.5, 'FAILED', 'said "no"'],
          [2, 'STARTED', null],
        ],
      ),
    ).toBe('input_2,state,note\r\n0,SUCCESS,"a, b"\r\n1.5,FAILED,"said ""no"""\r\n2,STARTED,\r\n');
  });

  it('keeps text that looks like a formula from running in a spreadsheet, but not negative numbers', () => {
    expect(buildCsv(['a', 'b'], [['=1+1', -3]])).toBe("a,b\r\n'=1+1,-3\r\n");
  });
});

describe('the sweep table', () => {
  const tagOf = (index: number, attempt: number, value: number) => ({
    sweepId: 's',
    index,
    size: 2,
    inputs: ['input_2'],
    values: { input_2: value },
    attempt,
  });
  const jobs = [
    { job: { id: 'b-failed', created_at: '2024-01-01T00:00:01Z' }, tag: tagOf(1, 1, 5) },
    { job: { id: 'a', created_at: '2024-01-01T00:00:00Z' }, tag: tagOf(0, 1, 0) },
    { job: { id: 'b-retry', created_at: '2024-01-01T00:01:00Z' }, tag: tagOf(1, 2, 5) },
  ];

  it('has one row per index, the latest attempt replacing the failed job', () => {
    const rows = sweepRows(jobs);
    expect(rows.map((row) => [row.index, row.current.job.id, row.replaced.map((entry) => entry.job.id)])).toEqual([
      [0, 'a', []],
      [1, 'b-retry', ['b-failed']],
    ]);
  });

  it('exports swept inputs, state and numeric outputs as CSV', () => {
    const outputs = { a: { output_1: { id: 'f', filename: 'x.txt' }, output_2: 7 }, 'b-retry': { output_2: '3.5' } };
    expect(numericOutputKeys(outputs)).toEqual(['output_2']);
    const csv = sweepCsv({
      inputs: ['input_2'],
      outputKeys: ['output_2'],
      rows: sweepRows(jobs),
      statuses: {
        a: { job_id: 'a', state: 'SUCCESS', progress: 100, submitted_at: '' },
        'b-retry': { job_id: 'b-retry', state: 'STARTED', progress: 40, submitted_at: '' },
      },
      outputs,
    });
    expect(csv.split('\r\n')).toEqual([
      'index,input_2,job_id,state,progress,output_2',
      '0,0,a,SUCCESS,100,7',
      '1,5,b-retry,STARTED,40,3.5',
      '',
    ]);
  });
});

describe('a sweep run through a function', () => {
  const fn = { uid: '0b7f3c1e-5d2a-4c8e-9f10-2a3b4c5d6e7f', title: 'Sleeper 2.1.6' };

  it('names its collection after the function and the swept inputs, and reads them back from the description', () => {
    const naming = sweepCollectionNaming(fn, ['input_2', 'input_3'], 6);
    expect(naming.title).toBe('Sweep of Sleeper 2.1.6 over input_2, input_3 (6 runs)');
    expect(readSweepCollection(naming.description)).toEqual({ inputs: ['input_2', 'input_3'], functionId: fn.uid });
  });

  it('does not take a collection no sweep made for one', () => {
    expect(readSweepCollection('Map of function 42 over 3 inputs')).toBeNull();
    expect(readSweepCollection('Swept inputs: input_2')).toBeNull();
  });
});
