import { describe, expect, it } from 'vitest';
import { layoutPipeline, pipelineEdges } from '../pages/studies/pipeline-layout.ts';
import { studyCurlScript, studyPythonScript, studyScriptFileName } from './study.ts';

const file = { id: 'f1', filename: 'file_with_number.txt', content_type: 'text/plain', checksum: null, e_tag: null };
const spec = {
  kind: 'study' as const,
  studyId: '5e1a7b62-2c4f-4d1e-9a37-0b8c1f6d2a11',
  title: 'Sleeper pipeline',
  values: { sleep_interval: 2, input_file: file },
  jobId: 'j1',
};

describe('study scripts', () => {
  it('run the study job with the StudiesApi, values keyed by input labels, the picked file uploaded', () => {
    const script = studyPythonScript(spec);
    expect(script).toContain('studies_api = osparc.StudiesApi(api_client)');
    expect(script).toContain('input_file_file: osparc.File = files_api.upload_file(file="file_with_number.txt")');
    expect(script).toMatch(/"sleep_interval": 2,\n\s+"input_file": input_file_file,/);
    expect(script).toContain('studies_api.start_study_job(study_id=study_id, job_id=job.id)');
    expect(script).toContain('studies_api.get_study_job_output_logfiles(study_id=study_id, job_id=job.id)');
    expect(studyScriptFileName(spec, 'py')).toBe('sleeper-pipeline.py');
  });

  it('with curl, create, start and poll the study job, then fetch outputs and each node’s log', () => {
    const script = studyCurlScript(spec);
    expect(script).toContain(`STUDY="$API/studies/${spec.studyId}"`);
    expect(script).toContain('-X POST "$STUDY/jobs"');
    expect(script).toContain('"$STUDY/jobs/$JOB_ID:start"');
    expect(script).toContain('"$STUDY/jobs/$JOB_ID/outputs/log-links"');
  });
});

describe('pipeline layout', () => {
  const node = (name: string, kind: 'solver' | 'parameter' | 'probe', sources = {}) => ({
    node_id: name,
    name,
    kind,
    label: name,
    solver_key: null,
    version: null,
    sources,
    values: {},
  });
  const nodes = [
    node('interval', 'parameter'),
    node('first', 'solver', { input_2: { node_id: 'interval', port: null } }),
    node('second', 'solver', { input_1: { node_id: 'first', port: 'output_1' } }),
    node('number', 'probe', { value: { node_id: 'second', port: 'output_2' } }),
  ];

  it('labels each connection with the ports it joins', () => {
    expect(pipelineEdges(nodes).map((edge) => edge.label)).toEqual(['input_2', 'output_1 → input_1', 'output_2']);
  });

  it('places every node after the ones it takes values from', () => {
    const x = new Map(layoutPipeline(nodes).map((placed) => [placed.node.name, placed.x]));
    expect(x.get('interval')!).toBeLessThan(x.get('first')!);
    expect(x.get('first')!).toBeLessThan(x.get('second')!);
    expect(x.get('second')!).toBeLessThan(x.get('number')!);
  });
});
