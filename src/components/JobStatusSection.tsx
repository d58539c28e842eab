import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { hasStopped } from '../api/job-status.ts';
import type { JobStatus } from '../api/types.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { JobStatusPanel } from './JobStatusPanel.tsx';
import { QueryError } from './QueryError.tsx';
import { stopOvertaken } from './stop-overtaken.ts';

/** What the section needs of a start, stop or delete mutation. */
interface JobAction<T> {
  mutate(variables: undefined, options?: { onSuccess?: (answer: T) => void; onError?: () => void }): void;
  isPending: boolean;
  error: unknown;
}

export interface JobStatusSectionProps {
  jobId: string;
  /** How the page calls its job: "job", "study job". */
  noun: string;
  status: UseQueryResult<JobStatus>;
  start: JobAction<JobStatus>;
  stop: JobAction<JobStatus>;
  remove: JobAction<unknown>;
  /** What stopping does to this kind of job. */
  stopMessage: string;
  /** What deleting removes. */
  deleteMessage: string;
  /** Where the page goes once the job is deleted. */
  afterDeleteHref: string;
  /** More actions beside Start, Stop and Delete. */
  children?: ReactNode;
}

/**
 * A job's "Status" section, for solver and study jobs alike: the status panel, Start (while
 * NOT_STARTED), Stop (while it runs) and Delete, each asked first. A stop overtaken by the job's
 * own end keeps the question open, now saying the job has already finished.
 */
export function JobStatusSection(props: JobStatusSectionProps) {
  const { jobId, noun, status, start, stop, remove } = props;
  const headingId = useId();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState<'stop' | 'delete' | null>(null);
  const state = status.data?.state;
  const canStop = Boolean(status.data) && !hasStopped(status.data) && state !== 'NOT_STARTED';
  const actionError = start.error ?? stop.error ?? remove.error;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Status</h2>
      {status.isPending && <p aria-busy="true">Inspecting the {noun}…</p>}
      {status.isError && <QueryError error={status.error} title={`Could not inspect the ${noun}`} />}
      {status.data && <JobStatusPanel jobId={jobId} status={status.data} />}
      <div className="job-actions">
        {state === 'NOT_STARTED' && (
          <button
            type="button"
            onClick={() => start.mutate(undefined)}
            aria-busy={start.isPending}
            disabled={start.isPending}
          >
            Start
          </button>
        )}
        {canStop && (
          <button type="button" className="secondary" onClick={() => setConfirming('stop')}>
            Stop
          </button>
        )}
        <button type="button" className="danger outline" onClick={() => setConfirming('delete')}>
          Delete
        </button>
        {props.children}
      </div>
      {actionError ? <QueryError error={actionError} title="That did not work" /> : null}
      <ConfirmDialog
        open={confirming === 'stop'}
        title={`Stop this ${noun}?`}
        message={props.stopMessage}
        confirmLabel={`Stop the ${noun}`}
        busy={stop.isPending}
        overtaken={stopOvertaken(status.data, noun)}
        onCancel={() => setConfirming(null)}
        onConfirm={() =>
          stop.mutate(undefined, {
            onSuccess: (answer) => {
              if (answer.state === 'ABORTED') setConfirming(null);
            },
            onError: () => setConfirming(null),
          })
        }
      />
      <ConfirmDialog
        open={confirming === 'delete'}
        title={`Delete this ${noun}?`}
        message={props.deleteMessage}
        confirmLabel={`Delete the ${noun}`}
        busy={remove.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => navigate(props.afterDeleteHref, { replace: true }),
            onError: () => setConfirming(null),
          })
        }
      />
    </section>
  );
}
