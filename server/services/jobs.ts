import type { FastifyBaseLogger } from 'fastify';
import type { HostConfig } from '../config.ts';
import type { Db } from '../db.ts';
import type { Catalog } from './catalog.ts';
import type { FileService } from './files.ts';
import type { WalletService } from './wallet.ts';

export interface JobServiceDeps {
  db: Db;
  config: HostConfig;
  catalog: Catalog;
  files: FileService;
  wallet: WalletService;
  log: FastifyBaseLogger;
}

export class JobService {
  constructor(readonly deps: JobServiceDeps) {}

  /** Marks jobs that were running when the host stopped as failed. */
  async recover(): Promise<void> {}

  /** Stops running solver processes when the host closes. */
  async shutdown(): Promise<void> {}
}
