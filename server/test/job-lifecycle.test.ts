import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from './harness.ts';
import { createJob, type JobStatusBody, RELEASE, runJob, startJob, waitUntilStopped } from './jobs-helpers.ts';

async function logOf(host: TestHost, jobId: string): Promise<string> {
  const response = await host.fetch(`${RELEASE}/jobs/${jobId}/outputs/logfile`);
  expect(response.status).toBe(200);
  const zip = await JSZip.loadAsync(await response.arrayBuffer());
  return zip.file('sleeper_2.1.6.log')!.async('string');
}

const post = (host: TestHost, path: string, expect = 200) => host.json<JobStatusBody>(path, { method: 'POST', expect });

describe('job lifecycle details', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  it('accepts :start, :inspect and :stop sent with a JSON content type and no body, as generated clients send them', async () => {
    host = await startTestHost();
    const job = await createJob(host, { input_2: 0 });
    const headers = { 'content-type': 'application/json' };
    const started = await host.fetch(`${RELEASE}/jobs/${job.id}:start`, { method: 'POST', headers });
    expect(started.status).toBe(202);
    await waitUntilStopped(host, job.id);
    for (const action of [':inspect', ':stop']) {
      const response = await host.fetch(`${RELEASE}/jobs/${job.id}${action}`, { method: 'POST', headers });
      expect(response.status, action).toBe(200);
    }
  });

  it('queues jobs beyond the concurrency limit, and stops or deletes a queued job', async () => {
    host = await startTestHost({ concurrency: 1 });
    const running = await createJob(host, { input_2: 60 });
    const queuedToStop = await createJob(host, { input_2: 0 });
    const queuedToDelete = await createJob(host, { input_2: 0 });
    const queuedToRun = await createJob(host, { input_2: 0 });
    for (const job of [running, queuedToStop, queuedToDelete, queuedToRun]) await startJob(host, job.id);
    for (const job of [queuedToStop, queuedToDelete, queuedToRun]) {
      expect((await post(host, `${RELEASE}/jobs/${job.id}:inspect`)).state).toBe('WAITING_FOR_RESOURCES');
    }
    const stopped = await post(host, `${RELEASE}/jobs/${queuedToStop.id}:stop`);
    expect(stopped).toMatchObject({ state: 'ABORTED', started_at: null, progress: 100 });
    expect(stopped.stopped_at).toBeTruthy();
    expect((await host.fetch(`${RELEASE}/jobs/${queuedToDelete.id}`, { method: 'DELETE' })).status).toBe(204);

    expect((await post(host, `${RELEASE}/jobs/${running.id}:stop`)).state).toBe('ABORTED');
    const { status } = await waitUntilStopped(host, queuedToRun.id);
    expect(status.state).toBe('SUCCESS');
  });

  it('leaves a job that was never started alone on :stop, and has no log for it yet', async () => {
    host = await startTestHost();
    const job = await createJob(host, { input_2: 0 });
    expect((await post(host, `${RELEASE}/jobs/${job.id}:stop`)).state).toBe('NOT_STARTED');
    await host.json(`${RELEASE}/jobs/${job.id}/outputs/logfile`, { expect: 404 });
    const stream = await host.fetch(`${RELEASE}/jobs/${job.id}/logstream`);
    expect(stream.status).toBe(200);
    expect(await stream.text()).toBe('');
    const outputs = await host.json<{ errors: string[] }>(`${RELEASE}/jobs/${job.id}/outputs`, { expect: 409 });
    expect(outputs.errors[0]).toMatch(/not been started/);
  });

  it('replays the whole log of a finished job on the log stream', async () => {
    host = await startTestHost();
    const { job } = await runJob(host, { input_2: 1 });
    const text = await (await host.fetch(`${RELEASE}/jobs/${job.id}/logstream`)).text();
    const messages = text
      .trim()
      .split('\n')
      .flatMap((line) => (JSON.parse(line) as { messages: string[] }).messages);
    expect(messages.join('\n')).toBe((await logOf(host, job.id)).trimEnd());
  });

  it('cuts a log past the size limit with a note, and the job still succeeds', async () => {
    host = await startTestHost({ maxLogBytes: 2000 });
    // Walking 300 meters logs one line per meter.
    const { job, status } = await runJob(host, { input_2: 0, input_4: 300 });
    expect(status.state).toBe('SUCCESS');
    const log = await logOf(host, job.id);
    expect(log).toMatch(/log was cut here.*2000 bytes/);
    expect(log).not.toMatch(/Walked 300\/300/);
    expect(Buffer.byteLength(log)).toBeLessThan(2400);
  });

  it('refuses job routes of an unknown release, a malformed job id and another release’s job', async () => {
    host = await startTestHost();
    const job = await createJob(host, { input_2: 0 });
    const other = `/v0/solvers/${encodeURIComponent('simcore/services/comp/itis/sleeper')}/releases/2.0.2`;
    await host.json(`${other}/jobs/${job.id}`, { expect: 404 });
    await host.json(`${RELEASE.replace('2.1.6', '9.9.9')}/jobs`, { method: 'POST', body: { values: {} }, expect: 404 });
    const malformed = await host.json<{ errors: { loc: string[] }[] }>(`${RELEASE}/jobs/not-a-uuid`, { expect: 422 });
    expect(malformed.errors[0]?.loc).toEqual(['path', 'job_id']);
  });
});
