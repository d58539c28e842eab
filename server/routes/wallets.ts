import type { HostContext, Router } from '../context.ts';

export function registerWalletRoutes(_app: Router, _context: HostContext): void {}
