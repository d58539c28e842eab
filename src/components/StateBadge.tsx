import type { RunningState } from '../api/types.ts';

const TONE: Record<RunningState, 'neutral' | 'busy' | 'good' | 'bad'> = {
  UNKNOWN: 'neutral',
  NOT_STARTED: 'neutral',
  PUBLISHED: 'busy',
  PENDING: 'busy',
  WAITING_FOR_CLUSTER: 'busy',
  WAITING_FOR_RESOURCES: 'busy',
  STARTED: 'busy',
  SUCCESS: 'good',
  FAILED: 'bad',
  ABORTED: 'bad',
};

/** A job's RunningState as a coloured label; the text itself carries the meaning. */
export function StateBadge({ state }: { state: RunningState }) {
  return (
    <span className={`state-badge state-${TONE[state]}`} data-state={state}>
      {state}
    </span>
  );
}
