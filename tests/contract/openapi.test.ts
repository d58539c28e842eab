import crypto from 'node:crypto';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { startTestHost } from '../../server/test/harness.ts';
import { concreteSpecPath, type Exchange, specPresent } from './contract-checker.ts';
import { contractWalk } from './contract-host.ts';

/**
 * The seed walk once more, with every JSON response checked against the upstream API
 * specification (read from ../shared at test time, never copied into the project).
 */

describe.skipIf(!specPresent)('the seed walk against the upstream API specification', () => {
  const walk = contractWalk();
  const { call, exchanges } = walk;

  const sleeper = `/v0/solvers/${encodeURIComponent('simcore/services/comp/itis/sleeper')}/releases/2.1.6`;
  const untilStopped = (jobId: string) => walk.untilStopped(`${sleeper}/jobs/${jobId}`);

  it('walks the tutorial and the paths around it', async () => {
    await call('GET', '/v0/meta', { expect: 200 });
    await call('GET', '/v0/me', { expect: 200 });

    const form = new FormData();
    form.append('file', new Blob(['3'], { type: 'text/plain' }), 'file_with_number.txt');
    const { body: inputFile } = await call<{ id: string }>('PUT', '/v0/files/content', { form, expect: 200 });
    await call('GET', `/v0/files/${inputFile.id}`, { expect: 200 });
    await call('GET', '/v0/files', { expect: 200 });

    await call('GET', '/v0/solvers', { expect: 200 });
    await call('GET', sleeper, { expect: 200 });
    await call('GET', `${sleeper}/ports`, { expect: 200 });

    const { body: job } = await call<{ id: string }>('POST', `${sleeper}/jobs`, {
      body: { values: { input_4: 2, input_3: 'false', input_2: 3, input_1: inputFile } },
      expect: 201,
    });
    await call('GET', `${sleeper}/jobs/${job.id}`, { expect: 200 });
    await call('POST', `${sleeper}/jobs/${job.id}:inspect`, { expect: 200 });
    await call('GET', `${sleeper}/jobs/${job.id}/outputs`, { expect: 409 });
    await call('GET', `${sleeper}/jobs/${job.id}/outputs/logfile`, { expect: 404 });
    await call('POST', `${sleeper}/jobs/${job.id}:start`, { expect: 202 });
    await call('POST', `${sleeper}/jobs/${job.id}:start`, { expect: 200 });
    expect((await untilStopped(job.id)).state).toBe('SUCCESS');

    const { body: outputs } = await call<{ results: { output_1: { id: string } } }>(
      'GET',
      `${sleeper}/jobs/${job.id}/outputs`,
      { expect: 200 },
    );
    const logfile = await call('GET', `${sleeper}/jobs/${job.id}/outputs/logfile`, { expect: 307 });
    const zipAnswer = await fetch(logfile.location!);
    expect(zipAnswer.headers.get('content-type')).toBe('application/zip');
    const zip = await JSZip.loadAsync(await zipAnswer.arrayBuffer());
    expect(Object.keys(zip.files).some((name) => name.endsWith('.log'))).toBe(true);
    await call('GET', `/v0/files/${outputs.results.output_1.id}`, { expect: 200 });

    await call('GET', `${sleeper}/jobs`, { expect: 200 });
    await call('GET', `${sleeper}/jobs/page?limit=5`, { expect: 200 });
    await call('GET', `${sleeper}/jobs/${job.id}/metadata`, { expect: 200 });
    await call('PATCH', `${sleeper}/jobs/${job.id}/metadata`, {
      body: { metadata: { study: 'contract', run: 1, ok: true, ratio: 0.5 } },
      expect: 200,
    });
    await call('GET', `/v0/solvers/-/releases/-/jobs?metadata.any=${encodeURIComponent('study:con*')}`, {
      expect: 200,
    });
    await call('GET', `/v0/solvers/-/releases/-/jobs/metadata:batchGet?job_ids=${job.id}`, { expect: 200 });
    await call('GET', `${sleeper}/jobs/${job.id}/wallet`, { expect: 200 });
    await call('GET', '/v0/wallets/default', { expect: 200 });
    await call('GET', '/v0/wallets/1', { expect: 200 });
    await call('GET', '/v0/credits/price', { expect: 200 });

    // The failing and the stopped job.
    const { body: failing } = await call<{ id: string }>('POST', `${sleeper}/jobs`, {
      body: { values: { input_2: 0, input_3: true } },
      expect: 201,
    });
    await call('POST', `${sleeper}/jobs/${failing.id}:start`, { expect: 202 });
    expect((await untilStopped(failing.id)).state).toBe('FAILED');
    await call('GET', `${sleeper}/jobs/${failing.id}/outputs`, { expect: 409 });

    const { body: long } = await call<{ id: string }>('POST', `${sleeper}/jobs`, {
      body: { values: { input_2: 60 } },
      expect: 201,
    });
    await call('POST', `${sleeper}/jobs/${long.id}:start`, { expect: 202 });
    await call('POST', `${sleeper}/jobs/${long.id}:stop`, { expect: 200 });
    await call('DELETE', `${sleeper}/jobs/${long.id}`, { expect: 204 });

    // Errors: unknown job, invalid inputs, unreadable JSON; values of no port are taken, as upstream.
    await call('GET', `${sleeper}/jobs/${long.id}`, { expect: 404 });
    await call('DELETE', `${sleeper}/jobs/${long.id}`, { expect: 404 });
    await call('POST', `${sleeper}/jobs`, { body: { values: { input_2: 100 } }, expect: 422 });
    await call('POST', `${sleeper}/jobs`, { text: '{"values": {', expect: 422 });
    await call('POST', `${sleeper}/jobs`, { body: { values: { input_9: 1 } }, expect: 201 });
    await call('GET', `/v0/solvers/${encodeURIComponent('simcore/services/comp/itis/nobody')}/releases/1.0.0`, {
      expect: 404,
    });
    await call('GET', `/v0/files/${long.id}`, { expect: 404 });
    await call('GET', '/v0/solvers/page?limit=0', { expect: 422 });
    await call('PATCH', `${sleeper}/jobs/${job.id}/metadata`, { body: { metadata: { bad: [1] } }, expect: 422 });
  });

  it('walks the catalog, the profile and the files routes, answers and errors', async () => {
    const key = encodeURIComponent('simcore/services/comp/itis/sleeper');
    await call('GET', '/v0/solvers/page?limit=2', { expect: 200 });
    await call('GET', '/v0/solvers/releases', { expect: 200 });
    await call('GET', `/v0/solvers/${key}/latest`, { expect: 200 });
    await call('GET', `/v0/solvers/${key}/releases`, { expect: 200 });
    await call('GET', `/v0/solvers/${key}/releases/page?limit=1`, { expect: 200 });
    await call('GET', `${sleeper}/pricing_plan`, { expect: 200 });
    await call('PUT', '/v0/me', { body: { first_name: 'Ada' }, expect: 200 });

    const bytes = new TextEncoder().encode('contract bytes');
    const checksum = crypto.createHash('sha256').update(bytes).digest('hex');
    const clientFile = { filename: 'contract.txt', filesize: bytes.length, sha256_checksum: checksum };
    const { body: announced } = await call<{
      upload_schema: { urls: string[]; links: { complete_upload: string } };
    }>('POST', '/v0/files/content', { body: { client_file: clientFile }, expect: 200 });
    const put = await fetch(announced.upload_schema.urls[0]!, { method: 'PUT', body: bytes });
    const parts = [{ number: 1, e_tag: JSON.parse(put.headers.get('etag')!) as string }];
    const complete = new URL(announced.upload_schema.links.complete_upload).pathname;
    const { body: uploaded } = await call<{ id: string }>('POST', complete, {
      body: { client_file: clientFile, uploaded_parts: { parts } },
      expect: 200,
    });
    await call('GET', `/v0/files:search?sha256_checksum=${checksum}`, { expect: 200 });
    await call('GET', `/v0/files:search?sha256_checksum=${checksum}&offset=5`, { expect: 404 });
    await call('GET', `/v0/files/${uploaded.id}/content`, { expect: 200 });
    await call('DELETE', `/v0/files/${uploaded.id}`, { expect: 200 });
    await call('GET', `/v0/files/${uploaded.id}/content`, { expect: 404 });

    const { body: abandoned } = await call<{ upload_schema: { links: { abort_upload: string } } }>(
      'POST',
      '/v0/files/content',
      { body: { client_file: { ...clientFile, filename: 'abandoned.txt' } }, expect: 200 },
    );
    await call('POST', new URL(abandoned.upload_schema.links.abort_upload).pathname, {
      body: { client_file: { ...clientFile, filename: 'abandoned.txt' } },
      expect: 200,
    });
  });

  it('answers 402 when the wallet cannot pay for a job', async () => {
    const poor = await startTestHost({ initialCredits: 0, creditsPerJob: 1 });
    try {
      const response = await poor.fetch(`${sleeper}/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ values: {} }),
      });
      walk.record('POST', `${sleeper}/jobs`, response, await response.text());
      expect(response.status).toBe(402);
    } finally {
      await poor.close();
    }
  });

  it('streams the log as JobLog objects', async () => {
    const { body: job } = await call<{ id: string }>('POST', `${sleeper}/jobs`, {
      body: { values: { input_2: 1 } },
      expect: 201,
    });
    await call('POST', `${sleeper}/jobs/${job.id}:start`, { expect: 202 });
    const response = await walk.host.fetch(`${sleeper}/jobs/${job.id}/logstream`);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    walk.record('GET', `${sleeper}/jobs/${job.id}/logstream`, response);
    const jobLog = walk.checker.component('JobLog');
    const lines = (await response.text()).trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(jobLog(JSON.parse(line)), JSON.stringify(jobLog.errors ?? [])).toBe(true);
  });

  it("walks programs, licensed items, a job's pricing unit and assets, and responses", async () => {
    const programKey = 'simcore/services/dynamic/local/workspace-summary';
    const program = `/v0/programs/${encodeURIComponent(programKey)}/releases/1.0.0`;
    await call('GET', '/v0/programs', { expect: 200 });
    await call('GET', `/v0/programs/${encodeURIComponent(programKey)}/releases`, { expect: 200 });
    await call('GET', program, { expect: 200 });
    const { body: programJob } = await call<{ id: string }>('POST', `${program}/jobs`, {
      body: { name: 'contract' },
      expect: 201,
    });
    const bytes = new TextEncoder().encode('one two three\n');
    const digest = Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
    const clientFile = {
      filename: 'words.txt',
      filesize: bytes.length,
      sha256_checksum: digest,
      program_key: programKey,
      program_version: '1.0.0',
      job_id: programJob.id,
      workspace_path: 'workspace/words.txt',
    };
    const { body: upload } = await call<{ upload_schema: { urls: string[]; links: { complete_upload: string } } }>(
      'POST',
      '/v0/files/content',
      { body: clientFile, expect: 200 },
    );
    const put = await fetch(upload.upload_schema.urls[0]!, { method: 'PUT', body: bytes });
    const eTag = JSON.parse(put.headers.get('etag') ?? 'null') as string;
    await call('POST', new URL(upload.upload_schema.links.complete_upload, walk.host.url).pathname, {
      body: { client_file: clientFile, uploaded_parts: { parts: [{ number: 1, e_tag: eTag }] } },
      expect: 200,
    });

    const { body: items } = await call<{ items: { licensed_item_id: string }[] }>('GET', '/v0/licensed-items', {
      expect: 200,
    });
    const itemId = items.items[0]!.licensed_item_id;
    await call('GET', '/v0/wallets/1/licensed-items', { expect: 200 });
    const { body: checkout } = await call<{ licensed_item_checkout_id: string }>(
      'POST',
      `/v0/wallets/1/licensed-items/${itemId}/checkout`,
      { body: { number_of_seats: 1, service_run_id: 'contract' }, expect: 200 },
    );
    await call('POST', `/v0/licensed-items/${itemId}/checked-out-items/${checkout.licensed_item_checkout_id}/release`, {
      expect: 200,
    });

    const { body: job } = await call<{ id: string }>('POST', `${sleeper}/jobs`, {
      body: { values: { input_2: 0 } },
      expect: 201,
    });
    await call('GET', `${sleeper}/jobs/${job.id}/pricing_unit`, { expect: 200 });
    await call('GET', `${sleeper}/pricing_plan`, { expect: 200 });
    await call('POST', `${sleeper}/jobs/${job.id}:start`, { expect: 202 });
    expect((await untilStopped(job.id)).state).toBe('SUCCESS');
    await call('DELETE', `${sleeper}/jobs/${job.id}/assets`, { expect: 204 });
    await call('GET', `${sleeper}/jobs/${job.id}/outputs`, { expect: 409 });

    await call('POST', '/v0/responses', {
      body: { background: true, input: [{ role: 'user', content: 'hi' }], model: 'm', temperature: 0 },
      expect: 503,
    });
    await call('GET', `/v0/responses/${job.id}`, { expect: 404 });
  });

  it('notices a body that breaks the specification', () => {
    const jobPath = exchanges.find((e) => e.path.endsWith(':inspect'))!.path;
    const broken: Exchange = {
      method: 'POST',
      path: jobPath,
      status: 200,
      contentType: 'application/json',
      text: JSON.stringify({ state: 'SLEEPING', progress: 150 }),
    };
    const problems = walk.checker.check(broken);
    expect(problems.join('\n')).toMatch(/job_id|state|progress/);
  });

  it('notices a status the specification does not list for the operation', () => {
    const jobPath = exchanges.find((e) => e.path.endsWith(':inspect'))!.path;
    const problems = walk.checker.check({ method: 'POST', path: jobPath, status: 400, contentType: '', text: '' });
    expect(problems.join('\n')).toMatch(/lists no 400/);
  });

  it("exercised every route of the host that the specification names, and only the spec's answers", () => {
    const { checker } = walk;
    const seen = walk.operations();
    const missed = walk.host.app.hostRoutes
      .filter((route) => route.method !== 'HEAD')
      .map((route) => ({ method: route.method, path: concreteSpecPath(route.url) }))
      .map(({ method, path }) => ({ method, template: checker.templateOf(path, method) }))
      // Studies and functions are walked, and checked against the same specification, in
      // studies-openapi.test.ts and functions-openapi.test.ts.
      .filter(
        ({ template }) =>
          template !== undefined &&
          !/^\/v0\/(studies|functions|function_jobs|function_job_collections|tasks)\b/.test(template),
      )
      .map(({ method, template }) => `${method} ${template}`)
      .filter((route) => !seen.has(route));
    expect([...new Set(missed)]).toEqual([]);
  });

  it('answered every request as the specification says, errors included', () => {
    expect(exchanges.length).toBeGreaterThan(30);
    const problems = walk.problems();
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
