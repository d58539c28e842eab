import type { HostContext, Router } from '../context.ts';

export function registerSolverRoutes(_app: Router, _context: HostContext): void {}
