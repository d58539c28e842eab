import type { HostContext, Router } from '../context.ts';

export function registerStorageRoutes(_app: Router, _context: HostContext): void {}
