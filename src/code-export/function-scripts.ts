import type { ArgumentValue } from '../api/types.ts';
import { pythonLiteral, pythonString, shellQuote } from './literals.ts';

/** A run (one inputs) or a map (many) of a registered function. */
export interface FunctionCallSpec {
  functionId: string;
  title: string;
  /** One entry: `:run`; several: `:map` in calls of at most 50. */
  inputsList: Record<string, ArgumentValue>[];
}

const PARENT_ARGS = 'x_simcore_parent_project_uuid="null", x_simcore_parent_node_id="null"';

/**
 * The call as a Python script with the osparc client's generated functions API (osparc_client
 * ships with `pip install osparc`): run or map, wait until every function job stopped, print
 * each one's outputs. The client reads the host and credentials from the environment.
 */
export function functionPythonScript(spec: FunctionCallSpec): string {
  const mapping = spec.inputsList.length > 1;
  const lines = [
    `# ${mapping ? 'Maps' : 'Runs'} the function ${pythonString(spec.title).slice(1, -1)} with the osparc Python client.`,
    '# Needs the client (pip install osparc). It reads OSPARC_API_HOST, OSPARC_API_KEY and OSPARC_API_SECRET.',
    '',
    'import time',
    '',
    'import osparc',
    'from osparc_client.api.function_job_collections_api import FunctionJobCollectionsApi',
    'from osparc_client.api.function_jobs_api import FunctionJobsApi',
    'from osparc_client.api.functions_api import FunctionsApi',
    '',
    `FUNCTION_ID = ${pythonString(spec.functionId)}`,
    'FINAL = {"SUCCESS", "FAILED", "ABORTED", "JOB_TASK_RUN_STATUS_FAILURE"}',
    '',
    'with osparc.ApiClient() as api_client:',
    '    functions_api = FunctionsApi(api_client)',
    '    function_jobs_api = FunctionJobsApi(api_client)',
  ];
  if (mapping) {
    lines.push(
      '    collections_api = FunctionJobCollectionsApi(api_client)',
      `    inputs_list = ${pythonLiteral(spec.inputsList, 1)}`,
      '    job_ids = []',
      '    # A map takes at most 50 inputs per call.',
      '    for start in range(0, len(inputs_list), 50):',
      '        collection = functions_api.map_function(',
      `            function_id=FUNCTION_ID, ${PARENT_ARGS}, request_body=inputs_list[start : start + 50]`,
      '        )',
      '        while not set(collections_api.function_job_collection_status(collection.uid).status) <= FINAL:',
      '            time.sleep(1)',
      '        job_ids += collection.job_ids',
      '    for job_id in job_ids:',
      '        status = function_jobs_api.function_job_status(job_id).status',
      '        print(job_id, status, function_jobs_api.function_job_outputs(job_id))',
    );
  } else {
    lines.push(
      `    inputs = ${pythonLiteral(spec.inputsList[0] ?? {}, 1)}`,
      '    job = functions_api.run_function(',
      `        function_id=FUNCTION_ID, ${PARENT_ARGS}, request_body=inputs`,
      '    ).actual_instance',
      '    while (status := function_jobs_api.function_job_status(job.uid).status) not in FINAL:',
      '        time.sleep(1)',
      '    print(status, function_jobs_api.function_job_outputs(job.uid))',
    );
  }
  return [...lines, ''].join('\n');
}

/** The call with curl and jq: run or map, poll the status, print the outputs. */
export function functionCurlScript(spec: FunctionCallSpec): string {
  const mapping = spec.inputsList.length > 1;
  const auth = '-u "$OSPARC_API_KEY:$OSPARC_API_SECRET"';
  const headers =
    "-H 'Content-Type: application/json' -H 'x-simcore-parent-project-uuid: null' -H 'x-simcore-parent-node-id: null'";
  const lines = [
    '#!/bin/sh',
    `# ${mapping ? 'Maps' : 'Runs'} a function with curl and jq. Set OSPARC_API_HOST, OSPARC_API_KEY, OSPARC_API_SECRET.`,
    'set -eu',
    `FUNCTION=${shellQuote(spec.functionId)}`,
    'FINAL=\'["SUCCESS","FAILED","ABORTED","JOB_TASK_RUN_STATUS_FAILURE"]\'',
  ];
  if (mapping) {
    const chunks: Record<string, ArgumentValue>[][] = [];
    for (let start = 0; start < spec.inputsList.length; start += 50)
      chunks.push(spec.inputsList.slice(start, start + 50));
    chunks.forEach((chunk, index) => {
      lines.push(
        `# Call ${index + 1} of ${chunks.length} (a map takes at most 50 inputs).`,
        `COLLECTION=$(curl -sf ${auth} ${headers} -X POST "$OSPARC_API_HOST/v0/functions/$FUNCTION:map" \\`,
        `  -d ${shellQuote(JSON.stringify(chunk))} | jq -r .uid)`,
        'until curl -sf ' +
          auth +
          ' "$OSPARC_API_HOST/v0/function_job_collections/$COLLECTION/status" | jq -e --argjson final "$FINAL" \'.status - $final | length == 0\' >/dev/null; do sleep 1; done',
        `for JOB in $(curl -sf ${auth} "$OSPARC_API_HOST/v0/function_job_collections/$COLLECTION" | jq -r '.job_ids[]'); do`,
        `  echo "$JOB $(curl -sf ${auth} "$OSPARC_API_HOST/v0/function_jobs/$JOB/outputs")"`,
        'done',
      );
    });
  } else {
    lines.push(
      `JOB=$(curl -sf ${auth} ${headers} -X POST "$OSPARC_API_HOST/v0/functions/$FUNCTION:run" \\`,
      `  -d ${shellQuote(JSON.stringify(spec.inputsList[0] ?? {}))} | jq -r .uid)`,
      `until curl -sf ${auth} "$OSPARC_API_HOST/v0/function_jobs/$JOB/status" | jq -e --argjson final "$FINAL" '.status as $s | $final | index($s)' >/dev/null; do sleep 1; done`,
      `curl -sf ${auth} "$OSPARC_API_HOST/v0/function_jobs/$JOB/outputs"`,
    );
  }
  return [...lines, ''].join('\n');
}
