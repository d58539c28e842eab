import type { HostContext, Router } from '../context.ts';

export function registerJobRoutes(_app: Router, _context: HostContext): void {}
