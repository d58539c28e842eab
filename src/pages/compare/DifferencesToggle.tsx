import { useId } from 'react';

/** What the ≠ mark means, and the switch that hides the rows where the compared jobs agree. */
export function DifferencesToggle({ only, onChange }: { only: boolean; onChange(only: boolean): void }) {
  const id = useId();
  return (
    <>
      <p>
        <span className="differs-marker" aria-hidden="true">
          ≠
        </span>{' '}
        marks the rows where the jobs’ values differ.
      </p>
      <label htmlFor={id}>
        <input id={id} type="checkbox" checked={only} onChange={(event) => onChange(event.target.checked)} />
        Show only the rows that differ
      </label>
    </>
  );
}
