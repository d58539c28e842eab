import type { HostContext, Router } from '../context.ts';

export function registerFileRoutes(_app: Router, _context: HostContext): void {}
