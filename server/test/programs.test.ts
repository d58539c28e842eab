import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFileUploadData, UploadedPart } from '../services/uploads.ts';
import { startTestHost, type TestHost } from './harness.ts';
import { createJob, type FileBody, type JobBody, waitUntilStopped } from './jobs-helpers.ts';

/**
 * Programs as upstream serves them: api/routes/programs.py (list, releases, one release, create
 * a job with an empty workspace) and the `UserFileToProgramJob` upload body of api/routes/files.py,
 * which puts a file straight into a program job's workspace.
 */

const PROGRAM_KEY = 'simcore/services/dynamic/local/workspace-summary';
const PROGRAM = `/v0/programs/${encodeURIComponent(PROGRAM_KEY)}/releases/1.0.0`;
// Upstream starts program jobs from its web UI; here they run through the job routes.
const RUNNER = `/v0/solvers/${encodeURIComponent(PROGRAM_KEY)}/releases/1.0.0`;

interface ProgramBody {
  id: string;
  version: string;
  title: string;
  url: string | null;
}
interface Page<T> {
  items: T[];
  total: number;
}
interface ErrorBody {
  errors: ({ loc: (string | number)[]; msg: string } | string)[];
}

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

describe('programs', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost({ chunkSize: 8 });
  });
  afterAll(async () => {
    await host?.close();
  });

  /** Uploads text into a job's workspace the way the Python client uploads: announce, PUT each chunk, complete. */
  async function uploadIntoJob(jobId: string, workspacePath: string, text: string): Promise<FileBody> {
    const bytes = new TextEncoder().encode(text);
    const clientFile = {
      filename: workspacePath.split('/').pop(),
      filesize: bytes.length,
      sha256_checksum: sha256(bytes),
      program_key: PROGRAM_KEY,
      program_version: '1.0.0',
      job_id: jobId,
      workspace_path: workspacePath,
    };
    const upload = await host.json<ClientFileUploadData>('/v0/files/content', { method: 'POST', body: clientFile });
    const parts: UploadedPart[] = [];
    for (const [index, url] of upload.upload_schema.urls.entries()) {
      const chunk = bytes.subarray(
        index * upload.upload_schema.chunk_size,
        (index + 1) * upload.upload_schema.chunk_size,
      );
      const response = await fetch(url, { method: 'PUT', body: chunk });
      expect(response.status).toBe(200);
      parts.push({ number: index + 1, e_tag: JSON.parse(response.headers.get('etag') ?? 'null') as string });
    }
    return host.json<FileBody>(upload.upload_schema.links.complete_upload, {
      method: 'POST',
      body: { client_file: clientFile, uploaded_parts: { parts } },
    });
  }

  it('lists the programs, a program history and one release, apart from the solvers', async () => {
    const page = await host.json<Page<ProgramBody>>('/v0/programs');
    expect(page.items.map((program) => program.id)).toContain(PROGRAM_KEY);
    expect(page.items.find((program) => program.id === PROGRAM_KEY)?.url).toBe(`${host.url}${PROGRAM}`);
    const history = await host.json<Page<ProgramBody>>(`/v0/programs/${encodeURIComponent(PROGRAM_KEY)}/releases`);
    expect(history.items.map((program) => program.version)).toEqual(['1.0.0']);
    const release = await host.json<ProgramBody>(PROGRAM);
    expect(release.title).toBe('Workspace summary');

    const solvers = await host.json<{ id: string }[]>('/v0/solvers');
    expect(solvers.map((solver) => solver.id)).not.toContain(PROGRAM_KEY);
    const missing = await host.json<ErrorBody>(`/v0/programs/${encodeURIComponent(PROGRAM_KEY)}/releases/9.9.9`, {
      expect: 404,
    });
    expect(JSON.stringify(missing.errors)).toContain(`Program ${PROGRAM_KEY}:9.9.9 not found`);
    // A solver key is no program key.
    await host.json(`/v0/programs/${encodeURIComponent('simcore/services/comp/itis/sleeper')}/releases/2.1.6`, {
      expect: 422,
    });
  });

  it('creates a job as upstream names it, fills its workspace by upload and runs it over the files', async () => {
    const job = await host.json<JobBody>(`${PROGRAM}/jobs`, {
      method: 'POST',
      body: { name: 'my summary', description: 'two notes' },
      expect: 201,
    });
    expect(job.name).toBe(`programs/${encodeURIComponent(PROGRAM_KEY)}/releases/1.0.0/jobs/${job.id}`);
    expect(job.runner_name).toBe(`programs/${encodeURIComponent(PROGRAM_KEY)}/releases/1.0.0`);
    expect([job.url, job.runner_url, job.outputs_url]).toEqual([null, null, null]);

    const notes = await uploadIntoJob(job.id, 'workspace/notes.txt', 'first line\nsecond line here\n');
    await uploadIntoJob(job.id, 'workspace/data/values.csv', 'a,b\n1,2\n');
    expect(notes.filename).toBe('notes.txt');

    await host.json(`${RUNNER}/jobs/${job.id}:start`, { method: 'POST', expect: 202 });
    const { status } = await waitUntilStopped(host, job.id, RUNNER);
    expect(status.state).toBe('SUCCESS');
    const outputs = await host.json<{ results: { file_count: number; total_bytes: number; summary: FileBody } }>(
      `${RUNNER}/jobs/${job.id}/outputs`,
    );
    expect(outputs.results.file_count).toBe(2);
    expect(outputs.results.total_bytes).toBe(28 + 8);
    const csv = await (await host.fetch(`/v0/files/${outputs.results.summary.id}/content`)).text();
    expect(csv.split('\n')).toEqual(
      expect.arrayContaining([
        `data/values.csv,8,2,2,${sha256(new TextEncoder().encode('a,b\n1,2\n'))}`,
        expect.stringMatching(/^notes\.txt,28,2,5,[0-9a-f]{64}$/),
        '(total),36,,,',
      ]),
    );
    const log = await host.fetch(`${RUNNER}/jobs/${job.id}/outputs/logfile`);
    expect(log.headers.get('content-type')).toBe('application/zip');

    // Once started, nothing more goes into the workspace.
    const late = await host.json<ErrorBody>('/v0/files/content', {
      method: 'POST',
      body: {
        filename: 'late.txt',
        filesize: 1,
        sha256_checksum: sha256(new Uint8Array([1])),
        program_key: PROGRAM_KEY,
        program_version: '1.0.0',
        job_id: job.id,
        workspace_path: 'workspace/late.txt',
      },
      expect: 409,
    });
    expect(JSON.stringify(late.errors)).toContain('already been started');
  });

  it('refuses uploads that name no program job or leave the workspace, saying where', async () => {
    const job = await host.json<JobBody>(`${PROGRAM}/jobs`, { method: 'POST', expect: 201 });
    const file = { filename: 'a.txt', filesize: 1, sha256_checksum: sha256(new Uint8Array([1])) };
    const target = { program_key: PROGRAM_KEY, program_version: '1.0.0', job_id: job.id };

    const escaping = await host.json<ErrorBody>('/v0/files/content', {
      method: 'POST',
      body: { ...file, ...target, workspace_path: 'workspace/../../secret.txt' },
      expect: 422,
    });
    expect(escaping.errors[0]).toMatchObject({ loc: ['body', 'workspace_path'] });
    await host.json('/v0/files/content', {
      method: 'POST',
      body: { ...file, ...target, workspace_path: 'elsewhere/a.txt' },
      expect: 422,
    });
    const partial = await host.json<ErrorBody>('/v0/files/content', {
      method: 'POST',
      body: { ...file, job_id: job.id },
      expect: 422,
    });
    expect(partial.errors[0]).toMatchObject({ loc: ['body', 'program_key'] });

    const solverJob = await createJob(host, { input_2: 0 });
    const notProgram = await host.json<ErrorBody>('/v0/files/content', {
      method: 'POST',
      body: { ...file, ...target, job_id: solverJob.id, workspace_path: 'workspace/a.txt' },
      expect: 422,
    });
    expect(JSON.stringify(notProgram.errors)).toContain(`Job_id ${solverJob.id} is not a valid program job.`);
  });
});
