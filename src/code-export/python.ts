import { pythonLiteral, pythonString } from './literals.ts';
import { type CodeExportSpec, oneLine, runsWhat, splitInputs } from './spec.ts';

const INDENT = '    ';

/**
 * The run as a Python script with the osparc client, in the style of its Basic Tutorial:
 * upload the input files, get the solver release, create the job with `osparc.JobInputs`,
 * start it, inspect until it stops, print the outputs, download output files and unzip the logs.
 * `osparc.ApiClient()` reads the host and credentials from the environment, so no key is written.
 */
export function pythonScript(spec: CodeExportSpec): string {
  const { files } = splitInputs(spec.values);
  const fileOf = new Map(files.map((input) => [input.port, input]));
  const lines: string[] = [
    `# ${runsWhat(spec)}, with the osparc Python client.`,
    '# Needs the client (pip install osparc). It reads the API host and credentials from the',
    '# environment variables OSPARC_API_HOST (e.g. https://api.osparc.io), OSPARC_API_KEY and',
    '# OSPARC_API_SECRET.',
    '',
    'import time',
    'from pathlib import Path',
    'from zipfile import ZipFile',
    '',
    'import osparc',
    '',
    'with osparc.ApiClient() as api_client:',
    `${INDENT}files_api = osparc.FilesApi(api_client)`,
  ];

  for (const { port, file, variable } of files) {
    lines.push(
      '',
      `${INDENT}# ${port}: ${spec.jobId ? 'the job used' : 'the form holds'} the file ${oneLine(file.filename)} (id ${oneLine(file.id)}).`,
      `${INDENT}# This uploads a local file of the same name, so the script also runs against another`,
      `${INDENT}# API host; to reuse the file already on this host instead, write:`,
      `${INDENT}#   ${variable} = files_api.get_file(file_id=${pythonString(file.id)})`,
      `${INDENT}${variable}: osparc.File = files_api.upload_file(file=${pythonString(file.filename)})`,
    );
  }

  const inputLines = Object.entries(spec.values).map(([port, value]) => {
    const file = fileOf.get(port);
    const literal = file ? file.variable : pythonLiteral(value, 4);
    return `${INDENT.repeat(4)}${pythonString(port)}: ${literal},`;
  });

  lines.push(
    '',
    `${INDENT}solver_key: str = ${pythonString(spec.solverKey)}`,
    `${INDENT}solver_version: str = ${pythonString(spec.version)}`,
    '',
    `${INDENT}solvers_api = osparc.SolversApi(api_client)`,
    `${INDENT}solver: osparc.Solver = solvers_api.get_solver_release(`,
    `${INDENT}${INDENT}solver_key=solver_key, version=solver_version`,
    `${INDENT})`,
    '',
    `${INDENT}job: osparc.Job = solvers_api.create_job(`,
    `${INDENT}${INDENT}solver.id,`,
    `${INDENT}${INDENT}solver.version,`,
    `${INDENT}${INDENT}osparc.JobInputs(`,
    ...(inputLines.length
      ? [`${INDENT.repeat(3)}{`, ...inputLines, `${INDENT.repeat(3)}}`]
      : [`${INDENT.repeat(3)}{}`]),
    `${INDENT}${INDENT}),`,
    `${INDENT})`,
    `${INDENT}print("Created job", job.id)`,
    '',
    `${INDENT}status: osparc.JobStatus = solvers_api.start_job(solver.id, solver.version, job.id)`,
    `${INDENT}while not status.stopped_at:`,
    `${INDENT}${INDENT}time.sleep(3)`,
    `${INDENT}${INDENT}status = solvers_api.inspect_job(solver.id, solver.version, job.id)`,
    `${INDENT}${INDENT}print("Solver progress", f"{status.progress}/100", flush=True)`,
    `${INDENT}print("Job ended:", status.state)`,
    '',
    `${INDENT}if status.state == "SUCCESS":`,
    `${INDENT}${INDENT}outputs: osparc.JobOutputs = solvers_api.get_job_outputs(`,
    `${INDENT}${INDENT}${INDENT}solver.id, solver.version, job.id`,
    `${INDENT}${INDENT})`,
    `${INDENT}${INDENT}print(f"Job {outputs.job_id} got these results:")`,
    `${INDENT}${INDENT}for output_name, result in outputs.results.items():`,
    `${INDENT}${INDENT}${INDENT}if isinstance(result, osparc.File):`,
    `${INDENT}${INDENT}${INDENT}${INDENT}download_path: str = files_api.download_file(file_id=result.id)`,
    `${INDENT}${INDENT}${INDENT}${INDENT}print(output_name, "=", result.filename, "downloaded to", download_path)`,
    `${INDENT}${INDENT}${INDENT}else:`,
    `${INDENT}${INDENT}${INDENT}${INDENT}print(output_name, "=", result)`,
    '',
    `${INDENT}# The logs come as a zip of .log files.`,
    `${INDENT}logfile_path: str = solvers_api.get_job_output_logfile(`,
    `${INDENT}${INDENT}solver.id, solver.version, job.id`,
    `${INDENT})`,
    `${INDENT}extract_dir = Path("./extracted")`,
    `${INDENT}extract_dir.mkdir(exist_ok=True)`,
    `${INDENT}with ZipFile(logfile_path) as fzip:`,
    `${INDENT}${INDENT}fzip.extractall(extract_dir)`,
    `${INDENT}for logfile in extract_dir.glob("*.log*"):`,
    `${INDENT}${INDENT}print("Unzipped", logfile, "contains:\\n", logfile.read_text())`,
    '',
  );
  return lines.join('\n');
}
