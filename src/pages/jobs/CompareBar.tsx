import { useId } from 'react';
import { useNavigate } from 'react-router';
import type { JobRef } from '../../api/jobs.ts';
import { paths } from '../../paths.ts';
import { compareReadiness } from './jobs-tools.ts';

/** "Compare" for the jobs ticked in the list, with what is missing when it cannot be done yet. */
export function CompareBar({ selected, onClear }: { selected: JobRef[]; onClear(): void }) {
  const navigate = useNavigate();
  const messageId = useId();
  const readiness = compareReadiness(selected);
  return (
    <div className="compare-bar">
      <button
        type="button"
        disabled={!readiness.ready}
        aria-describedby={messageId}
        onClick={() => navigate(paths.compare.getHref(selected))}
      >
        Compare
      </button>
      {selected.length > 0 && (
        <button type="button" className="secondary outline" onClick={onClear}>
          Clear selection
        </button>
      )}
      <small id={messageId} role="status">
        {readiness.message}
      </small>
    </div>
  );
}
