import type { ArgumentValue } from '../api/types.ts';
import { AUTH, formFileName } from './curl.ts';
import { pythonLiteral, pythonString, shellQuote } from './literals.ts';
import { oneLine, type ScriptExtension, splitInputs } from './spec.ts';

/** What a study script reproduces: one job of a study with these values (keyed by input labels). */
export interface StudyCodeSpec {
  kind: 'study';
  studyId: string;
  title: string;
  values: Record<string, ArgumentValue>;
  /** The job the values come from, named in the script's comments. */
  jobId?: string;
}

const INDENT = '    ';
const I2 = INDENT.repeat(2);

const runsWhat = (spec: StudyCodeSpec) =>
  `Runs the study ${oneLine(spec.title)} (${oneLine(spec.studyId)})${spec.jobId ? ` with the inputs of job ${spec.jobId}` : ''}`;

/**
 * The study job as a Python script with the osparc client's StudiesApi, as its own e2e test
 * drives it: upload the input files, create the study job with values keyed by the study's input
 * labels, start it, inspect until it stops, print the outputs and download every node's log.
 */
export function studyPythonScript(spec: StudyCodeSpec): string {
  const { files, plain } = splitInputs(spec.values);
  const lines = [
    `# ${runsWhat(spec)}, with the osparc Python client.`,
    '# Needs the client (pip install osparc). It reads the API host and credentials from the',
    '# environment variables OSPARC_API_HOST (e.g. https://api.osparc.io), OSPARC_API_KEY and',
    '# OSPARC_API_SECRET.',
    '',
    'import time',
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
      `${INDENT}# This uploads a local file of the same name; to reuse the one on this host, write:`,
      `${INDENT}#   ${variable} = files_api.get_file(file_id=${pythonString(file.id)})`,
      `${INDENT}${variable}: osparc.File = files_api.upload_file(file=${pythonString(file.filename)})`,
    );
  }
  const entries = [
    ...Object.entries(plain).map(([label, value]) => `${I2}${pythonString(label)}: ${pythonLiteral(value, 2)},`),
    ...files.map(({ port, variable }) => `${I2}${pythonString(port)}: ${variable},`),
  ];
  lines.push(
    '',
    `${INDENT}studies_api = osparc.StudiesApi(api_client)`,
    `${INDENT}study_id: str = ${pythonString(spec.studyId)}`,
    '',
    `${INDENT}# The values are keyed by the labels of the study's parameter and file-picker nodes.`,
    `${INDENT}job_inputs = osparc.JobInputs(values={`,
    ...entries,
    `${INDENT}})`,
    `${INDENT}job: osparc.Job = studies_api.create_study_job(study_id=study_id, job_inputs=job_inputs)`,
    `${INDENT}print(f"Created study job {job.id}")`,
    '',
    `${INDENT}status: osparc.JobStatus = studies_api.start_study_job(study_id=study_id, job_id=job.id)`,
    `${INDENT}while status.stopped_at is None:`,
    `${I2}time.sleep(3)`,
    `${I2}status = studies_api.inspect_study_job(study_id=study_id, job_id=job.id)`,
    `${I2}print(f"Study progress {status.progress}/100")`,
    `${INDENT}print(f"Study job ended: {status.state}")`,
    '',
    `${INDENT}# The outputs are keyed by the labels of the study's probe nodes.`,
    `${INDENT}outputs: osparc.JobOutputs = studies_api.get_study_job_outputs(study_id=study_id, job_id=job.id)`,
    `${INDENT}for label, value in outputs.results.items():`,
    `${I2}print(f"{label}: {value}")`,
    '',
    `${INDENT}# One log file per node, in a folder.`,
    `${INDENT}log_dir = studies_api.get_study_job_output_logfiles(study_id=study_id, job_id=job.id)`,
    `${INDENT}print(f"Logs in {log_dir}")`,
    '',
  );
  return lines.join('\n');
}

/** The same with curl and jq. */
export function studyCurlScript(spec: StudyCodeSpec): string {
  const { files, plain } = splitInputs(spec.values);
  const lines = [
    '#!/usr/bin/env bash',
    `# ${runsWhat(spec)}, with curl and jq.`,
    '# The API host and credentials come from the environment variables OSPARC_API_HOST',
    '# (e.g. https://api.osparc.io), OSPARC_API_KEY and OSPARC_API_SECRET.',
    'set -euo pipefail',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not JavaScript
    ': "${OSPARC_API_HOST:?Set OSPARC_API_HOST, OSPARC_API_KEY and OSPARC_API_SECRET}"',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not JavaScript
    'API="${OSPARC_API_HOST%/}/v0"',
    `STUDY="$API/studies/${encodeURIComponent(spec.studyId)}"`,
  ];
  for (const { port, file, variable } of files) {
    const name = variable.toUpperCase();
    lines.push(
      '',
      `# ${port}: ${spec.jobId ? 'the job used' : 'the form holds'} the file ${oneLine(file.filename)} (id ${oneLine(file.id)}).`,
      `${name}=$(curl -sSf ${AUTH} -X PUT "$API/files/content" \\`,
      `  -F ${shellQuote(`file=@${formFileName(file.filename)}`)})`,
    );
  }
  const fileArgs = files.map(({ variable }) => `--argjson ${variable} "$${variable.toUpperCase()}"`);
  const fileEntries = files.map(({ port, variable }) => `${JSON.stringify(port)}: $${variable}`);
  const body = files.length ? `{values: ($values + {${fileEntries.join(', ')}})}` : '{values: $values}';
  lines.push(
    '',
    "# The values are keyed by the labels of the study's parameter and file-picker nodes.",
    `INPUTS=$(jq -n --argjson values ${shellQuote(JSON.stringify(plain, null, 2))} \\`,
    ...fileArgs.map((arg) => `  ${arg} \\`),
    `  ${shellQuote(body)})`,
    '',
    `JOB_ID=$(curl -sSf ${AUTH} -X POST "$STUDY/jobs" \\`,
    `  -H 'Content-Type: application/json' -d "$INPUTS" | jq -r .id)`,
    'echo "Created study job $JOB_ID"',
    '',
    `STATUS=$(curl -sSf ${AUTH} -X POST "$STUDY/jobs/$JOB_ID:start")`,
    `while [ -z "$(jq -r '.stopped_at // empty' <<<"$STATUS")" ]; do`,
    '  sleep 3',
    `  STATUS=$(curl -sSf ${AUTH} -X POST "$STUDY/jobs/$JOB_ID:inspect")`,
    `  echo "Study progress $(jq -r '.progress' <<<"$STATUS")/100"`,
    'done',
    'echo "Study job ended: $(jq -r .state <<<"$STATUS")"',
    '',
    "# The outputs (keyed by the study's probe labels), then each node's log.",
    `curl -sSf ${AUTH} -X POST "$STUDY/jobs/$JOB_ID/outputs" | jq .results`,
    `curl -sSf ${AUTH} "$STUDY/jobs/$JOB_ID/outputs/log-links" |`,
    `  jq -r '.log_links[] | "\\(.node_name)\\t\\(.download_link)"' |`,
    "  while IFS=$'\\t' read -r node link; do",
    `    curl -sSfL ${AUTH} -o "$node.zip" "$link"`,
    '    echo "Downloaded the log of $node"',
    '  done',
    '',
  );
  return lines.join('\n');
}

/** `sleeper-pipeline.py` */
export function studyScriptFileName(spec: StudyCodeSpec, extension: ScriptExtension): string {
  const name =
    spec.title
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'study';
  return `${name}.${extension}`;
}
