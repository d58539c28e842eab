import { describe, expect, it } from 'vitest';
import type { SolverPort } from '../../api/types.ts';
import { paths } from '../../paths.ts';
import { formDataFromJobInputs } from './job-prefill.ts';

const ports: SolverPort[] = [
  {
    key: 'input_1',
    kind: 'input',
    content_schema: { title: 'File', type: 'string', content_media_type: 'text/plain' },
  },
  { key: 'input_2', kind: 'input', content_schema: { title: 'Sleep interval', type: 'integer' } },
  { key: 'input_3', kind: 'input', content_schema: { title: 'Fail after sleep', type: 'boolean' } },
  { key: 'input_5', kind: 'input', content_schema: { title: 'Note', type: 'string' } },
  { key: 'output_2', kind: 'output', content_schema: { type: 'number' } },
];

describe('Run again', () => {
  it('links to the release form with the job to prefill from', () => {
    expect(paths.solverRelease.getHref('simcore/services/comp/itis/sleeper', '2.1.6', { from: 'j1' })).toBe(
      '/solvers/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper/releases/2.1.6?from=j1',
    );
  });

  it("fills the form with the job's inputs: files as bare File references, lenient strings read as what they mean", () => {
    const { formData, dropped } = formDataFromJobInputs(
      {
        input_1: { id: 'f1', filename: 'n.txt', content_type: 'text/plain', checksum: 'c', extra: 1 } as never,
        input_2: '3',
        input_3: 'false',
        input_5: '42',
        input_9: 1,
      },
      ports,
    );
    expect(formData).toEqual({
      input_1: { id: 'f1', filename: 'n.txt', content_type: 'text/plain', checksum: 'c' },
      input_2: 3,
      input_3: false,
      input_5: '42',
    });
    expect(dropped).toEqual(['input_9']);
  });

  it('keeps values that are already of their type', () => {
    expect(formDataFromJobInputs({ input_2: 0, input_3: true }, ports).formData).toEqual({ input_2: 0, input_3: true });
  });
});
