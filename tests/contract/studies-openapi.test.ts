import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { builtinStudiesDir } from '../../server/config.ts';
import { HEAT_STUDY, SLEEPER_STUDY, sleeperChainYaml, studyFolder } from '../../server/test/study-helpers.ts';
import { specPresent } from './contract-checker.ts';
import { contractWalk } from './contract-host.ts';

/**
 * Every study operation of the API, walked the way the osparc client uses them
 * (clients/python/test/e2e/test_studies.py), with every JSON answer checked against the
 * upstream specification. One deliberate difference from upstream
 * (api/routes/studies_jobs.py): `GET /v0/studies/{id}/jobs/{job_id}` answers 501 there and
 * the job here, so that answer is checked against the `Job` schema instead.
 */

const FAILING = 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff';

describe.skipIf(!specPresent)('the study operations against the upstream API specification', () => {
  const walk = contractWalk(() => ({
    studyDirs: [
      builtinStudiesDir,
      studyFolder({ 'failing.yml': sleeperChainYaml(FAILING, ['one', 'two'], { fail: 'one' }) }),
    ],
  }));
  const { call } = walk;
  const study = `/v0/studies/${SLEEPER_STUDY}`;
  const untilStopped = (studyPath: string, jobId: string) => walk.untilStopped(`${studyPath}/jobs/${jobId}`);

  it('walks every study operation: success, a failing node, a stop', async () => {
    await call('GET', '/v0/studies', { expect: 200 });
    await call('GET', '/v0/studies?limit=1&offset=1', { expect: 200 });
    await call('GET', study, { expect: 200 });
    await call('GET', `${study}/ports`, { expect: 200 });
    const { body: clone } = await call<{ uid: string }>('POST', `${study}:clone`, {
      body: { title: 'Contract copy', description: 'checked' },
      expect: 201,
    });
    await call('POST', `${study}:clone?hidden=true`, { expect: 201 });
    await call('GET', `/v0/studies/${clone.uid}`, { expect: 200 });

    const form = new FormData();
    form.append('file', new Blob(['3'], { type: 'text/plain' }), 'file_with_number.txt');
    const { body: file } = await call<{ id: string }>('PUT', '/v0/files/content', { form, expect: 200 });
    const { body: job } = await call<{ id: string }>('POST', `${study}/jobs`, {
      body: { values: { input_file: file } },
      expect: 200,
    });
    await call('POST', `${study}/jobs/${job.id}:inspect`, { expect: 200 });
    await call('POST', `${study}/jobs/${job.id}:start`, { expect: 202 });
    await call('POST', `${study}/jobs/${job.id}:start`, { expect: 200 });
    expect((await untilStopped(study, job.id)).state).toBe('SUCCESS');
    const { body: outputs } = await call<{ results: Record<string, unknown> }>(
      'POST',
      `${study}/jobs/${job.id}/outputs`,
      { expect: 200 },
    );
    expect(Object.keys(outputs.results)).toEqual(['final_number', 'final_file']);
    const { body: logs } = await call<{ log_links: { download_link: string }[] }>(
      'GET',
      `${study}/jobs/${job.id}/outputs/log-links`,
      { expect: 200 },
    );
    expect(logs.log_links).toHaveLength(2);
    for (const link of logs.log_links) {
      const zip = await JSZip.loadAsync(await (await walk.host.fetch(link.download_link)).arrayBuffer());
      expect(Object.keys(zip.files).length).toBeGreaterThan(0);
    }
    await call('GET', `${study}/jobs?limit=5`, { expect: 200 });
    await call('GET', `${study}/jobs/${job.id}/metadata`, { expect: 200 });
    await call('PUT', `${study}/jobs/${job.id}/metadata`, {
      body: { metadata: { campaign: 'contract', run: 1, ok: true } },
      expect: 200,
    });

    // The failing node and the stopped pipeline.
    const failing = `/v0/studies/${FAILING}`;
    const { body: failed } = await call<{ id: string }>('POST', `${failing}/jobs`, {
      body: { values: {} },
      expect: 200,
    });
    await call('POST', `${failing}/jobs/${failed.id}:start`, { expect: 202 });
    expect((await untilStopped(failing, failed.id)).state).toBe('FAILED');
    await call('POST', `${failing}/jobs/${failed.id}/outputs`, { expect: 200 });
    const heat = `/v0/studies/${HEAT_STUDY}`;
    const { body: long } = await call<{ id: string }>('POST', `${study}/jobs`, {
      body: { values: { sleep_interval: 30 } },
      expect: 200,
    });
    await call('POST', `${study}/jobs/${long.id}:start`, { expect: 202 });
    const { body: stopped } = await call<{ state: string }>('POST', `${study}/jobs/${long.id}:stop`, { expect: 200 });
    expect(stopped.state).toBe('ABORTED');
    await call('DELETE', `${study}/jobs/${long.id}`, { expect: 204 });

    // Errors: unknown study, invalid inputs.
    await call('GET', '/v0/studies/00000000-0000-4000-8000-000000000000', { expect: 404 });
    await call('GET', `${heat}/ports`, { expect: 200 });
    await call('POST', `${heat}/jobs`, { body: { values: { rod_length: -1 } }, expect: 422 });
    await call('GET', '/v0/studies?limit=0', { expect: 422 });

    // Where upstream answers 501, this host answers with the Job.
    const one = await walk.host.fetch(`${study}/jobs/${job.id}`);
    expect(one.status).toBe(200);
    const jobSchema = walk.checker.component('Job');
    expect(jobSchema(await one.json()), JSON.stringify(jobSchema.errors ?? [])).toBe(true);
  });

  it('covered all 15 study operations of the specification', () => {
    const operations = walk.operations(['/v0/studies']);
    // The 15th, GET of one job, is checked above against the Job schema.
    expect(operations.size).toBe(14);
  });

  it('answered every JSON request as the specification says', () => {
    const problems = walk.problems();
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
