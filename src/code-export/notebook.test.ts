import { spawnSync } from 'node:child_process';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import nbformat4 from './fixtures/nbformat-v4.schema.json';
import { notebookOf, notebookText } from './notebook.ts';
import { pythonScript } from './python.ts';
import { seedJob } from './seed-job.fixture.ts';
import type { CodeExportSpec } from './spec.ts';
import { studyPythonScript } from './study.ts';

const validNotebook = new Ajv({ allErrors: true }).compile(nbformat4);
const hasPython = spawnSync('python3', ['--version']).status === 0;

/** The code cells one after another, as Jupyter runs them. */
const codeOf = (text: string) =>
  (JSON.parse(text) as { cells: { cell_type: string; source: string[] }[] }).cells
    .filter((cell) => cell.cell_type === 'code')
    .map((cell) => cell.source.join(''))
    .join('\n\n');

describe('the run as a notebook', () => {
  it('is a valid nbformat 4 notebook', () => {
    const notebook = JSON.parse(notebookText(pythonScript(seedJob)));
    expect(validNotebook(notebook), JSON.stringify(validNotebook.errors)).toBe(true);
    expect(new Set(notebook.cells.map((cell: { id: string }) => cell.id)).size).toBe(notebook.cells.length);
  });

  it('has one cell a step, in the order of the seed tutorial', () => {
    const { cells } = notebookOf(pythonScript(seedJob));
    expect(cells[0]).toMatchObject({ cell_type: 'markdown' });
    expect(cells[0]!.source[0]).toMatch(/^# /);
    const firstCellWith = (text: string) => cells.findIndex((cell) => cell.source.join('').includes(text));
    const steps = [
      'import osparc',
      'api_client = osparc.ApiClient()',
      'files_api.upload_file(file="file_with_number.txt")',
      'solvers_api.get_solver_release(',
      'solvers_api.create_job(',
      'solvers_api.start_job(',
      'solvers_api.get_job_output_logfile(',
    ].map(firstCellWith);
    expect(steps.every((index) => index > 0)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(new Set(steps).size).toBeGreaterThanOrEqual(5);
    // No step is left inside the script's `with` block.
    expect(cells.some((cell) => cell.source.join('').includes('with osparc.ApiClient()'))).toBe(false);
  });

  it.skipIf(!hasPython)('holds code Python parses, for a solver job, a sweep and a study job', () => {
    const sweep: CodeExportSpec = { ...seedJob, jobId: undefined, sweep: [{ port: 'input_2', values: [1, 2, 3] }] };
    const study = studyPythonScript({
      kind: 'study',
      studyId: '5e1a7b62-2c4f-4d1e-9a37-0b8c1f6d2a11',
      title: 'Sleeper pipeline',
      values: { sleep_interval: 2 },
    });
    for (const script of [pythonScript(seedJob), pythonScript(sweep), study]) {
      const parsed = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], {
        input: codeOf(notebookText(script)),
        encoding: 'utf8',
      });
      expect(parsed.status, parsed.stderr).toBe(0);
    }
  });
});
