import type { JobBody, JobStatusBody } from '../routes/jobs.ts';
import type { ApiFile as FileBody } from '../services/files.ts';
import { type HostClient, readUntil, WAIT } from './harness.ts';

/** The sleeper's key as it goes in a path. */
export const SLEEPER = encodeURIComponent('simcore/services/comp/itis/sleeper');
export const RELEASE = `/v0/solvers/${SLEEPER}/releases/2.1.6`;

export type { JobBody, JobStatusBody } from '../routes/jobs.ts';
// The tests read answers as the host's routes type them.
export type { ApiFile as FileBody } from '../services/files.ts';

/** Uploads text as a file the way the Python client does (`PUT /v0/files/content`, multipart field `file`). */
export async function uploadText(
  host: HostClient,
  filename: string,
  text: string,
  type = 'text/plain',
): Promise<FileBody> {
  const form = new FormData();
  form.append('file', new Blob([text], { type }), filename);
  const response = await host.fetch('/v0/files/content', { method: 'PUT', body: form });
  const body = await response.text();
  if (!response.ok) throw new Error(`upload of ${filename}: ${response.status} ${body}`);
  return JSON.parse(body) as FileBody;
}

/** Creates a sleeper 2.1.6 job. */
export async function createJob(
  host: HostClient,
  values: Record<string, unknown>,
  release = RELEASE,
): Promise<JobBody> {
  return host.json<JobBody>(`${release}/jobs`, { method: 'POST', body: { values }, expect: 201 });
}

/** Starts a job (`:start`, which must answer 202); answers the status it gives. */
export async function startJob(host: HostClient, jobId: string, release = RELEASE): Promise<JobStatusBody> {
  return host.json<JobStatusBody>(`${release}/jobs/${jobId}:start`, { method: 'POST', expect: 202 });
}

/** Creates, starts and waits for a job; answers the job, its last status and each progress seen. */
export async function runJob(
  host: HostClient,
  values: Record<string, unknown>,
  release = RELEASE,
): Promise<{ job: JobBody; status: JobStatusBody; seen: number[] }> {
  const job = await createJob(host, values, release);
  await startJob(host, job.id, release);
  return { job, ...(await waitUntilStopped(host, job.id, release)) };
}

/** Polls `:inspect` as the tutorial does until `stopped_at` is set; answers the last status and each progress seen. */
export async function waitUntilStopped(
  host: HostClient,
  jobId: string,
  release = RELEASE,
): Promise<{ status: JobStatusBody; seen: number[] }> {
  const seen: number[] = [];
  const status = await readUntil(
    async () => {
      const status = await host.json<JobStatusBody>(`${release}/jobs/${jobId}:inspect`, { method: 'POST' });
      seen.push(status.progress);
      return status;
    },
    (status) => status.stopped_at !== null,
    (status) => `job ${jobId} has not stopped: ${status.state} at ${status.progress}%`,
  );
  return { status, seen };
}

/** Polls `:inspect` until the job is in `state`; throws should it stop in another state first. */
export async function waitForState(host: HostClient, jobId: string, state: string, release = RELEASE): Promise<void> {
  const status = await readUntil(
    () => host.json<JobStatusBody>(`${release}/jobs/${jobId}:inspect`, { method: 'POST' }),
    (status) => status.state === state || status.stopped_at !== null,
    (status) => `job ${jobId} is ${status.state}, not ${state}`,
    { ...WAIT, interval: 50 },
  );
  if (status.state !== state) throw new Error(`job ${jobId} stopped as ${status.state} before reaching ${state}`);
}

/** Whether no process of the group led by `pid` is left (checked until it is, or a generous while has passed). */
export async function processIsGone(pid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      process.kill(-pid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Whether the process `pid` still runs (signal 0 only checks). */
export function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether the process `pid` is gone (checked until it is, or a generous while has passed). */
export async function pidIsGone(pid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 100 && pidIsAlive(pid); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !pidIsAlive(pid);
}

/** The pid the host's first log line names, read from the live log (the log zip exists only once the job stopped). */
export async function waitForPid(host: HostClient, jobId: string, release = RELEASE): Promise<number> {
  const response = await host.fetch(`${release}/jobs/${jobId}/logstream`);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`The log of job ${jobId} ended without naming its process: ${text}`);
      text += value;
      const pid = /as process (\d+)/.exec(text)?.[1];
      if (pid) return Number(pid);
    }
  } finally {
    await reader.cancel();
  }
}
