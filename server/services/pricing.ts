import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { parse as parseYaml } from 'yaml';
import type { HostConfig } from '../config.ts';
import type { Catalog } from './catalog.ts';
import { METADATA_FILE } from './solver-package.ts';

/** The metadata.yml field (a local extension) that sets what one job of that release costs, in credits. */
export const PRICE_FIELD = 'x-local-credits-per-job';

/** `PricingUnitGetLegacy`: the one unit of the local pricing plan. */
export interface PricingUnit {
  pricingUnitId: number;
  unitName: string;
  unitExtraInfo: { CPU: number; RAM: number; VRAM: number };
  currentCostPerUnit: number;
  default: boolean;
}

export const LOCAL_PRICING_UNIT_ID = 1;

const releaseId = (key: string, version: string) => `${key}@${version}`;

/**
 * What a job costs: the release's own price when its package sets one, else
 * OSPARC_LOCAL_CREDITS_PER_JOB. Prices are read once, when the host starts.
 */
export class PricingService {
  private readonly prices = new Map<string, number>();

  constructor(
    catalog: Catalog,
    private readonly config: HostConfig,
    log: FastifyBaseLogger,
  ) {
    for (const release of catalog.releases()) {
      const file = path.join(release.packageDir, METADATA_FILE);
      let value: unknown;
      try {
        value = (parseYaml(fs.readFileSync(file, 'utf8')) as Record<string, unknown> | null)?.[PRICE_FIELD];
      } catch {
        continue; // The catalog read this file moments ago; a change since then keeps the default price.
      }
      if (value === undefined) continue;
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
        this.prices.set(releaseId(release.key, release.version), value);
      } else {
        log.warn(
          { file },
          `${file}: ${PRICE_FIELD} must be a number of credits >= 0 (got ${JSON.stringify(value)}); the release costs OSPARC_LOCAL_CREDITS_PER_JOB`,
        );
      }
    }
  }

  /** Credits one job of the release costs to start. */
  creditsPerJob(key: string, version: string): number {
    return this.prices.get(releaseId(key, version)) ?? this.config.creditsPerJob;
  }

  /** The release's one pricing unit: this machine, at the release's price. */
  unitOf(key: string, version: string): PricingUnit {
    return {
      pricingUnitId: LOCAL_PRICING_UNIT_ID,
      unitName: 'local',
      unitExtraInfo: { CPU: os.availableParallelism(), RAM: os.totalmem(), VRAM: 0 },
      currentCostPerUnit: this.creditsPerJob(key, version),
      default: true,
    };
  }
}
