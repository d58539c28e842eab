import { shellQuote } from './literals.ts';
import { type CodeExportSpec, oneLine, runsWhat, splitInputs } from './spec.ts';

const AUTH = '-u "$OSPARC_API_KEY:$OSPARC_API_SECRET"';

/** A file name inside curl's `-F 'file=@"..."'`, where `"` and `\` take a backslash. */
function formFileName(filename: string): string {
  return `"${filename.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/**
 * The run as raw HTTP calls with curl (and jq to read the answers): upload the input files
 * (multipart PUT /v0/files/content), create the job, start it, inspect until it stops, read
 * the outputs, download output files and the log zip. Credentials come from the environment.
 */
export function curlScript(spec: CodeExportSpec): string {
  const { files, plain } = splitInputs(spec.values);
  const solverPath = `/solvers/${encodeURIComponent(spec.solverKey)}/releases/${encodeURIComponent(spec.version)}`;
  const lines: string[] = [
    '#!/usr/bin/env bash',
    `# ${runsWhat(spec)}, with curl and jq.`,
    '# The API host and credentials come from the environment variables OSPARC_API_HOST',
    '# (e.g. https://api.osparc.io), OSPARC_API_KEY and OSPARC_API_SECRET.',
    'set -euo pipefail',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not JavaScript
    ': "${OSPARC_API_HOST:?Set OSPARC_API_HOST, OSPARC_API_KEY and OSPARC_API_SECRET}"',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not JavaScript
    'API="${OSPARC_API_HOST%/}/v0"',
    `SOLVER="$API${solverPath}"`,
  ];

  for (const { port, file, variable } of files) {
    const name = variable.toUpperCase();
    lines.push(
      '',
      `# ${port}: ${spec.jobId ? 'the job used' : 'the form holds'} the file ${oneLine(file.filename)} (id ${oneLine(file.id)}).`,
      '# This uploads a local file of the same name, so the script also runs against another',
      '# API host; to reuse the file already on this host instead, write:',
      `#   ${name}=$(curl -sSf ${AUTH} "$API/files/${encodeURIComponent(file.id)}")`,
      `${name}=$(curl -sSf ${AUTH} -X PUT "$API/files/content" \\`,
      `  -F ${shellQuote(`file=@${formFileName(file.filename)}`)})`,
    );
  }

  const fileArgs = files.map(({ variable }) => `--argjson ${variable} "$${variable.toUpperCase()}"`);
  const fileEntries = files.map(({ port, variable }) => `${JSON.stringify(port)}: $${variable}`);
  const body = files.length ? `{values: ($values + {${fileEntries.join(', ')}})}` : '{values: $values}';
  lines.push(
    '',
    '# The inputs (JobInputs): plain values as JSON, file inputs as the uploaded File objects.',
    `INPUTS=$(jq -n --argjson values ${shellQuote(JSON.stringify(plain, null, 2))} \\`,
    ...fileArgs.map((arg) => `  ${arg} \\`),
    `  ${shellQuote(body)})`,
    '',
    `JOB_ID=$(curl -sSf ${AUTH} -X POST "$SOLVER/jobs" \\`,
    `  -H 'Content-Type: application/json' -d "$INPUTS" | jq -r .id)`,
    'echo "Created job $JOB_ID"',
    '',
    `STATUS=$(curl -sSf ${AUTH} -X POST "$SOLVER/jobs/$JOB_ID:start")`,
    `while [ -z "$(jq -r '.stopped_at // empty' <<<"$STATUS")" ]; do`,
    '  sleep 3',
    `  STATUS=$(curl -sSf ${AUTH} -X POST "$SOLVER/jobs/$JOB_ID:inspect")`,
    `  echo "Solver progress $(jq -r '.progress' <<<"$STATUS")/100"`,
    'done',
    `STATE=$(jq -r .state <<<"$STATUS")`,
    'echo "Job ended: $STATE"',
    '',
    'if [ "$STATE" = SUCCESS ]; then',
    `  curl -sSf ${AUTH} "$SOLVER/jobs/$JOB_ID/outputs" > outputs.json`,
    '  jq .results outputs.json',
    '  # File outputs are File objects: download each by its id, under its file name.',
    `  jq -r '.results[] | objects | select(has("id")) | "\\(.id)\\t\\(.filename)"' outputs.json |`,
    "    while IFS=$'\\t' read -r file_id filename; do",
    `      curl -sSfL ${AUTH} -o "$(basename "$filename")" "$API/files/$file_id/content"`,
    '      echo "Downloaded $filename"',
    '    done',
    'fi',
    '',
    '# The logs come as a zip of .log files (a real oSPARC host redirects to storage: -L follows).',
    `curl -sSfL ${AUTH} -o logs.zip "$SOLVER/jobs/$JOB_ID/outputs/logfile"`,
    'unzip -o logs.zip -d extracted',
    '',
  );
  return lines.join('\n');
}
