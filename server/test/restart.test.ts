import { afterEach, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from './harness.ts';
import {
  createJob,
  type FileBody,
  type JobStatusBody,
  RELEASE,
  runJob,
  startJob,
  waitForState,
} from './jobs-helpers.ts';

describe('a restart of the host in the middle of a running job', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  it('marks the running and queued jobs FAILED with the restart as reason, and keeps finished jobs and outputs', async () => {
    host = await startTestHost({ concurrency: 1 }, { keepData: true });
    const { job: finished, status: finishedStatus } = await runJob(host, { input_2: 0 });
    expect(finishedStatus.state).toBe('SUCCESS');
    const outputs = await host.json<{ results: { output_1: FileBody; output_2: number } }>(
      `${RELEASE}/jobs/${finished.id}/outputs`,
    );

    const running = await createJob(host, { input_2: 60 });
    await startJob(host, running.id);
    const queued = await createJob(host, { input_2: 1 });
    await startJob(host, queued.id);
    await waitForState(host, running.id, 'STARTED');
    const waiting = await host.json<JobStatusBody>(`${RELEASE}/jobs/${queued.id}:inspect`, { method: 'POST' });
    expect(waiting.state).toBe('WAITING_FOR_RESOURCES');

    const dataDir = host.dataDir;
    await host.close();
    host = await startTestHost({ concurrency: 1 }, { dataDir });

    for (const job of [running, queued]) {
      const status = await host.json<JobStatusBody>(`${RELEASE}/jobs/${job.id}:inspect`, { method: 'POST' });
      expect(status.state).toBe('FAILED');
      expect(status.stopped_at).toBeTruthy();
      expect(status.progress).toBe(100);
      expect(status.errors?.[0]?.msg).toMatch(/restarted/);
    }

    const before = await host.json<JobStatusBody>(`${RELEASE}/jobs/${finished.id}:inspect`, { method: 'POST' });
    expect(before.state).toBe('SUCCESS');
    expect(await host.json(`${RELEASE}/jobs/${finished.id}/outputs`)).toEqual(outputs);
    const download = await host.fetch(`/v0/files/${outputs.results.output_1.id}/content`);
    expect((await download.text()).trim()).toMatch(/^\d+$/);

    // The restarted host still runs jobs.
    expect((await runJob(host, { input_2: 0 })).status.state).toBe('SUCCESS');
  });
});
