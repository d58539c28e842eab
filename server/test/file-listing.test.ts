import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../routes/response-schemas.ts';
import { seedFileRecords } from '../seed-data.ts';
import type { DescribedFile } from '../services/files.ts';
import { NEAR_OFFSET } from '../stores/page-cursors.ts';
import { startTestHost, type TestHost } from './harness.ts';
import { RELEASE, runJob, uploadText } from './jobs-helpers.ts';

/**
 * The files page of the embedded host tells files apart: upstream's `File`
 * (services/api-server/.../models/schemas/files.py) carries only id, name, type, checksum and
 * e-tag, and allows more fields; the host adds size, creation time and the job output a file
 * is, and orders and filters `/v0/files/page` by them, naming what it applied in
 * `x-osparc-local-filters` (a real deployment ignores the parameters and sends no header).
 */
describe('the files page: size, time, producing job, order and filters', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host.close();
  });

  it('says of each file its size, when it was stored and which job output it is', async () => {
    const before = Date.now();
    const uploaded = (await uploadText(host, 'file_with_number.txt', '3')) as DescribedFile;
    expect(uploaded).toMatchObject({ filename: 'file_with_number.txt', size: 1, produced_by: null });
    expect(Date.parse(uploaded.created_at!)).toBeGreaterThanOrEqual(before - 1000);

    const { job } = await runJob(host, { input_1: uploaded, input_2: 0 });
    const outputs = await host.json<{ results: { output_1: { id: string } } }>(`${RELEASE}/jobs/${job.id}/outputs`);
    // Job outputs stay the API's File, as upstream sends them.
    expect(Object.keys(outputs.results.output_1).sort()).toEqual([
      'checksum',
      'content_type',
      'e_tag',
      'filename',
      'id',
    ]);

    const output = await host.json<DescribedFile>(`/v0/files/${outputs.results.output_1.id}`);
    expect(output).toMatchObject({
      filename: 'single_number.txt',
      produced_by: {
        job_id: job.id,
        output: 'output_1',
        solver_key: 'simcore/services/comp/itis/sleeper',
        version: '2.1.6',
      },
    });
    expect(output.size).toBeGreaterThan(0);

    const ofJob = await host.fetch(`/v0/files/page?job_id=${job.id}`);
    expect(ofJob.headers.get('x-osparc-local-filters')).toContain('job_id');
    expect(((await ofJob.json()) as Page<DescribedFile>).items.map((file) => file.id)).toEqual([output.id]);

    const fromJobs = await host.json<Page<DescribedFile>>('/v0/files/page?produced_by=job&limit=50');
    expect(fromJobs.items.every((file) => file.produced_by?.job_id)).toBe(true);
    expect(fromJobs.items.map((file) => file.id)).toContain(output.id);
    const uploads = await host.json<Page<DescribedFile>>('/v0/files/page?produced_by=upload&limit=50');
    expect(uploads.items.map((file) => file.id)).toContain(uploaded.id);
    expect(uploads.items.map((file) => file.id)).not.toContain(output.id);
    expect(uploads.total + fromJobs.total).toBe((await host.json<Page<DescribedFile>>('/v0/files/page')).total);

    // The file outlives its job; the job it came from is still named.
    await host.json(`${RELEASE}/jobs/${job.id}`, { method: 'DELETE', expect: 204 });
    const orphan = await host.json<DescribedFile>(`/v0/files/${output.id}`);
    expect(orphan.produced_by).toEqual({ job_id: job.id, output: 'output_1', solver_key: null, version: null });

    // The kept totals of each origin follow deletions.
    await host.json(`/v0/files/${output.id}`, { method: 'DELETE' });
    await host.json(`/v0/files/${uploaded.id}`, { method: 'DELETE' });
    const jobsAfter = await host.json<Page<DescribedFile>>('/v0/files/page?produced_by=job');
    const uploadsAfter = await host.json<Page<DescribedFile>>('/v0/files/page?produced_by=upload');
    expect([jobsAfter.total, uploadsAfter.total]).toEqual([fromJobs.total - 1, uploads.total - 1]);
  });

  it('finds files by text in their name or by the start of their checksum, as the Files page shows it', async () => {
    const content = `checksum start ${Date.now()}`;
    const file = (await uploadText(host, 'notes_for_search.txt', content)) as DescribedFile;
    const short = file.checksum!.slice(0, 12);
    const found = async (text: string) => {
      const response = await host.fetch(`/v0/files/page?search=${encodeURIComponent(text)}&limit=50`);
      expect(response.headers.get('x-osparc-local-filters')).toContain('search');
      return ((await response.json()) as Page<DescribedFile>).items.map((item) => item.id);
    };
    expect(await found(short)).toEqual([file.id]);
    expect(await found(short.toUpperCase())).toEqual([file.id]);
    expect(await found(file.checksum!)).toEqual([file.id]);
    expect(await found('FOR_SEARCH')).toContain(file.id);
    // Three digits are too few to be taken as the start of a checksum: only names are searched.
    expect(await found(short.slice(0, 3))).not.toContain(file.id);
  });

  it('refuses an order it does not know, naming the parameter', async () => {
    const body = await host.json<{ errors: { loc: string[] }[] }>('/v0/files/page?order_by=colour', { expect: 422 });
    expect(body.errors[0]?.loc).toEqual(['query', 'order_by']);
    await host.json('/v0/files/page?produced_by=someone', { expect: 422 });
  });
});

describe('the files page in every order, page after page', () => {
  let host: TestHost;
  const COUNT = NEAR_OFFSET * 2 + 500;
  /** Names in both cases, so the order by name must ignore the case of ASCII letters. */
  const nameOf = (index: number) =>
    `${index % 2 ? 'Run' : 'run'}_${String((index * 7919) % COUNT).padStart(5, '0')}.txt`;
  const sizeOf = (index: number) => 1 + (index % 1000);
  let ids: string[];

  beforeAll(async () => {
    host = await startTestHost();
    ids = seedFileRecords(host.dataDir, COUNT, nameOf);
  });
  afterAll(async () => {
    await host.close();
  });

  /** The seeded files in the order asked, ties by the order they were stored in. */
  function expected(by: 'created_at' | 'filename' | 'size', descending: boolean): string[] {
    const key = (index: number): string | number =>
      by === 'filename' ? nameOf(index).toLowerCase() : by === 'size' ? sizeOf(index) : index;
    const order = ids.map((_, index) => index);
    order.sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      const byKey = ka < kb ? -1 : ka > kb ? 1 : 0;
      return (descending ? -1 : 1) * (byKey || a - b);
    });
    return order.map((index) => ids[index]!);
  }

  for (const by of ['created_at', 'filename', 'size'] as const) {
    for (const direction of ['asc', 'desc'] as const) {
      it(`orders by ${by}, ${direction}: the first pages, pages far down read cold, and the last page`, async () => {
        const want = expected(by, direction === 'desc');
        const offsets = [0, 50, 100, COUNT - 1_000, COUNT - 950, NEAR_OFFSET + 100, COUNT - 30];
        for (const offset of offsets) {
          const page = await host.json<Page<DescribedFile>>(
            `/v0/files/page?order_by=${by}&order=${direction}&limit=50&offset=${offset}`,
          );
          expect(page.total).toBe(COUNT);
          expect(
            page.items.map((file) => file.id),
            `the page at offset ${offset}`,
          ).toEqual(want.slice(offset, offset + 50));
        }
      });
    }
  }

  it('filters by name and orders the matches by size, largest first', async () => {
    const page = await host.json<Page<DescribedFile>>(
      '/v0/files/page?filename_contains=RUN_0&order_by=size&order=desc&limit=50',
    );
    const matching = expected('size', true).filter((id) => nameOf(ids.indexOf(id)).toLowerCase().includes('run_0'));
    expect(page.total).toBe(matching.length);
    expect(page.items.map((file) => file.id)).toEqual(matching.slice(0, 50));
  });
});
