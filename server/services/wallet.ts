import type { HostConfig } from '../config.ts';
import type { Db } from '../db.ts';

export class WalletService {
  constructor(
    readonly db: Db,
    readonly config: HostConfig,
  ) {}
}
