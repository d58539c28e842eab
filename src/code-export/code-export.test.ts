import { describe, expect, it } from 'vitest';
import { curlScript } from './curl.ts';
import { pythonLiteral, pythonString, shellQuote } from './literals.ts';
import { pythonScript } from './python.ts';
import { seedJob } from './seed-job.fixture.ts';
import type { CodeExportSpec } from './spec.ts';

describe('Python literals', () => {
  it('writes booleans, None, numbers and strings as Python reads them', () => {
    expect(pythonLiteral(true)).toBe('True');
    expect(pythonLiteral(false)).toBe('False');
    expect(pythonLiteral(null)).toBe('None');
    expect(pythonLiteral(3)).toBe('3');
    expect(pythonLiteral(-0.25)).toBe('-0.25');
    expect(pythonLiteral(1e21)).toBe('1e+21');
    expect(pythonLiteral(Number.NaN)).toBe('float("nan")');
    expect(pythonLiteral('false')).toBe('"false"');
  });

  it('escapes quotes, backslashes and line breaks in strings', () => {
    expect(pythonString('say "hi"\\now\nnext\ttab')).toBe('"say \\"hi\\"\\\\now\\nnext\\ttab"');
    expect(pythonString('bell\u0007')).toBe('"bell\\x07"');
    expect(pythonString('µm ✓')).toBe('"µm ✓"');
  });

  it('writes nested objects and arrays as dicts and lists', () => {
    expect(pythonLiteral({ a: [1, true, { b: null }], 'c"d': {} })).toBe(
      [
        '{',
        '    "a": [',
        '        1,',
        '        True,',
        '        {',
        '            "b": None,',
        '        },',
        '    ],',
        '    "c\\"d": {},',
        '}',
      ].join('\n'),
    );
    expect(pythonLiteral([])).toBe('[]');
  });
});

describe('Python script of the seed job', () => {
  const script = pythonScript(seedJob);

  it('names the same solver and release', () => {
    expect(script).toContain('solver_key: str = "simcore/services/comp/itis/sleeper"');
    expect(script).toContain('solver_version: str = "2.1.6"');
    expect(script).toContain('solvers_api.get_solver_release(');
  });

  it('passes the same inputs, the boolean as False and the file as the uploaded File', () => {
    expect(script).toContain('"input_4": 2,');
    expect(script).toContain('"input_3": False,');
    expect(script).toContain('"input_2": 3,');
    expect(script).toContain('"input_1": input_1_file,');
    expect(script).toContain('input_1_file: osparc.File = files_api.upload_file(file="file_with_number.txt")');
    expect(script).toContain('files_api.get_file(file_id="9fb4f70e-3589-3e9e-991e-3059086c3aae")');
    expect(script).toContain('osparc.JobInputs(');
  });

  it('starts, polls until stopped, then reads outputs, downloads files and unzips the logs', () => {
    const order = [
      'solvers_api.create_job(',
      'solvers_api.start_job(',
      'while not status.stopped_at:',
      'solvers_api.inspect_job(',
      'solvers_api.get_job_outputs(',
      'files_api.download_file(',
      'solvers_api.get_job_output_logfile(',
      'fzip.extractall(',
    ].map((step) => script.indexOf(step));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('reads the credentials from the environment and holds no key', () => {
    expect(script).toContain('osparc.ApiClient()');
    expect(script).toContain('OSPARC_API_KEY');
    expect(script).not.toMatch(/username|password|api_key\s*=/i);
  });

  it('keeps a string value a string ("false" as the tutorial sends it)', () => {
    expect(pythonScript({ ...seedJob, values: { input_3: 'false' } })).toContain('"input_3": "false",');
  });

  it('keeps API text that breaks lines out of the code', () => {
    const odd = pythonScript({
      ...seedJob,
      values: { input_1: { id: 'x', filename: 'a\nimport os' }, input_2: 'line\nbreak' },
    });
    expect(odd).not.toMatch(/^import os$/m);
    expect(odd).toContain('"input_2": "line\\nbreak",');
  });
});

describe('curl script of the seed job', () => {
  const script = curlScript(seedJob);

  it('authenticates with the environment variables and holds no key', () => {
    expect(script).toContain('-u "$OSPARC_API_KEY:$OSPARC_API_SECRET"');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not JavaScript
    expect(script).toContain('"${OSPARC_API_HOST%/}/v0"');
    // Every curl call carries the credentials from the environment and nothing else.
    const calls = script.split('\n').filter((line) => /^\s*(\S+=\$\()?curl /.test(line));
    expect(calls.length).toBeGreaterThan(5);
    for (const call of calls) expect(call).toContain('-u "$OSPARC_API_KEY:$OSPARC_API_SECRET"');
  });

  it('uploads the file, creates, starts, inspects, reads outputs and the log zip', () => {
    expect(script).toContain(`-X PUT "$API/files/content"`);
    expect(script).toContain(`-F 'file=@"file_with_number.txt"'`);
    expect(script).toContain('SOLVER="$API/solvers/simcore%2Fservices%2Fcomp%2Fitis%2Fsleeper/releases/2.1.6"');
    expect(script).toContain('-X POST "$SOLVER/jobs"');
    expect(script).toContain('"$SOLVER/jobs/$JOB_ID:start"');
    expect(script).toContain('"$SOLVER/jobs/$JOB_ID:inspect"');
    expect(script).toContain('"$SOLVER/jobs/$JOB_ID/outputs"');
    expect(script).toContain('"$SOLVER/jobs/$JOB_ID/outputs/logfile"');
  });

  it('sends the plain values as JSON and the file as the uploaded File', () => {
    const json = /--argjson values '([^']*)'/.exec(script)?.[1];
    expect(JSON.parse(json ?? 'null')).toEqual({ input_4: 2, input_3: false, input_2: 3 });
    expect(script).toContain('--argjson input_1_file "$INPUT_1_FILE"');
    expect(script).toContain(`'{values: ($values + {"input_1": $input_1_file})}'`);
  });

  it('quotes single quotes in values for the shell', () => {
    const odd = curlScript({ ...seedJob, values: { input_2: "it's" } });
    expect(odd).toContain(`'{\n  "input_2": "it'\\''s"\n}'`);
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
  });
});

describe('scripts of a sweep from the run form', () => {
  /** The seed's inputs with the sleep time swept over 0, 1, 2 and the walk over 1, 2: six jobs. */
  const sweep: CodeExportSpec = {
    solverKey: seedJob.solverKey,
    version: seedJob.version,
    values: seedJob.values,
    sweep: [
      { port: 'input_2', values: [0, 1, 2] },
      { port: 'input_4', values: [1, 2.5] },
    ],
  };

  it('says in its first line that it runs the sweep and how many jobs', () => {
    for (const script of [pythonScript(sweep), curlScript(sweep)]) {
      expect(script).toMatch(
        /Runs the solver simcore\/services\/comp\/itis\/sleeper 2\.1\.6 as a sweep of 6 jobs over input_2 × input_4/,
      );
    }
  });

  it('Python: loops over every combination, tags each job as a sweep and waits for them all', () => {
    const script = pythonScript(sweep);
    expect(script).toContain('"input_2": [0, 1, 2],');
    expect(script).toContain('"input_4": [1, 2.5],');
    expect(script).toContain('itertools.product(*sweep_values.values())');
    // The fixed inputs hold no swept port; the file is still uploaded once.
    const fixed = script.slice(script.indexOf('fixed_inputs'), script.indexOf('combinations ='));
    expect(fixed).toContain('"input_3": False,');
    expect(fixed).toContain('"input_1": input_1_file,');
    expect(fixed).not.toMatch(/"input_2"|"input_4"/);
    expect(script.match(/files_api\.upload_file\(/g)).toHaveLength(1);
    for (const key of [
      '"sweep_id": sweep_id',
      '"sweep_index": index',
      '"sweep_size": len(combinations)',
      '"sweep_attempt": 1',
    ]) {
      expect(script).toContain(key);
    }
    expect(script).toContain('f"sweep.{port}": value');
    const order = [
      'solvers_api.create_job(',
      'solvers_api.replace_job_custom_metadata(',
      'solvers_api.start_job(',
      'for swept, job in jobs:',
      'while not status.stopped_at:',
      'solvers_api.get_job_outputs(',
    ].map((step) => script.indexOf(step));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('curl: carries the swept values as JSON and merges each combination into the inputs', () => {
    const script = curlScript(sweep);
    const values = /SWEEP_VALUES='([^']*)'/.exec(script)?.[1];
    expect(JSON.parse(values ?? 'null')).toEqual({ input_2: [0, 1, 2], input_4: [1, 2.5] });
    const plain = /--argjson values '([^']*)'/.exec(script)?.[1];
    expect(JSON.parse(plain ?? 'null')).toEqual({ input_3: false });
    expect(script).toContain(`'{values: (.values + $swept)}'`);
    expect(script).toContain('-X PATCH "$SOLVER/jobs/$JOB_ID/metadata"');
    expect(script).not.toContain('outputs/logfile');
  });

  it('is the single-job script when no input is swept', () => {
    expect(pythonScript({ ...sweep, sweep: [] })).toBe(pythonScript({ ...seedJob, jobId: undefined }));
    expect(curlScript({ ...sweep, sweep: [] })).toBe(curlScript({ ...seedJob, jobId: undefined }));
  });
});
