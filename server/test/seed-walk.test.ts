import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from './harness.ts';
import {
  createJob,
  type FileBody,
  type JobBody,
  type JobStatusBody,
  processIsGone,
  RELEASE,
  runJob,
  SLEEPER,
  startJob,
  uploadText,
  waitForPid,
  waitUntilStopped,
} from './jobs-helpers.ts';

describe('the seed tutorial, call for call, against the embedded host', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host.close();
  });

  it('uploads a number, runs the sleeper 2.1.6 with it and reads outputs, logs and the output file', async () => {
    const inputFile = await uploadText(host, 'file_with_number.txt', '3');
    expect(inputFile.filename).toBe('file_with_number.txt');

    const solver = await host.json<{ id: string; version: string }>(`/v0/solvers/${SLEEPER}/releases/2.1.6`);
    expect(solver.id).toBe('simcore/services/comp/itis/sleeper');
    expect(solver.version).toBe('2.1.6');

    const ports = await host.json<{ items: { key: string; kind: string }[] }>(`${RELEASE}/ports`);
    expect(ports.items.map((port) => port.key)).toEqual([
      'input_1',
      'input_2',
      'input_3',
      'input_4',
      'output_1',
      'output_2',
    ]);

    const job = await host.json<JobBody>(`${RELEASE}/jobs`, {
      method: 'POST',
      body: { values: { input_4: 2, input_3: 'false', input_2: 3, input_1: inputFile } },
      expect: 201,
    });
    expect(job.name).toBe(`solvers/${SLEEPER}/releases/2.1.6/jobs/${job.id}`);
    expect(job.runner_name).toBe(`solvers/${SLEEPER}/releases/2.1.6`);
    expect(job.url).toBe(`${host.url}/v0/solvers/${SLEEPER}/releases/2.1.6/jobs/${job.id}`);
    expect(job.inputs_checksum).toMatch(/^[0-9a-f]{64}$/);

    const inputs = await host.json<{ values: Record<string, unknown> }>(`${RELEASE}/jobs/${job.id}/inputs`);
    // A file input is kept as the spec's File: the upload answer's own extras (size, time) are not inputs.
    const { id, filename, content_type, checksum, e_tag } = inputFile;
    expect(inputs.values).toEqual({
      input_1: { id, filename, content_type, checksum, e_tag },
      input_2: 3,
      input_3: false,
      input_4: 2,
    });

    const notYet = await host.json<JobStatusBody>(`${RELEASE}/jobs/${job.id}:inspect`, { method: 'POST' });
    expect(notYet.state).toBe('NOT_STARTED');

    const started = await startJob(host, job.id);
    expect(['PUBLISHED', 'PENDING']).toContain(started.state);
    const again = await host.json<JobStatusBody>(`${RELEASE}/jobs/${job.id}:start`, { method: 'POST', expect: 200 });
    expect(again.job_id).toBe(job.id);

    const { status, seen } = await waitUntilStopped(host, job.id);
    expect(status.state).toBe('SUCCESS');
    expect(status.progress).toBe(100);
    expect(seen.some((p) => p > 0 && p < 100)).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(status.submitted_at <= status.started_at!).toBe(true);
    expect(status.started_at! <= status.stopped_at!).toBe(true);
    expect(status.errors ?? []).toEqual([]);

    const outputs = await host.json<{ job_id: string; results: Record<string, unknown> }>(
      `${RELEASE}/jobs/${job.id}/outputs`,
    );
    expect(outputs.job_id).toBe(job.id);
    const outputFile = outputs.results.output_1 as FileBody;
    expect(outputFile.filename).toBe('single_number.txt');
    expect(outputFile.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof outputs.results.output_2).toBe('number');
    // The file's own answer is the same File, with the host's extras: its size, time and producing job.
    expect(await host.json<FileBody>(`/v0/files/${outputFile.id}`)).toEqual({
      ...outputFile,
      size: expect.any(Number),
      created_at: expect.any(String),
      produced_by: {
        job_id: job.id,
        output: 'output_1',
        solver_key: 'simcore/services/comp/itis/sleeper',
        version: '2.1.6',
      },
    });

    const logZip = await host.fetch(`${RELEASE}/jobs/${job.id}/outputs/logfile`);
    expect(logZip.status).toBe(200);
    expect(logZip.headers.get('content-type')).toBe('application/zip');
    expect(logZip.headers.get('content-disposition')).toMatch(/filename="[^"]+\.zip"/);
    const zip = await JSZip.loadAsync(await logZip.arrayBuffer());
    const logNames = Object.keys(zip.files).filter((name) => name.endsWith('.log'));
    expect(logNames).toContain('sleeper_2.1.6.log');
    const logText = await zip.file('sleeper_2.1.6.log')!.async('string');
    expect(logText).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z Will sleep for 3 seconds$/m);
    expect(logText).toMatch(/^\S+Z \[PROGRESS\] 1\/3/m);
    expect(logText).toMatch(/^\S+Z \[PROGRESS\] 3\/3/m);

    const download = await host.fetch(`/v0/files/${outputFile.id}/content`);
    expect(download.status).toBe(200);
    expect((await download.text()).trim()).toMatch(/^\d+$/);

    const listed = await host.json<JobBody[]>(`${RELEASE}/jobs`);
    expect(listed.map((j) => j.id)).toContain(job.id);
    const page = await host.json<{ items: JobBody[]; total: number }>(`${RELEASE}/jobs/page?limit=1`);
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(1);
  });

  it('fails when told to, with errors naming the exit code and quoting the log', async () => {
    const { job, status } = await runJob(host, { input_2: 0, input_3: true });
    expect(status.state).toBe('FAILED');
    expect(status.progress).toBe(100);
    expect(status.errors?.[0]?.msg).toMatch(/exit code 1/);
    expect(status.errors?.[0]?.msg).toMatch(/Failing after sleep/);
    const outputs = await host.json<{ errors: string[] }>(`${RELEASE}/jobs/${job.id}/outputs`, { expect: 409 });
    expect(outputs.errors[0]).toMatch(/FAILED/);
  });

  it('stops a running job: ABORTED, and its process is gone', async () => {
    const job = await createJob(host, { input_2: 60 });
    await startJob(host, job.id);
    const pid = await waitForPid(host, job.id);
    const stopped = await host.json<JobStatusBody>(`${RELEASE}/jobs/${job.id}:stop`, { method: 'POST' });
    expect(stopped.state).toBe('ABORTED');
    expect(stopped.stopped_at).toBeTruthy();
    expect(await processIsGone(pid)).toBe(true);
    await host.json(`${RELEASE}/jobs/${job.id}/outputs`, { expect: 409 });
  });

  it('deletes a job: it is 404 afterwards', async () => {
    const job = await createJob(host, { input_2: 30 });
    await startJob(host, job.id);
    const response = await host.fetch(`${RELEASE}/jobs/${job.id}`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    await host.json(`${RELEASE}/jobs/${job.id}`, { expect: 404 });
    await host.json(`${RELEASE}/jobs/${job.id}:inspect`, { method: 'POST', expect: 404 });
    await host.json(`${RELEASE}/jobs/${job.id}`, { method: 'DELETE', expect: 404 });
  });

  it('refuses invalid inputs with 422 naming the port and why', async () => {
    const file = await uploadText(host, 'number.txt', '5');
    const refuse = async (values: Record<string, unknown>, port: string, why: RegExp) => {
      const body = await host.json<{ errors: { loc: string[]; msg: string }[] }>(`${RELEASE}/jobs`, {
        method: 'POST',
        body: { values },
        expect: 422,
      });
      const issue = body.errors.find((e) => e.loc.join('.') === `body.values.${port}`);
      expect(issue, JSON.stringify(body)).toMatchObject({ msg: expect.stringMatching(why) });
    };
    await refuse({ input_1: file, input_2: 100 }, 'input_2', /^Input should be less than or equal to 65$/);
    await refuse({ input_1: file, input_2: 'three' }, 'input_2', /integer/);
    await refuse(
      { input_1: { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', filename: 'gone.txt' } },
      'input_1',
      /does not exist/,
    );
    await refuse({ input_1: 'file_with_number.txt' }, 'input_1', /file reference/);
    // A missing required port: the sleeper 2.1.6 has none, so check one against a port without default.
    const missing = await host.json<{ errors: { loc: string[] }[] }>(`${RELEASE}/jobs`, {
      method: 'POST',
      body: {},
      expect: 422,
    });
    expect(missing.errors[0]?.loc).toEqual(['body', 'values']);
  });

  it('keeps custom metadata and filters the all-jobs listing with it', async () => {
    const tagged = await createJob(host, { input_2: 0 });
    const other = await createJob(host, { input_2: 0 });
    const empty = await host.json<{ job_id: string; metadata: object }>(`${RELEASE}/jobs/${tagged.id}/metadata`);
    expect(empty).toMatchObject({ job_id: tagged.id, metadata: {} });
    const patched = await host.json<{ metadata: Record<string, unknown>; url: string }>(
      `${RELEASE}/jobs/${tagged.id}/metadata`,
      { method: 'PATCH', body: { metadata: { study: 'sleep-2024', run: 3, ok: true } } },
    );
    expect(patched.metadata).toEqual({ study: 'sleep-2024', run: 3, ok: true });
    await host.json(`${RELEASE}/jobs/${other.id}/metadata`, {
      method: 'PATCH',
      body: { metadata: { study: 'walk-2024' } },
    });

    const all = await host.json<{ items: JobBody[]; total: number }>('/v0/solvers/-/releases/-/jobs');
    expect(all.items[0]?.id).toBe(other.id);
    const sleepOnly = await host.json<{ items: JobBody[]; total: number }>(
      `/v0/solvers/-/releases/-/jobs?${new URLSearchParams([['metadata.any', 'study:sleep-*']])}`,
    );
    expect(sleepOnly.items.map((j) => j.id)).toEqual([tagged.id]);
    const both = await host.json<{ items: JobBody[] }>(
      `/v0/solvers/-/releases/-/jobs?${new URLSearchParams([
        ['metadata.any', 'study:sleep-*'],
        ['metadata.any', 'study:walk-*'],
      ])}`,
    );
    expect(both.items.map((j) => j.id)).toEqual([other.id, tagged.id]);
    const allOf = await host.json<{ items: JobBody[] }>(
      `/v0/solvers/-/releases/-/jobs?${new URLSearchParams([
        ['metadata.all', 'study:*-2024'],
        ['metadata.all', 'run:3'],
      ])}`,
    );
    expect(allOf.items.map((j) => j.id)).toEqual([tagged.id]);

    // Several jobs' metadata in one request, in the order asked.
    const BATCH = '/v0/solvers/-/releases/-/jobs/metadata:batchGet';
    const batch = await host.json<{ items: { job_id: string; metadata: object; url: string }[] }>(
      `${BATCH}?${new URLSearchParams([
        ['job_ids', other.id],
        ['job_ids', tagged.id],
      ])}`,
    );
    expect(batch.items.map((item) => [item.job_id, item.metadata])).toEqual([
      [other.id, { study: 'walk-2024' }],
      [tagged.id, { study: 'sleep-2024', run: 3, ok: true }],
    ]);
    expect(batch.items[1]?.url).toBe(patched.url);
    const one = await host.json<{ items: { job_id: string }[] }>(`${BATCH}?job_ids=${tagged.id}`);
    expect(one.items.map((item) => item.job_id)).toEqual([tagged.id]);
    // No id, a non-UUID, more than 50 ids: 422 naming job_ids; an id that is no job: 404 naming it.
    const tooMany = Array.from({ length: 51 }, () => ['job_ids', tagged.id]);
    for (const query of ['', '?job_ids=not-a-uuid', `?${new URLSearchParams(tooMany)}`]) {
      const refused = await host.json<{ errors: { loc: string[] }[] }>(`${BATCH}${query}`, { expect: 422 });
      expect(refused.errors[0]?.loc.slice(0, 2), query).toEqual(['query', 'job_ids']);
    }
    const unknown = crypto.randomUUID();
    const missing = await host.json<{ errors: string[] }>(`${BATCH}?job_ids=${tagged.id}&job_ids=${unknown}`, {
      expect: 404,
    });
    expect(missing.errors.join(' ')).toContain(unknown);
  });

  it('streams the log of a running job as NDJSON JobLog objects until it stops', async () => {
    const job = await createJob(host, { input_2: 2 });
    await startJob(host, job.id);
    const response = await host.fetch(`${RELEASE}/jobs/${job.id}/logstream`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const text = await response.text();
    const entries = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { job_id: string; log_level: number; messages: string[] });
    expect(entries.every((entry) => entry.job_id === job.id && typeof entry.log_level === 'number')).toBe(true);
    const messages = entries.flatMap((entry) => entry.messages).join('\n');
    expect(messages).toMatch(/\[PROGRESS\] 1\/2/);
    expect(messages).toMatch(/\[PROGRESS\] 2\/2/);
    const status = await host.json<JobStatusBody>(`${RELEASE}/jobs/${job.id}:inspect`, { method: 'POST' });
    expect(status.stopped_at).toBeTruthy();
  });
});
