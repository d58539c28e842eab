import type { HostConfig } from '../config.ts';
import { type Db, type Statements, statementsOf } from '../db.ts';
import { apiErrors } from '../errors.ts';
import type { PricingService } from './pricing.ts';

/** The local wallet as the API shows it (`WalletGetWithAvailableCreditsLegacy`). */
export interface ApiWallet {
  walletId: number;
  name: string;
  description: string | null;
  owner: number;
  thumbnail: string | null;
  status: 'ACTIVE' | 'INACTIVE';
  created: string;
  modified: string;
  availableCredits: number;
}

/** Credit price as the API shows it (`GetCreditPriceLegacy`). */
export interface CreditPrice {
  productName: string;
  usdPerCredit: number | null;
  minPaymentAmountUsd: number | null;
}

interface WalletRow {
  id: number;
  name: string;
  created: string;
  modified: string;
  credits: number;
}

export const LOCAL_WALLET_ID = 1;
/** The group id of the local user ("me" in the profile). */
const OWNER_GROUP = 2;

/** One local wallet: its credits are set at first start and persisted; each job start costs `creditsPerJob`. */
export class WalletService {
  private readonly sql: Statements;

  constructor(
    readonly db: Db,
    readonly config: HostConfig,
    private readonly pricing: PricingService,
  ) {
    this.sql = statementsOf(db);
    const now = new Date().toISOString();
    db.prepare('INSERT OR IGNORE INTO wallet (id, name, created, modified, credits) VALUES (?, ?, ?, ?, ?)').run(
      LOCAL_WALLET_ID,
      'Local credits',
      now,
      now,
      config.initialCredits,
    );
  }

  private row(): WalletRow {
    return this.sql('SELECT * FROM wallet WHERE id = ?').get(LOCAL_WALLET_ID) as WalletRow;
  }

  get availableCredits(): number {
    return this.row().credits;
  }

  /** The default (and only) wallet. */
  defaultWallet(): ApiWallet {
    const row = this.row();
    return {
      walletId: row.id,
      name: row.name,
      description:
        'The credits of this local oSPARC host (OSPARC_LOCAL_CREDITS); each job start costs OSPARC_LOCAL_CREDITS_PER_JOB',
      owner: OWNER_GROUP,
      thumbnail: null,
      status: 'ACTIVE',
      created: row.created,
      modified: row.modified,
      availableCredits: row.credits,
    };
  }

  /** A wallet by id; 404 for any but the local one. */
  wallet(walletId: number): ApiWallet {
    if (walletId !== LOCAL_WALLET_ID) throw apiErrors.notFound('Wallet', String(walletId));
    return this.defaultWallet();
  }

  creditPrice(): CreditPrice {
    // Local credits are not sold: the price is undefined, as upstream reports for such products.
    return { productName: 'osparc-local', usdPerCredit: null, minPaymentAmountUsd: null };
  }

  /** Refuses with 402 when fewer credits are available than one job of the release costs. */
  requireCreditsForJob(solverKey: string, version: string): void {
    const cost = this.pricing.creditsPerJob(solverKey, version);
    if (cost <= 0) return;
    const available = this.availableCredits;
    if (available < cost) {
      throw apiErrors.paymentRequired(
        `Not enough credits: a job costs ${cost} credits and the wallet has ${available} available`,
      );
    }
  }

  /** Takes one job's cost from the wallet and records it beside the job, atomically; 402 when it has too few credits. */
  chargeForJob(solverKey: string, version: string, jobId: string): void {
    const cost = this.pricing.creditsPerJob(solverKey, version);
    if (cost <= 0) return;
    this.db.transaction(() => {
      this.spend(cost, `a job costs ${cost} credits`);
      this.sql('INSERT OR REPLACE INTO job_charge (job_id, credits, charged_at) VALUES (?, ?, ?)').run(
        jobId,
        cost,
        new Date().toISOString(),
      );
    })();
  }

  /** Takes credits from the wallet, atomically; 402 saying what they were for when it has too few. */
  spend(credits: number, what: string): void {
    const changed = this.sql('UPDATE wallet SET credits = credits - ?, modified = ? WHERE id = ? AND credits >= ?').run(
      credits,
      new Date().toISOString(),
      LOCAL_WALLET_ID,
      credits,
    ).changes;
    if (changed === 0) {
      throw apiErrors.paymentRequired(
        `Not enough credits: ${what} and the wallet has ${this.availableCredits} available`,
      );
    }
  }

  /** What starting a job took from the wallet; null when it was free or has not started. */
  chargeOf(jobId: string): JobCharge | null {
    const row = this.sql('SELECT credits, charged_at FROM job_charge WHERE job_id = ?').get(jobId) as
      | { credits: number; charged_at: string }
      | undefined;
    return row ? { credits: row.credits, chargedAt: row.charged_at } : null;
  }
}

export interface JobCharge {
  credits: number;
  chargedAt: string;
}
