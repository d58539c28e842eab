/** An accessible progress bar with its percentage written beside it. */
export function ProgressBar({ value, label }: { value: number; label: string }) {
  const percent = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className="progress-row">
      <progress value={percent} max={100} aria-label={label} aria-valuetext={`${percent}%`} />
      <span className="progress-value" aria-hidden="true">
        {percent}%
      </span>
    </div>
  );
}
