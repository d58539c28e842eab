import { useId, useState } from 'react';
import { useDeleteJobAssets } from '../../api/job-pricing.ts';
import type { JobRef } from '../../api/jobs.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { QueryError } from '../../components/QueryError.tsx';

/** "Free the space": removes a finished job's work folder, output files and logs; the job stays listed. */
export function JobSpaceSection({ jobRef }: { jobRef: JobRef }) {
  const headingId = useId();
  const free = useDeleteJobAssets(jobRef);
  const [confirming, setConfirming] = useState(false);
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Space</h2>
      {free.isSuccess ? (
        <p role="status">The job's work folder, output files and logs were removed. Its record and status stay.</p>
      ) : (
        <>
          <p>The job's files take space on the API host until you free it.</p>
          <button type="button" className="secondary outline" onClick={() => setConfirming(true)}>
            Free the space
          </button>
        </>
      )}
      {free.isError && <QueryError error={free.error} title="The space could not be freed" />}
      <ConfirmDialog
        open={confirming}
        title="Free this job's space?"
        message="Its work folder, output files and logs are removed from the API host; its outputs cannot be read afterwards. The job itself stays listed."
        confirmLabel="Free the space"
        busy={free.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => free.mutate(undefined, { onSettled: () => setConfirming(false) })}
      />
    </section>
  );
}
