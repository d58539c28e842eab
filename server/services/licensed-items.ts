import crypto from 'node:crypto';
import fs from 'node:fs';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyBaseLogger } from 'fastify';
import { type Db, type Statements, statementsOf } from '../db.ts';
import { apiErrors } from '../errors.ts';
import { LOCAL_WALLET_ID, type WalletService } from './wallet.ts';

/** One item of a licensed-items data file: what the user writes to extend the catalogue. */
export const LicensedItemEntry = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 100 }),
  version: Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+$' }),
  display_name: Type.String({ minLength: 1 }),
  description: Type.String({ default: '' }),
  category_id: Type.String({ minLength: 1, maxLength: 100, default: 'Other' }),
  category_display: Type.String({ minLength: 1, default: 'Other' }),
  features: Type.Record(Type.String(), Type.String(), { default: {} }),
  terms_of_use_url: Type.Union([Type.String({ pattern: '^https?://' }), Type.Null()], { default: null }),
  /** Credits one seat costs at checkout. */
  credits_per_seat: Type.Number({ minimum: 0 }),
  /** Seats that can be checked out at once. */
  seats: Type.Integer({ minimum: 1 }),
  is_hidden_on_market: Type.Boolean({ default: false }),
});
export type LicensedItemEntry = Static<typeof LicensedItemEntry>;

const LicensedItemsFile = Type.Object({ items: Type.Array(Type.Unknown()) });

/** A catalogue item with its stable id and the file it came from. */
export interface LicensedItem extends LicensedItemEntry {
  id: string;
  /** Place in the catalogue, for `LicensedResourceSource.id`. */
  index: number;
  loadedAt: string;
}

export interface LicensedItemCheckout {
  id: string;
  licensedItemId: string;
  key: string;
  version: string;
  walletId: number;
  numOfSeats: number;
  serviceRunId: string;
  credits: number;
  startedAt: string;
  stoppedAt: string | null;
}

/** The same id for the same key and version, every start: a UUID made from their SHA-1 (as UUIDv5 does). */
function itemIdOf(key: string, version: string): string {
  const hex = crypto.createHash('sha1').update(`osparc-local licensed item ${key}@${version}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Reads the catalogue files; a file or an item that cannot be used is logged with the reason and left out. */
export function readLicensedItems(files: string[], log: FastifyBaseLogger): LicensedItem[] {
  const items: LicensedItem[] = [];
  const loadedAt = new Date().toISOString();
  for (const file of files) {
    let document: unknown;
    try {
      document = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      log.warn({ file }, `Skipping licensed items file ${file}: ${(error as Error).message}`);
      continue;
    }
    if (!Value.Check(LicensedItemsFile, document)) {
      log.warn({ file }, `Skipping licensed items file ${file}: it must be a JSON object {"items": [...]}`);
      continue;
    }
    for (const [position, raw] of document.items.entries()) {
      const entry = Value.Default(LicensedItemEntry, structuredClone(raw));
      const problem = [...Value.Errors(LicensedItemEntry, entry)][0];
      if (problem) {
        const where = problem.path.slice(1).replaceAll('/', '.') || 'item';
        log.warn({ file }, `Skipping licensed item ${position} of ${file}: ${where} ${problem.message}`);
        continue;
      }
      const item = entry as LicensedItemEntry;
      const id = itemIdOf(item.key, item.version);
      if (items.some((known) => known.id === id)) {
        log.warn(
          { file },
          `Skipping licensed item ${position} of ${file}: ${item.key}@${item.version} is already listed`,
        );
        continue;
      }
      items.push({ ...item, id, index: items.length + 1, loadedAt });
    }
  }
  return items;
}

interface CheckoutRow {
  id: string;
  licensed_item_id: string;
  key: string;
  version: string;
  wallet_id: number;
  num_of_seats: number;
  service_run_id: string;
  credits: number;
  started_at: string;
  stopped_at: string | null;
}

const fromRow = (row: CheckoutRow): LicensedItemCheckout => ({
  id: row.id,
  licensedItemId: row.licensed_item_id,
  key: row.key,
  version: row.version,
  walletId: row.wallet_id,
  numOfSeats: row.num_of_seats,
  serviceRunId: row.service_run_id,
  credits: row.credits,
  startedAt: row.started_at,
  stoppedAt: row.stopped_at,
});

/**
 * Licensed items: a catalogue read from data files, checked out with the wallet's credits
 * (price per seat times seats) and released again. Checkouts persist in SQLite.
 */
export class LicensedItemService {
  private readonly sql: Statements;

  constructor(
    private readonly db: Db,
    private readonly items: LicensedItem[],
    private readonly wallet: WalletService,
  ) {
    this.sql = statementsOf(db);
  }

  /** Every item of the catalogue, in catalogue order (hidden ones too, flagged as such). */
  all(): LicensedItem[] {
    return [...this.items];
  }

  item(id: string): LicensedItem {
    const item = this.items.find((candidate) => candidate.id === id);
    if (!item) throw apiErrors.notFound('Licensed item', id);
    return item;
  }

  /** Seats of the item checked out and not yet released. */
  seatsInUse(itemId: string): number {
    const row = this.sql(
      'SELECT COALESCE(SUM(num_of_seats), 0) AS seats FROM licensed_item_checkout WHERE licensed_item_id = ? AND stopped_at IS NULL',
    ).get(itemId) as { seats: number };
    return row.seats;
  }

  /** The items a wallet can check out now: shown on the market and with a free seat. */
  availableFor(walletId: number): LicensedItem[] {
    this.wallet.wallet(walletId);
    return this.items.filter((item) => !item.is_hidden_on_market && this.seatsInUse(item.id) < item.seats);
  }

  /** Checks out seats of an item, taking their credits from the wallet in the same transaction. */
  checkout(walletId: number, itemId: string, seats: number, serviceRunId: string): LicensedItemCheckout {
    this.wallet.wallet(walletId);
    const item = this.item(itemId);
    const credits = item.credits_per_seat * seats;
    return this.db.transaction(() => {
      const free = item.seats - this.seatsInUse(item.id);
      if (seats > free) {
        throw apiErrors.conflict(
          `${item.display_name} has ${free} of ${item.seats} seat(s) free; ${seats} were asked for. Release a checkout first.`,
        );
      }
      this.wallet.spend(credits, `${seats} seat(s) of ${item.display_name} cost ${credits} credits`);
      const row: CheckoutRow = {
        id: crypto.randomUUID(),
        licensed_item_id: item.id,
        key: item.key,
        version: item.version,
        wallet_id: LOCAL_WALLET_ID,
        num_of_seats: seats,
        service_run_id: serviceRunId,
        credits,
        started_at: new Date().toISOString(),
        stopped_at: null,
      };
      this.sql(
        `INSERT INTO licensed_item_checkout (id, licensed_item_id, key, version, wallet_id, num_of_seats, service_run_id, credits, started_at, stopped_at)
         VALUES (@id, @licensed_item_id, @key, @version, @wallet_id, @num_of_seats, @service_run_id, @credits, @started_at, @stopped_at)`,
      ).run(row);
      return fromRow(row);
    })();
  }

  checkoutOf(checkoutId: string): LicensedItemCheckout {
    const row = this.sql('SELECT * FROM licensed_item_checkout WHERE id = ?').get(checkoutId) as
      | CheckoutRow
      | undefined;
    if (!row) throw apiErrors.notFound('Licensed item checkout', checkoutId);
    return fromRow(row);
  }

  /** Checkouts not yet released, newest first. */
  active(): LicensedItemCheckout[] {
    return (
      this.sql(
        'SELECT * FROM licensed_item_checkout WHERE stopped_at IS NULL ORDER BY started_at DESC',
      ).all() as CheckoutRow[]
    ).map(fromRow);
  }

  /**
   * Ends a checkout (its seats are free again; credits are not given back). 422 when the item is
   * not the checkout's, as upstream (api/routes/licensed_items.py); releasing twice keeps the first end.
   */
  release(itemId: string, checkoutId: string): LicensedItemCheckout {
    const checkout = this.checkoutOf(checkoutId);
    if (checkout.licensedItemId !== itemId) {
      throw apiErrors.invalid(
        ['path', 'licensed_item_id'],
        `${itemId} is not the license_item_id associated with the checked out item ${checkoutId}`,
      );
    }
    if (checkout.stoppedAt) return checkout;
    this.sql('UPDATE licensed_item_checkout SET stopped_at = ? WHERE id = ? AND stopped_at IS NULL').run(
      new Date().toISOString(),
      checkoutId,
    );
    return this.checkoutOf(checkoutId);
  }
}
