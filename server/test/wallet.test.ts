import { afterEach, describe, expect, it } from 'vitest';
import type { ApiWallet } from '../services/wallet.ts';
import { startTestHost, type TestHost } from './harness.ts';
import { createJob, RELEASE, startJob } from './jobs-helpers.ts';

describe('wallet and credits', () => {
  let host: TestHost | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  it('shows one local wallet with the configured credits, and the credit price', async () => {
    host = await startTestHost({ initialCredits: 250 });
    const wallet = await host.json<ApiWallet>('/v0/wallets/default');
    expect(wallet).toMatchObject({ walletId: 1, status: 'ACTIVE', availableCredits: 250 });
    expect(await host.json<ApiWallet>(`/v0/wallets/${wallet.walletId}`)).toEqual(wallet);
    await host.json('/v0/wallets/2', { expect: 404 });
    await host.json('/v0/wallets/abc', { expect: 422 });
    const price = await host.json<{ productName: string; usdPerCredit: number | null }>('/v0/credits/price');
    expect(price.productName).toBeTruthy();
  });

  it('refuses to create a job without enough credits (402)', async () => {
    host = await startTestHost({ initialCredits: 0, creditsPerJob: 1 });
    const refused = await host.json<{ errors: string[] }>(`${RELEASE}/jobs`, {
      method: 'POST',
      body: { values: { input_2: 0 } },
      expect: 402,
    });
    expect(refused.errors[0]).toMatch(/credits/);
  });

  it('charges each start, refuses a start once the credits are spent, and keeps the balance over a restart', async () => {
    host = await startTestHost({ initialCredits: 1, creditsPerJob: 1 }, { keepData: true });
    const first = await createJob(host, { input_2: 0 });
    const second = await createJob(host, { input_2: 0 });
    await startJob(host, first.id);
    expect((await host.json<ApiWallet>('/v0/wallets/default')).availableCredits).toBe(0);
    const refused = await host.json<{ errors: string[] }>(`${RELEASE}/jobs/${second.id}:start`, {
      method: 'POST',
      expect: 402,
    });
    expect(refused.errors[0]).toMatch(/credits/);
    const status = await host.json<{ state: string }>(`${RELEASE}/jobs/${second.id}:inspect`, { method: 'POST' });
    expect(status.state).toBe('NOT_STARTED');

    const dataDir = host.dataDir;
    await host.close();
    host = await startTestHost({ initialCredits: 1, creditsPerJob: 1 }, { dataDir });
    expect((await host.json<ApiWallet>('/v0/wallets/default')).availableCredits).toBe(0);
  });
});
