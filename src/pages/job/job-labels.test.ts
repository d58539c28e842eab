import { describe, expect, it } from 'vitest';
import { labelKeyProblem, labelValue, metadataFromLabels, splitLabels } from './job-labels.ts';

describe('job labels', () => {
  it('keeps the sweep keys apart and read-only', () => {
    const { editable, readOnly } = splitLabels({ project: 'apollo', sweep_id: 'abc', sweep_index: 2, runs: 3 });
    expect(editable).toEqual([
      { key: 'project', value: 'apollo', type: 'string' },
      { key: 'runs', value: '3', type: 'number' },
    ]);
    expect(readOnly).toEqual([
      ['sweep_id', 'abc'],
      ['sweep_index', 2],
    ]);
  });

  it("hides the dashboard's record of the job's inputs, and keeps it when the labels are saved", () => {
    const { editable, readOnly, kept } = splitLabels({ project: 'apollo', dashboard_inputs: '{"input_2":3}' });
    expect(editable.map((row) => row.key)).toEqual(['project']);
    expect(readOnly).toEqual([]);
    expect(metadataFromLabels(editable, [...readOnly, ...kept])).toEqual({
      project: 'apollo',
      dashboard_inputs: '{"input_2":3}',
    });
  });

  it('sends the whole map: edited labels plus the untouched sweep keys', () => {
    const map = metadataFromLabels(
      [
        { key: ' project ', value: 'gemini', type: 'string' },
        { key: 'runs', value: '4', type: 'number' },
        { key: 'ok', value: 'true', type: 'boolean' },
      ],
      [['sweep_id', 'abc']],
    );
    expect(map).toEqual({ sweep_id: 'abc', project: 'gemini', runs: 4, ok: true });
  });

  it('turns a number label into text once its value is no number', () => {
    expect(labelValue({ key: 'runs', value: 'many', type: 'number' })).toBe('many');
    expect(labelValue({ key: 'runs', value: '', type: 'number' })).toBe('');
  });

  it('asks for a key, refuses duplicates and sweep keys', () => {
    const rows = [
      { key: '', value: 'x', type: 'string' as const },
      { key: 'a', value: '1', type: 'string' as const },
      { key: 'a ', value: '2', type: 'string' as const },
      { key: 'sweep_mine', value: '3', type: 'string' as const },
      { key: 'b', value: '', type: 'string' as const },
    ];
    expect(labelKeyProblem(rows, 0)).toBe('Enter a key.');
    expect(labelKeyProblem(rows, 1)).toBe('The key “a” is used twice.');
    expect(labelKeyProblem(rows, 2)).toBe('The key “a” is used twice.');
    expect(labelKeyProblem(rows, 3)).toMatch(/belong to parameter sweeps/);
    expect(labelKeyProblem(rows, 4)).toBeUndefined();
  });
});
