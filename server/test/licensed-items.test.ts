import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinLicensedItemsFile } from '../config.ts';
import { makeDataDir, startTestHost, type TestHost } from './harness.ts';

/**
 * Licensed items as upstream serves them: api/routes/licensed_items.py (the catalogue, release)
 * and the licensed-items routes of api/routes/wallets.py (a wallet's available items, checkout).
 * Locally the catalogue is a data file the user can extend, and checkout takes credits.
 */

interface Item {
  licensed_item_id: string;
  key: string;
  display_name: string;
  credits_per_seat: number;
  seats: number;
  free_seats: number;
}
interface Checkout {
  licensed_item_checkout_id: string;
  licensed_item_id: string;
  num_of_seats: number;
  stopped_at: string | null;
  credits: number;
}
interface ErrorBody {
  errors: ({ loc: (string | number)[]; msg: string } | string)[];
}

describe('licensed items', () => {
  let host: TestHost;
  let extraDir: string;

  beforeAll(async () => {
    extraDir = makeDataDir();
    const mine = path.join(extraDir, 'my-items.json');
    fs.writeFileSync(
      mine,
      JSON.stringify({
        items: [
          { key: 'MyPhantom', version: '2.0.0', display_name: 'My head phantom', credits_per_seat: 7, seats: 1 },
          { key: 'Broken', version: 'one', display_name: 'No version', credits_per_seat: 1, seats: 1 },
        ],
      }),
    );
    host = await startTestHost({ licensedItemFiles: [builtinLicensedItemsFile, mine], initialCredits: 100 });
  });
  afterAll(async () => {
    await host?.close();
    fs.rmSync(extraDir, { recursive: true, force: true });
  });

  const credits = async () => (await host.json<{ availableCredits: number }>('/v0/wallets/default')).availableCredits;
  const available = async () =>
    (await host.json<{ items: Item[] }>('/v0/wallets/1/licensed-items')).items.map((item) => item.key);

  it("lists the built-in catalogue and the user's items, leaving out an item that is not valid", async () => {
    const page = await host.json<{ items: Item[]; total: number }>('/v0/licensed-items');
    expect(page.items.map((item) => item.key)).toEqual(['Duke', 'Ella', 'Rat-Male', 'MyPhantom']);
    expect(page.items.find((item) => item.key === 'MyPhantom')).toMatchObject({ credits_per_seat: 7, seats: 1 });
    // Ids stay the same from one start to the next.
    const again = await startTestHost({ licensedItemFiles: [builtinLicensedItemsFile] });
    try {
      const first = (await again.json<{ items: Item[] }>('/v0/licensed-items')).items[0];
      expect(first?.licensed_item_id).toBe(page.items[0]?.licensed_item_id);
    } finally {
      await again.close();
    }
  });

  it('checks out seats with credits, takes a fully used item off the available list and releases it', async () => {
    const { items } = await host.json<{ items: Item[] }>('/v0/licensed-items');
    const phantom = items.find((item) => item.key === 'MyPhantom')!;
    expect(await credits()).toBe(100);
    expect(await available()).toContain('MyPhantom');

    const checkout = await host.json<Checkout>(`/v0/wallets/1/licensed-items/${phantom.licensed_item_id}/checkout`, {
      method: 'POST',
      body: { number_of_seats: 1, service_run_id: 'run-1' },
    });
    expect(checkout).toMatchObject({ licensed_item_id: phantom.licensed_item_id, num_of_seats: 1, stopped_at: null });
    expect(await credits()).toBe(93);
    expect(await available()).not.toContain('MyPhantom');
    const active = await host.json<Checkout[]>('/v0/licensed-items/checked-out-items');
    expect(active.map((one) => one.licensed_item_checkout_id)).toEqual([checkout.licensed_item_checkout_id]);

    // Its only seat is taken.
    const full = await host.json<ErrorBody>(`/v0/wallets/1/licensed-items/${phantom.licensed_item_id}/checkout`, {
      method: 'POST',
      body: { number_of_seats: 1, service_run_id: 'run-2' },
      expect: 409,
    });
    expect(JSON.stringify(full.errors)).toContain('0 of 1 seat(s) free');

    // Released with another item's id: 422 as upstream.
    const other = items.find((item) => item.key === 'Duke')!;
    await host.json(
      `/v0/licensed-items/${other.licensed_item_id}/checked-out-items/${checkout.licensed_item_checkout_id}/release`,
      { method: 'POST', expect: 422 },
    );
    const released = await host.json<Checkout>(
      `/v0/licensed-items/${phantom.licensed_item_id}/checked-out-items/${checkout.licensed_item_checkout_id}/release`,
      { method: 'POST' },
    );
    expect(released.stopped_at).not.toBeNull();
    expect(await available()).toContain('MyPhantom');
    expect(await host.json<Checkout[]>('/v0/licensed-items/checked-out-items')).toEqual([]);
    expect(await credits()).toBe(93);
  });

  it('refuses a checkout the wallet cannot pay, and unknown wallets and items', async () => {
    const { items } = await host.json<{ items: Item[] }>('/v0/licensed-items');
    const duke = items.find((item) => item.key === 'Duke')!;
    const ella = items.find((item) => item.key === 'Ella')!;
    await host.json(`/v0/wallets/1/licensed-items/${duke.licensed_item_id}/checkout`, {
      method: 'POST',
      body: { number_of_seats: 2, service_run_id: 'run-3' },
    });
    expect(await credits()).toBe(13);
    const tooDear = await host.json<ErrorBody>(`/v0/wallets/1/licensed-items/${ella.licensed_item_id}/checkout`, {
      method: 'POST',
      body: { number_of_seats: 1, service_run_id: 'run-4' },
      expect: 402,
    });
    expect(JSON.stringify(tooDear.errors)).toContain('cost 40 credits and the wallet has 13 available');
    expect(await credits()).toBe(13);
    expect(await host.json<Checkout[]>('/v0/licensed-items/checked-out-items')).toHaveLength(1);
    await host.json(`/v0/wallets/2/licensed-items`, { expect: 404 });
    await host.json(`/v0/wallets/1/licensed-items/${crypto.randomUUID()}/checkout`, {
      method: 'POST',
      body: { number_of_seats: 1, service_run_id: 'x' },
      expect: 404,
    });
    await host.json(`/v0/wallets/1/licensed-items/${duke.licensed_item_id}/checkout`, {
      method: 'POST',
      body: { number_of_seats: 0, service_run_id: 'x' },
      expect: 422,
    });
  });
});
