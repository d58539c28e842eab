import type { RunningState } from '../../api/types.ts';

/** What a person reads on a node of a running pipeline: its RunningState in plain words. */
export type NodePhase = 'pending' | 'running' | 'done' | 'failed' | 'stopped';

/** A node waiting for the nodes before it, or queued, is pending. */
export function nodePhase(state: RunningState | null | undefined): NodePhase | null {
  switch (state) {
    case null:
    case undefined:
      return null;
    case 'NOT_STARTED':
    case 'UNKNOWN':
    case 'PUBLISHED':
    case 'PENDING':
    case 'WAITING_FOR_CLUSTER':
    case 'WAITING_FOR_RESOURCES':
      return 'pending';
    case 'STARTED':
      return 'running';
    case 'SUCCESS':
      return 'done';
    case 'FAILED':
      return 'failed';
    case 'ABORTED':
      return 'stopped';
  }
}

const KIND_NAMES = {
  solver: 'Solver',
  parameter: 'Parameter',
  'file-picker': 'File picker',
  probe: 'Probe',
} as const;

export const nodeKindName = (kind: keyof typeof KIND_NAMES) => KIND_NAMES[kind];
