import { SWEEP_KEYS } from '../sweep/metadata.ts';
import { shellQuote } from './literals.ts';
import { type CodeExportSpec, fixedValues, oneLine, runsWhat, splitInputs, sweptAxes } from './spec.ts';

export const AUTH = '-u "$OSPARC_API_KEY:$OSPARC_API_SECRET"';

/** A file name inside curl's `-F 'file=@"..."'`, where `"` and `\` take a backslash. */
export function formFileName(filename: string): string {
  return `"${filename.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/**
 * The run as raw HTTP calls with curl (and jq to read the answers): upload the input files
 * (multipart PUT /v0/files/content), create the job, start it, inspect until it stops, read
 * the outputs, download output files and the log zip. A sweep creates, tags and starts one job
 * per combination of the swept values, waits for them all and prints each one's results.
 * Credentials come from the environment.
 */
export function curlScript(spec: CodeExportSpec): string {
  const { files, plain } = splitInputs(fixedValues(spec));
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
  );
  lines.push(...(sweptAxes(spec).length ? sweepRun(spec) : singleRun()), '');
  return lines.join('\n');
}

function singleRun(): string[] {
  return [
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
  ];
}

function sweepRun(spec: CodeExportSpec): string[] {
  const sweepValues = Object.fromEntries(sweptAxes(spec).map((axis) => [axis.port, axis.values]));
  const metadata = [
    `${SWEEP_KEYS.id}: $id`,
    `${SWEEP_KEYS.index}: $index`,
    `${SWEEP_KEYS.size}: $size`,
    `${SWEEP_KEYS.inputs}: $inputs`,
    `${SWEEP_KEYS.attempt}: 1`,
  ].join(', ');
  const tag = `{metadata: ({${metadata}} + ($swept | with_entries(.key |= ${JSON.stringify(SWEEP_KEYS.valuePrefix)} + .)))}`;
  return [
    '',
    '# The swept inputs: one job per combination of their values, the first varying slowest.',
    `SWEEP_VALUES=${shellQuote(JSON.stringify(sweepValues))}`,
    `COMBINATIONS=$(jq -c '[to_entries[] | [.key as $port | .value[] | {($port): .}]] | [combinations | add]' <<<"$SWEEP_VALUES")`,
    'SIZE=$(jq length <<<"$COMBINATIONS")',
    `SWEPT_INPUTS=$(jq -r 'keys_unsorted | join(",")' <<<"$SWEEP_VALUES")`,
    'SWEEP_ID=$(uuidgen 2>/dev/null || cat /proc/sys/kernel/random/uuid)',
    `SWEEP_ID=$(tr '[:upper:]' '[:lower:]' <<<"$SWEEP_ID")`,
    '',
    'JOB_IDS=()',
    'for ((INDEX = 0; INDEX < SIZE; INDEX++)); do',
    '  SWEPT=$(jq -c ".[$INDEX]" <<<"$COMBINATIONS")',
    `  JOB_ID=$(jq -c --argjson swept "$SWEPT" '{values: (.values + $swept)}' <<<"$INPUTS" |`,
    `    curl -sSf ${AUTH} -X POST "$SOLVER/jobs" -H 'Content-Type: application/json' -d @- | jq -r .id)`,
    '  # Tagged as the dashboard tags a sweep, so its Sweeps page shows this one too.',
    '  jq -n --arg id "$SWEEP_ID" --argjson index "$INDEX" --argjson size "$SIZE" \\',
    '    --arg inputs "$SWEPT_INPUTS" --argjson swept "$SWEPT" \\',
    `    ${shellQuote(tag)} |`,
    `    curl -sSf ${AUTH} -o /dev/null -X PATCH "$SOLVER/jobs/$JOB_ID/metadata" \\`,
    "      -H 'Content-Type: application/json' -d @-",
    `  curl -sSf ${AUTH} -o /dev/null -X POST "$SOLVER/jobs/$JOB_ID:start"`,
    '  echo "Started job $((INDEX + 1))/$SIZE $JOB_ID $SWEPT"',
    '  JOB_IDS+=("$JOB_ID")',
    'done',
    '',
    '# Wait for each job to stop, then print its swept values, state and results.',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not JavaScript
    'for INDEX in "${!JOB_IDS[@]}"; do',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not JavaScript
    '  JOB_ID=${JOB_IDS[$INDEX]}',
    `  STATUS=$(curl -sSf ${AUTH} -X POST "$SOLVER/jobs/$JOB_ID:inspect")`,
    `  while [ -z "$(jq -r '.stopped_at // empty' <<<"$STATUS")" ]; do`,
    '    sleep 3',
    `    STATUS=$(curl -sSf ${AUTH} -X POST "$SOLVER/jobs/$JOB_ID:inspect")`,
    '  done',
    '  STATE=$(jq -r .state <<<"$STATUS")',
    '  echo "$(jq -c ".[$INDEX]" <<<"$COMBINATIONS") job $JOB_ID ended: $STATE"',
    '  if [ "$STATE" = SUCCESS ]; then',
    `    curl -sSf ${AUTH} "$SOLVER/jobs/$JOB_ID/outputs" | jq -c .results`,
    '  fi',
    'done',
  ];
}
