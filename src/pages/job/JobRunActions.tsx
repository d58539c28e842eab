import { useId } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { type JobRef, useJobInputs } from '../../api/jobs.ts';
import { CodeExportButton } from '../../components/CodeExportDialog.tsx';
import { paths } from '../../paths.ts';

const NO_INPUTS = "This API host does not report a job's inputs, so they cannot be reused here.";

/**
 * Data widget: "Run again" (the release's form prefilled with this job's inputs) and "Code" (the
 * script that runs the same inputs). Both need the job's inputs, which only some hosts report.
 */
export function JobRunActions({ jobRef }: { jobRef: JobRef }) {
  const inputs = useJobInputs(jobRef);
  const hintId = useId();
  const unreported = inputs.error instanceof ApiError && inputs.error.status === 404;
  const why = unreported ? NO_INPUTS : inputs.isError ? 'The job’s inputs could not be read.' : undefined;
  const spec = inputs.data
    ? { solverKey: jobRef.solverKey, version: jobRef.version, jobId: jobRef.jobId, values: inputs.data.values }
    : null;
  return (
    <div className="job-actions job-reuse">
      {inputs.data ? (
        <Link
          role="button"
          className="secondary"
          to={paths.solverRelease.getHref(jobRef.solverKey, jobRef.version, { from: jobRef.jobId })}
        >
          Run again
        </Link>
      ) : (
        <button
          type="button"
          className="secondary"
          disabled
          aria-busy={inputs.isPending}
          aria-describedby={why ? hintId : undefined}
        >
          Run again
        </button>
      )}
      <CodeExportButton spec={spec} subject="for this job" />
      {why && (
        <small id={hintId} className="action-hint">
          {why}
        </small>
      )}
    </div>
  );
}
