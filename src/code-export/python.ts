import { SWEEP_KEYS } from '../sweep/metadata.ts';
import { pythonLiteral, pythonString } from './literals.ts';
import { type CodeExportSpec, fixedValues, oneLine, runsWhat, splitInputs, sweptAxes } from './spec.ts';

const INDENT = '    ';
const I2 = INDENT.repeat(2);
const I3 = INDENT.repeat(3);
const I4 = INDENT.repeat(4);

/**
 * The run as a Python script with the osparc client, in the style of its Basic Tutorial:
 * upload the input files, get the solver release, create the job with `osparc.JobInputs`,
 * start it, inspect until it stops, print the outputs, download output files and unzip the logs.
 * A sweep creates, tags and starts one job per combination of the swept values, waits for
 * them all and prints each one's outputs.
 * `osparc.ApiClient()` reads the host and credentials from the environment, so no key is written.
 */
export function pythonScript(spec: CodeExportSpec): string {
  const sweeping = sweptAxes(spec).length > 0;
  return [...prelude(spec, sweeping), ...(sweeping ? sweepRun(spec) : singleRun(spec)), ''].join('\n');
}

/** Imports, the input files' uploads and the solver release: what both kinds of script start with. */
function prelude(spec: CodeExportSpec, sweeping: boolean): string[] {
  const lines: string[] = [
    `# ${runsWhat(spec)}, with the osparc Python client.`,
    '# Needs the client (pip install osparc). It reads the API host and credentials from the',
    '# environment variables OSPARC_API_HOST (e.g. https://api.osparc.io), OSPARC_API_KEY and',
    '# OSPARC_API_SECRET.',
    '',
    ...(sweeping ? ['import itertools', 'import time', 'import uuid'] : ['import time']),
    ...(sweeping ? [] : ['from pathlib import Path', 'from zipfile import ZipFile']),
    '',
    'import osparc',
    '',
    'with osparc.ApiClient() as api_client:',
    `${INDENT}files_api = osparc.FilesApi(api_client)`,
  ];
  for (const { port, file, variable } of splitInputs(fixedValues(spec)).files) {
    lines.push(
      '',
      `${INDENT}# ${port}: ${spec.jobId ? 'the job used' : 'the form holds'} the file ${oneLine(file.filename)} (id ${oneLine(file.id)}).`,
      `${INDENT}# This uploads a local file of the same name, so the script also runs against another`,
      `${INDENT}# API host; to reuse the file already on this host instead, write:`,
      `${INDENT}#   ${variable} = files_api.get_file(file_id=${pythonString(file.id)})`,
      `${INDENT}${variable}: osparc.File = files_api.upload_file(file=${pythonString(file.filename)})`,
    );
  }
  lines.push(
    '',
    `${INDENT}solver_key: str = ${pythonString(spec.solverKey)}`,
    `${INDENT}solver_version: str = ${pythonString(spec.version)}`,
    '',
    `${INDENT}solvers_api = osparc.SolversApi(api_client)`,
    `${INDENT}solver: osparc.Solver = solvers_api.get_solver_release(`,
    `${I2}solver_key=solver_key, version=solver_version`,
    `${INDENT})`,
  );
  return lines;
}

/** The inputs as the entries of a Python dict literal at `indent`: files by their variables. */
function inputEntries(spec: CodeExportSpec, indent: string): string[] {
  const values = fixedValues(spec);
  const fileOf = new Map(splitInputs(values).files.map((input) => [input.port, input]));
  return Object.entries(values).map(([port, value]) => {
    const literal = fileOf.get(port)?.variable ?? pythonLiteral(value, indent.length / INDENT.length);
    return `${indent}${pythonString(port)}: ${literal},`;
  });
}

/** Prints a job's outputs (at `indent`, inside `if status.state == "SUCCESS":`), downloading files when asked. */
function printOutputs(indent: string, download: boolean): string[] {
  const inner = `${indent}${INDENT}`;
  return [
    `${indent}outputs: osparc.JobOutputs = solvers_api.get_job_outputs(solver.id, solver.version, job.id)`,
    `${indent}for output_name, result in outputs.results.items():`,
    `${inner}if isinstance(result, osparc.File):`,
    ...(download
      ? [
          `${inner}${INDENT}download_path: str = files_api.download_file(file_id=result.id)`,
          `${inner}${INDENT}print(output_name, "=", result.filename, "downloaded to", download_path)`,
        ]
      : [`${inner}${INDENT}print("   ", output_name, "=", result.filename, "(file id", result.id + ")")`]),
    `${inner}else:`,
    `${inner}${INDENT}print(${download ? '' : '"   ", '}output_name, "=", result)`,
  ];
}

function singleRun(spec: CodeExportSpec): string[] {
  const entries = inputEntries(spec, I4);
  return [
    '',
    `${INDENT}job: osparc.Job = solvers_api.create_job(`,
    `${I2}solver.id,`,
    `${I2}solver.version,`,
    `${I2}osparc.JobInputs(`,
    ...(entries.length ? [`${I3}{`, ...entries, `${I3}}`] : [`${I3}{}`]),
    `${I2}),`,
    `${INDENT})`,
    `${INDENT}print("Created job", job.id)`,
    '',
    `${INDENT}status: osparc.JobStatus = solvers_api.start_job(solver.id, solver.version, job.id)`,
    `${INDENT}while not status.stopped_at:`,
    `${I2}time.sleep(3)`,
    `${I2}status = solvers_api.inspect_job(solver.id, solver.version, job.id)`,
    `${I2}print("Solver progress", f"{status.progress}/100", flush=True)`,
    `${INDENT}print("Job ended:", status.state)`,
    '',
    `${INDENT}if status.state == "SUCCESS":`,
    `${I2}print(f"Job {job.id} got these results:")`,
    ...printOutputs(I2, true),
    '',
    `${INDENT}# The logs come as a zip of .log files.`,
    `${INDENT}logfile_path: str = solvers_api.get_job_output_logfile(`,
    `${I2}solver.id, solver.version, job.id`,
    `${INDENT})`,
    `${INDENT}extract_dir = Path("./extracted")`,
    `${INDENT}extract_dir.mkdir(exist_ok=True)`,
    `${INDENT}with ZipFile(logfile_path) as fzip:`,
    `${I2}fzip.extractall(extract_dir)`,
    `${INDENT}for logfile in extract_dir.glob("*.log*"):`,
    `${I2}print("Unzipped", logfile, "contains:\\n", logfile.read_text())`,
  ];
}

function sweepRun(spec: CodeExportSpec): string[] {
  const entries = inputEntries(spec, I2);
  const axes = sweptAxes(spec).map(
    (axis) => `${I2}${pythonString(axis.port)}: [${axis.values.map((value) => pythonLiteral(value)).join(', ')}],`,
  );
  const key = (name: string) => pythonString(name);
  return [
    '',
    `${INDENT}# The swept inputs: one job per combination of their values, the first varying slowest.`,
    `${INDENT}sweep_values: dict[str, list] = {`,
    ...axes,
    `${INDENT}}`,
    `${INDENT}fixed_inputs: dict = ${entries.length ? '{' : '{}'}`,
    ...(entries.length ? [...entries, `${INDENT}}`] : []),
    `${INDENT}combinations = list(itertools.product(*sweep_values.values()))`,
    `${INDENT}sweep_id = str(uuid.uuid4())`,
    '',
    `${INDENT}jobs: list[tuple[dict, osparc.Job]] = []`,
    `${INDENT}for index, combination in enumerate(combinations):`,
    `${I2}swept = dict(zip(sweep_values, combination))`,
    `${I2}job: osparc.Job = solvers_api.create_job(`,
    `${I3}solver.id, solver.version, osparc.JobInputs({**fixed_inputs, **swept})`,
    `${I2})`,
    `${I2}# Tagged as the dashboard tags a sweep, so its Sweeps page shows this one too.`,
    `${I2}solvers_api.replace_job_custom_metadata(`,
    `${I3}solver.id,`,
    `${I3}solver.version,`,
    `${I3}job.id,`,
    `${I3}osparc.JobMetadataUpdate(`,
    `${I4}metadata={`,
    `${I4}${INDENT}${key(SWEEP_KEYS.id)}: sweep_id,`,
    `${I4}${INDENT}${key(SWEEP_KEYS.index)}: index,`,
    `${I4}${INDENT}${key(SWEEP_KEYS.size)}: len(combinations),`,
    `${I4}${INDENT}${key(SWEEP_KEYS.inputs)}: ",".join(sweep_values),`,
    `${I4}${INDENT}${key(SWEEP_KEYS.attempt)}: 1,`,
    `${I4}${INDENT}**{f"${SWEEP_KEYS.valuePrefix}{port}": value for port, value in swept.items()},`,
    `${I4}}`,
    `${I3}),`,
    `${I2})`,
    `${I2}solvers_api.start_job(solver.id, solver.version, job.id)`,
    `${I2}print(f"Started job {index + 1}/{len(combinations)}", job.id, swept, flush=True)`,
    `${I2}jobs.append((swept, job))`,
    '',
    `${INDENT}# Wait for each job to stop, then print its swept values, state and outputs.`,
    `${INDENT}for swept, job in jobs:`,
    `${I2}status: osparc.JobStatus = solvers_api.inspect_job(solver.id, solver.version, job.id)`,
    `${I2}while not status.stopped_at:`,
    `${I3}time.sleep(3)`,
    `${I3}status = solvers_api.inspect_job(solver.id, solver.version, job.id)`,
    `${I2}print(swept, "job", job.id, "ended:", status.state)`,
    `${I2}if status.state == "SUCCESS":`,
    ...printOutputs(I3, false),
  ];
}
