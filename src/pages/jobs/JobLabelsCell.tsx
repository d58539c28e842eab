import { Link } from 'react-router';
import { nodeRunOf } from '../../api/studies.ts';
import type { MetaValue } from '../../api/types.ts';
import { paths } from '../../paths.ts';
import { readSweepTag } from '../../sweep/metadata.ts';
import { isLabelKey } from '../job/job-labels.ts';

/** Labels shown in a row before the rest are folded into "+N more" (all of them are in its tooltip). */
const SHOWN_LABELS = 3;

/**
 * A job's labels in the jobs list: the sweep or the study job it belongs to (a link) and its own
 * `key: value` labels.
 */
export function JobLabelsCell({ metadata }: { metadata: Record<string, MetaValue> | undefined }) {
  if (!metadata) return null;
  const labels = Object.entries(metadata).filter(([key]) => isLabelKey(key));
  const sweep = readSweepTag(metadata);
  const nodeRun = nodeRunOf(metadata);
  if (labels.length === 0 && !sweep && !nodeRun) return null;
  const folded = labels.slice(SHOWN_LABELS);
  return (
    <ul className="job-label-chips">
      {sweep && (
        <li>
          <Link to={paths.sweep.getHref(sweep.sweepId)}>
            sweep job {sweep.index + 1} of {sweep.size}
          </Link>
        </li>
      )}
      {nodeRun && (
        <li>
          <Link to={paths.studyJob.getHref(nodeRun)}>node {nodeRun.node} of a study job</Link>
        </li>
      )}
      {labels.slice(0, SHOWN_LABELS).map(([key, value]) => (
        <li key={key} title={`${key}: ${String(value)}`}>
          {key}: {String(value)}
        </li>
      ))}
      {folded.length > 0 && (
        <li title={folded.map(([key, value]) => `${key}: ${String(value)}`).join('\n')}>+{folded.length} more</li>
      )}
    </ul>
  );
}
