import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinStudiesDir } from '../config.ts';
import { startTestHost, type TestHost } from './harness.ts';
import { type FileBody, pidIsGone, RELEASE, uploadText, waitForPid } from './jobs-helpers.ts';
import {
  createStudyJob,
  HEAT_STUDY,
  inspectStudyJob,
  SLEEPER_STUDY,
  sleeperChainYaml,
  startStudyJob,
  studyFolder,
  studyJobNodes,
  studyPath,
  waitForNodes,
  waitUntilStudyJobStopped,
} from './study-helpers.ts';

/**
 * Studies as upstream's api-server serves them (api/routes/studies.py, studies_jobs.py,
 * services_http/study_job_models_converters.py in ITISFoundation/osparc-simcore) and as the
 * osparc client's e2e test (clients/python/test/e2e/test_studies.py) drives them.
 */

const CHAIN = '11111111-2222-4333-8444-555555555555';
const FAN_OUT = '66666666-7777-4888-8999-aaaaaaaaaaaa';
const FAILING = 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff';

const fanOutYaml = `id: ${FAN_OUT}
title: Two sleepers side by side
nodes:
  interval: { kind: parameter, label: interval, content_schema: { type: integer, default: 2 } }
  left: { kind: solver, solver: simcore/services/comp/itis/sleeper, version: 2.1.6, inputs: { input_2: { from: interval } } }
  right: { kind: solver, solver: simcore/services/comp/itis/sleeper, version: 2.1.6, inputs: { input_2: { from: interval } } }
  left_number: { kind: probe, label: left_number, from: left.output_2 }
  right_number: { kind: probe, label: right_number, from: right.output_2 }
`;

interface StudyBody {
  uid: string;
  title: string | null;
  description: string | null;
}
interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

describe('studies', () => {
  let host: TestHost;

  beforeAll(async () => {
    const own = studyFolder({
      'chain.yml': sleeperChainYaml(CHAIN, ['one', 'two', 'three']),
      'failing.yml': sleeperChainYaml(FAILING, ['one', 'two', 'three'], { fail: 'two' }),
      'fan-out.yml': fanOutYaml,
    });
    host = await startTestHost({ studyDirs: [builtinStudiesDir, own], creditsPerJob: 3 });
  });
  afterAll(async () => {
    await host?.close();
  });

  it('lists the built-in studies and the user’s, a page at a time, and gets one by id', async () => {
    const all = await host.json<Page<StudyBody>>('/v0/studies');
    expect(all.total).toBe(5);
    expect(all.items.map((study) => study.title)).toEqual(
      expect.arrayContaining(['Sleeper pipeline', 'Heat rod analysis', 'Two sleepers side by side']),
    );
    const page = await host.json<Page<StudyBody>>('/v0/studies?limit=2&offset=2');
    expect(page.items).toHaveLength(2);
    expect(page).toMatchObject({ total: 5, limit: 2, offset: 2 });

    const sleeper = await host.json<StudyBody>(studyPath(SLEEPER_STUDY));
    expect(sleeper).toMatchObject({ uid: SLEEPER_STUDY, title: 'Sleeper pipeline' });
    expect(sleeper.description).toMatch(/input_file/);
    const missing = await host.fetch(studyPath('00000000-0000-4000-8000-000000000000'));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      errors: ['Study 00000000-0000-4000-8000-000000000000 not found'],
      support_id: null,
    });
  });

  it('lists the ports: parameter (and file-picker) nodes as inputs, probes as outputs, keyed by node UUID and titled by label', async () => {
    const ports = await host.json<{ items: { key: string; kind: string; content_schema: Record<string, unknown> }[] }>(
      `${studyPath(SLEEPER_STUDY)}/ports`,
    );
    const byTitle = new Map(ports.items.map((port) => [port.content_schema.title, port]));
    expect([...byTitle.keys()]).toEqual(['input_file', 'sleep_interval', 'fail_second', 'final_number', 'final_file']);
    expect(byTitle.get('sleep_interval')).toMatchObject({
      kind: 'input',
      content_schema: { type: 'integer', default: 1 },
    });
    expect(byTitle.get('input_file')?.content_schema).toMatchObject({
      type: 'string',
      content_media_type: 'text/plain',
    });
    expect(byTitle.get('final_number')).toMatchObject({ kind: 'output', content_schema: { type: 'integer' } });
    for (const port of ports.items) expect(port.key).toMatch(/^[0-9a-f-]{36}$/);
    // The ids are stable: a restart (or another host) gives the same ones.
    const again = await host.json<{ items: { key: string }[] }>(`${studyPath(SLEEPER_STUDY)}/ports`);
    expect(again.items.map((port) => port.key)).toEqual(ports.items.map((port) => port.key));
  });

  it('clones a study with a new title and description; a hidden clone is not listed but can be opened', async () => {
    const clone = await host.json<StudyBody>(`${studyPath(SLEEPER_STUDY)}:clone`, {
      method: 'POST',
      body: { title: 'My pipeline', description: 'For the paper' },
      expect: 201,
    });
    expect(clone).toMatchObject({ title: 'My pipeline', description: 'For the paper' });
    expect(clone.uid).not.toBe(SLEEPER_STUDY);
    const plain = await host.json<StudyBody>(`${studyPath(SLEEPER_STUDY)}:clone`, { method: 'POST', expect: 201 });
    expect(plain.title).toBe('Sleeper pipeline (Copy)');
    const hidden = await host.json<StudyBody>(`${studyPath(HEAT_STUDY)}:clone?hidden=true`, {
      method: 'POST',
      expect: 201,
    });
    const listed = await host.json<Page<StudyBody>>('/v0/studies?limit=50');
    expect(listed.items.map((study) => study.uid)).toEqual(expect.arrayContaining([clone.uid, plain.uid]));
    expect(listed.items.map((study) => study.uid)).not.toContain(hidden.uid);
    expect(await host.json<StudyBody>(studyPath(hidden.uid))).toMatchObject({ title: 'Heat rod analysis (Copy)' });
    // A clone runs the same pipeline, with node UUIDs of its own.
    const ports = await host.json<{ items: { key: string }[] }>(`${studyPath(clone.uid)}/ports`);
    expect(ports.items).toHaveLength(5);
    const bad = await host.fetch(`${studyPath(SLEEPER_STUDY)}:clone`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 42 }),
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toMatch(/title/);
  });

  it('runs the sleeper pipeline with {"input_file": <File>} as the client test does: each node as a solver job, the file fed along', async () => {
    const before = await host.json<{ availableCredits: number }>('/v0/wallets/default');
    const file: FileBody = await uploadText(host, 'file_with_number.txt', '3');
    const job = await createStudyJob(host, SLEEPER_STUDY, { input_file: file });
    expect(job.name).toBe(`studies/${SLEEPER_STUDY}/jobs/${job.id}`);
    expect(job.runner_name).toBe(`studies/${SLEEPER_STUDY}`);
    expect(job.outputs_url).toBe(`${host.url}/v0/studies/${SLEEPER_STUDY}/jobs/${job.id}/outputs`);
    expect(await inspectStudyJob(host, SLEEPER_STUDY, job.id)).toMatchObject({ state: 'NOT_STARTED', progress: 0 });

    const started = await startStudyJob(host, SLEEPER_STUDY, job.id);
    expect(started.state).toBe('PUBLISHED');
    // A second :start changes nothing and says so with 200.
    await host.json(`${studyPath(SLEEPER_STUDY)}/jobs/${job.id}:start?cluster_id=0`, { method: 'POST', expect: 200 });

    const running = await waitForNodes(
      host,
      SLEEPER_STUDY,
      job.id,
      (nodes) => nodes.get('first_sleeper')?.state === 'STARTED',
    );
    expect(running.get('second_sleeper')?.state).toBe('NOT_STARTED');

    const { status, seen } = await waitUntilStudyJobStopped(host, SLEEPER_STUDY, job.id);
    expect(status).toMatchObject({ state: 'SUCCESS', progress: 100, errors: null });
    expect(seen.some((progress) => progress > 0 && progress < 100)).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    const nodes = new Map((await studyJobNodes(host, SLEEPER_STUDY, job.id)).map((node) => [node.name, node]));
    const first = nodes.get('first_sleeper')!;
    const second = nodes.get('second_sleeper')!;
    expect([first.state, second.state]).toEqual(['SUCCESS', 'SUCCESS']);
    // Each node ran as a solver job with its own inputs: the picked file, then the first sleeper's output file.
    const firstInputs = await host.json<{ values: Record<string, FileBody | number> }>(
      `${RELEASE}/jobs/${first.job_id}/inputs`,
    );
    expect((firstInputs.values.input_1 as FileBody).id).toBe(file.id);
    const firstOutputs = await host.json<{ results: { output_1: FileBody } }>(
      `${RELEASE}/jobs/${first.job_id}/outputs`,
    );
    const secondInputs = await host.json<{ values: Record<string, FileBody | number> }>(
      `${RELEASE}/jobs/${second.job_id}/inputs`,
    );
    expect((secondInputs.values.input_1 as FileBody).id).toBe(firstOutputs.results.output_1.id);
    expect(secondInputs.values.input_2).toBe(1);

    const outputs = await host.json<{ job_id: string; results: Record<string, unknown> }>(
      `${studyPath(SLEEPER_STUDY)}/jobs/${job.id}/outputs`,
      { method: 'POST' },
    );
    expect(outputs.job_id).toBe(job.id);
    expect(Object.keys(outputs.results)).toEqual(['final_number', 'final_file']);
    expect(outputs.results.final_number).toBeGreaterThanOrEqual(1);
    const finalFile = outputs.results.final_file as FileBody;
    expect(finalFile.filename).toBe('single_number.txt');
    expect(await (await host.fetch(`/v0/files/${finalFile.id}/content`)).text()).toMatch(/^\d\s*$/);

    // One log per node, each a downloadable zip with that node's log.
    const { log_links } = await host.json<{ log_links: { node_name: string; download_link: string }[] }>(
      `${studyPath(SLEEPER_STUDY)}/jobs/${job.id}/outputs/log-links`,
    );
    expect(log_links.map((link) => link.node_name)).toEqual(['First sleeper', 'Second sleeper']);
    for (const link of log_links) {
      const response = await host.fetch(link.download_link);
      expect(response.status).toBe(200);
      const zip = await JSZip.loadAsync(await response.arrayBuffer());
      const [log] = Object.values(zip.files);
      expect(await log!.async('string')).toMatch(/Finished successfully/);
    }

    // Credits are charged per node run.
    const after = await host.json<{ availableCredits: number }>('/v0/wallets/default');
    expect(before.availableCredits - after.availableCredits).toBe(2 * host.config.creditsPerJob);
  });

  // services_http/study_job_models_converters.py (get_project_and_file_inputs_from_job_inputs) matches
  // the values to the study's input nodes by label and drops the others without a word.
  it('runs with its default inputs, ignores values that are no input (naming them in its log), and refuses values of the wrong type', async () => {
    const job = await createStudyJob(host, SLEEPER_STUDY, {});
    await startStudyJob(host, SLEEPER_STUDY, job.id);
    expect((await waitUntilStudyJobStopped(host, SLEEPER_STUDY, job.id)).status.state).toBe('SUCCESS');

    const misspelt = await createStudyJob(host, SLEEPER_STUDY, { sleep_intervall: 2 });
    await startStudyJob(host, SLEEPER_STUDY, misspelt.id);
    expect((await waitUntilStudyJobStopped(host, SLEEPER_STUDY, misspelt.id)).status.state).toBe('SUCCESS');
    const { lines } = await host.json<{ lines: string[] }>(`${studyPath(SLEEPER_STUDY)}/jobs/${misspelt.id}/log`);
    expect(lines.join('\n')).toMatch(/Ignored values that are no input of "Sleeper pipeline": sleep_intervall/);

    const wrong = await host.fetch(`${studyPath(SLEEPER_STUDY)}/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ values: { sleep_interval: 'soon' } }),
    });
    expect(wrong.status).toBe(422);
    expect(JSON.stringify(await wrong.json())).toMatch(
      /"sleep_interval"\],"type":"int_parsing","msg":"Input should be a valid integer/,
    );
  });

  it('runs the heat analysis: the profile CSV of heat-1d goes into csv-statistics', async () => {
    const job = await createStudyJob(host, HEAT_STUDY, { initial_temperature: 10, histogram_bins: 5 });
    await startStudyJob(host, HEAT_STUDY, job.id);
    expect((await waitUntilStudyJobStopped(host, HEAT_STUDY, job.id)).status.state).toBe('SUCCESS');
    const { results } = await host.json<{ results: Record<string, unknown> }>(
      `${studyPath(HEAT_STUDY)}/jobs/${job.id}/outputs`,
      { method: 'POST' },
    );
    expect(results.max_temperature as number).toBeGreaterThan(10);
    expect(results.mean_temperature as number).toBeGreaterThan(10);
    expect(results.mean_temperature as number).toBeLessThan(results.max_temperature as number);
    const plot = results.profile_plot as FileBody;
    expect(plot.content_type).toBe('image/svg+xml');
    expect(await (await host.fetch(`/v0/files/${plot.id}/content`)).text()).toMatch(/<svg/);
    expect((results.histogram as FileBody).filename).toBe('histogram.svg');
  });

  it('runs independent nodes at once', async () => {
    const job = await createStudyJob(host, FAN_OUT, {});
    await startStudyJob(host, FAN_OUT, job.id);
    await waitForNodes(
      host,
      FAN_OUT,
      job.id,
      (nodes) => nodes.get('left')?.state === 'STARTED' && nodes.get('right')?.state === 'STARTED',
    );
    expect((await waitUntilStudyJobStopped(host, FAN_OUT, job.id)).status.state).toBe('SUCCESS');
  });

  it('fails the job when a node fails: the node is named, the nodes after it do not run', async () => {
    const job = await createStudyJob(host, FAILING, {});
    await startStudyJob(host, FAILING, job.id);
    const { status } = await waitUntilStudyJobStopped(host, FAILING, job.id);
    expect(status.state).toBe('FAILED');
    expect(status.errors).toHaveLength(1);
    expect(status.errors![0]).toMatchObject({ type: 'node_failed', ctx: { node_name: 'two' } });
    expect(status.errors![0]!.msg).toMatch(
      /Node "two" \(sleeper 2\.1\.6\) failed: FAILED: The solver exited with exit code/,
    );
    const nodes = new Map((await studyJobNodes(host, FAILING, job.id)).map((node) => [node.name, node]));
    expect(nodes.get('one')?.state).toBe('SUCCESS');
    expect(nodes.get('two')?.state).toBe('FAILED');
    expect(nodes.get('three')).toMatchObject({ state: 'NOT_STARTED', job_id: null });
    const { lines } = await host.json<{ lines: string[] }>(`${studyPath(FAILING)}/jobs/${job.id}/log`);
    expect(lines.join('\n')).toMatch(
      /Node "two" \(sleeper 2\.1\.6\) failed[\s\S]*Node "three" \(sleeper 2\.1\.6\) did not run/,
    );
    // Probes of nodes that never ran have no value.
    const { results } = await host.json<{ results: Record<string, unknown> }>(
      `${studyPath(FAILING)}/jobs/${job.id}/outputs`,
      { method: 'POST' },
    );
    expect(results).toEqual({ last_number: null });
  });

  it('stops a pipeline midway: the running node ends, the later ones never start', async () => {
    const job = await createStudyJob(host, CHAIN, { interval: 30 });
    await startStudyJob(host, CHAIN, job.id);
    const running = await waitForNodes(host, CHAIN, job.id, (nodes) => nodes.get('one')?.state === 'STARTED');
    const solverJob = running.get('one')!.job_id!;
    const pid = await waitForPid(host, solverJob, RELEASE);
    const stopped = await host.json<{ state: string; stopped_at: string | null }>(
      `${studyPath(CHAIN)}/jobs/${job.id}:stop`,
      { method: 'POST' },
    );
    expect(stopped.state).toBe('ABORTED');
    expect(stopped.stopped_at).not.toBeNull();
    expect(await pidIsGone(pid)).toBe(true);
    const nodes = new Map((await studyJobNodes(host, CHAIN, job.id)).map((node) => [node.name, node]));
    expect(nodes.get('one')?.state).toBe('ABORTED');
    expect(nodes.get('two')?.job_id).toBeNull();
    expect(nodes.get('three')?.job_id).toBeNull();
  });

  it('lists a study’s jobs newest first, a page at a time; keeps metadata; deletes a job and its node runs', async () => {
    const first = await createStudyJob(host, HEAT_STUDY, {});
    const second = await createStudyJob(host, HEAT_STUDY, { rod_length: 0.2 });
    const page = await host.json<Page<{ id: string }>>(`${studyPath(HEAT_STUDY)}/jobs?limit=2`);
    expect(page.items.map((job) => job.id)).toEqual([second.id, first.id]);
    expect(page.total).toBeGreaterThanOrEqual(3);

    const metadataPath = `${studyPath(HEAT_STUDY)}/jobs/${first.id}/metadata`;
    expect(await host.json(metadataPath)).toEqual({
      job_id: first.id,
      metadata: {},
      url: `${host.url}${metadataPath}`,
    });
    const replaced = await host.json<{ metadata: Record<string, unknown> }>(metadataPath, {
      method: 'PUT',
      body: { metadata: { campaign: 'rods', run: 2, final: true } },
    });
    expect(replaced.metadata).toEqual({ campaign: 'rods', run: 2, final: true });
    expect((await host.json<{ metadata: unknown }>(metadataPath)).metadata).toEqual(replaced.metadata);
    const badMetadata = await host.fetch(metadataPath, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { nested: { no: 1 } } }),
    });
    expect(badMetadata.status).toBe(422);

    // Upstream answers 501 for GET of one study job; this host answers with the job.
    expect(await host.json<{ id: string }>(`${studyPath(HEAT_STUDY)}/jobs/${first.id}`)).toMatchObject({
      id: first.id,
    });
    // A job of another study is not found under this one.
    expect((await host.fetch(`${studyPath(SLEEPER_STUDY)}/jobs/${first.id}`)).status).toBe(404);

    await startStudyJob(host, HEAT_STUDY, first.id);
    await waitUntilStudyJobStopped(host, HEAT_STUDY, first.id);
    const nodes = await studyJobNodes(host, HEAT_STUDY, first.id);
    const solverJobs = nodes.flatMap((node) => (node.job_id ? [node] : []));
    expect(solverJobs).toHaveLength(2);
    expect((await host.fetch(`${studyPath(HEAT_STUDY)}/jobs/${first.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await host.fetch(`${studyPath(HEAT_STUDY)}/jobs/${first.id}:inspect`, { method: 'POST' })).status).toBe(
      404,
    );
    for (const node of solverJobs) {
      const release = `/v0/solvers/${encodeURIComponent(node.solver_key!)}/releases/${node.version}`;
      expect((await host.fetch(`${release}/jobs/${node.job_id}`)).status).toBe(404);
    }
  });
});

describe('a study job across a host restart', () => {
  it('is marked failed with a clear reason, and its running node too', async () => {
    let host = await startTestHost({}, { keepData: true });
    const job = await createStudyJob(host, SLEEPER_STUDY, { sleep_interval: 30 });
    await startStudyJob(host, SLEEPER_STUDY, job.id);
    const running = await waitForNodes(
      host,
      SLEEPER_STUDY,
      job.id,
      (nodes) => nodes.get('first_sleeper')?.state === 'STARTED',
    );
    await host.close();
    host = await startTestHost({}, { dataDir: host.dataDir });
    try {
      const status = await inspectStudyJob(host, SLEEPER_STUDY, job.id);
      expect(status.state).toBe('FAILED');
      expect(status.stopped_at).not.toBeNull();
      expect(status.errors?.[0]).toMatchObject({ type: 'host_restarted' });
      const nodes = new Map((await studyJobNodes(host, SLEEPER_STUDY, job.id)).map((node) => [node.name, node]));
      expect(nodes.get('first_sleeper')).toMatchObject({
        state: 'FAILED',
        job_id: running.get('first_sleeper')!.job_id,
      });
      expect(nodes.get('second_sleeper')).toMatchObject({ state: 'NOT_STARTED', job_id: null });
      // Stopping or deleting it afterwards is clear too.
      expect(
        (await host.json<{ state: string }>(`${studyPath(SLEEPER_STUDY)}/jobs/${job.id}:stop`, { method: 'POST' }))
          .state,
      ).toBe('FAILED');
      expect((await host.fetch(`${studyPath(SLEEPER_STUDY)}/jobs/${job.id}`, { method: 'DELETE' })).status).toBe(204);
    } finally {
      await host.close();
    }
  });
});
