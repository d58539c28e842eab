import type { UseMutationResult, UseQueryResult } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import { type FieldErrors, type Resolver, useFieldArray, useForm } from 'react-hook-form';
import { type JobRef, useJobMetadata, useReplaceJobMetadata } from '../../api/jobs.ts';
import type { JobMetadata, MetaValue } from '../../api/types.ts';
import { QueryError } from '../../components/QueryError.tsx';
import { type LabelRow, labelKeyProblem, metadataFromLabels, splitLabels } from './job-labels.ts';

interface LabelsForm {
  labels: LabelRow[];
}

/** Checks every row at once, so fixing one of two duplicate keys clears the other's error too. */
const labelsResolver: Resolver<LabelsForm> = async (values) => {
  const rowErrors: Record<number, { key: { type: string; message: string } }> = {};
  values.labels.forEach((_, index) => {
    const problem = labelKeyProblem(values.labels, index);
    if (problem) rowErrors[index] = { key: { type: 'validate', message: problem } };
  });
  if (Object.keys(rowErrors).length === 0) return { values, errors: {} };
  return { values: {}, errors: { labels: rowErrors } as unknown as FieldErrors<LabelsForm> };
};

/**
 * Data widget: the job's custom metadata as labels (key and value) to add, edit and remove.
 * The API replaces the whole map on PATCH, so saving sends every label plus the sweep's keys,
 * which are shown read-only.
 */
export function JobLabelsSection({ jobRef }: { jobRef: JobRef }) {
  return <LabelsSection metadata={useJobMetadata(jobRef)} save={useReplaceJobMetadata(jobRef)} />;
}

/** The labels editor over any job's metadata query and its replace mutation (solver jobs and study jobs alike). */
export function LabelsSection({
  metadata,
  save,
}: {
  metadata: UseQueryResult<JobMetadata>;
  save: UseMutationResult<JobMetadata, Error, Record<string, MetaValue>>;
}) {
  const headingId = useId();
  const [saved, setSaved] = useState(false);
  const split = useMemo(() => splitLabels(metadata.data?.metadata ?? {}), [metadata.data]);
  const form = useForm<LabelsForm>({
    defaultValues: { labels: split.editable },
    resolver: labelsResolver,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'labels' });
  const { errors, isDirty } = form.formState;

  // What the host holds is the starting point, whenever it is (re)read.
  useEffect(() => {
    form.reset({ labels: split.editable });
  }, [split, form]);

  const onSubmit = form.handleSubmit((values) => {
    setSaved(false);
    save.mutate(metadataFromLabels(values.labels, split.readOnly), { onSuccess: () => setSaved(true) });
  });

  return (
    <section aria-labelledby={headingId} className="job-labels">
      <h2 id={headingId}>Labels</h2>
      <p>Your own key and value pairs on this job (its custom metadata). The jobs list can filter by them.</p>
      {metadata.isPending && <p aria-busy="true">Loading the labels…</p>}
      {metadata.isError && <QueryError error={metadata.error} title="Could not load the labels" />}
      {split.readOnly.length > 0 && <SweepKeys entries={split.readOnly} />}
      {metadata.data && (
        <form onSubmit={onSubmit} noValidate>
          {fields.length === 0 ? (
            <p>No labels yet.</p>
          ) : (
            <table className="labels-table">
              <caption className="visually-hidden">Labels of this job</caption>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Value</th>
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {fields.map((field, index) => {
                  const keyError = errors.labels?.[index]?.key?.message;
                  const errorId = `${headingId}-key-error-${index}`;
                  return (
                    <tr key={field.id}>
                      <td>
                        <input
                          {...form.register(`labels.${index}.key`)}
                          aria-label={`Key of label ${index + 1}`}
                          aria-invalid={keyError ? true : undefined}
                          aria-describedby={keyError ? errorId : undefined}
                          autoComplete="off"
                        />
                        {keyError && (
                          <small id={errorId} className="field-error">
                            {keyError}
                          </small>
                        )}
                      </td>
                      <td>
                        <input
                          {...form.register(`labels.${index}.value`)}
                          aria-label={`Value of label ${index + 1}`}
                          autoComplete="off"
                        />
                      </td>
                      <td>
                        <button
                          type="button"
                          className="secondary outline"
                          onClick={() => {
                            setSaved(false);
                            remove(index);
                          }}
                          aria-label={`Remove label ${index + 1}`}
                        >
                          Remove
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          <div className="job-actions">
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setSaved(false);
                append({ key: '', value: '', type: 'string' }, { focusName: `labels.${fields.length}.key` });
              }}
            >
              Add label
            </button>
            <button type="submit" disabled={!isDirty || save.isPending} aria-busy={save.isPending}>
              {save.isPending ? 'Saving the labels…' : 'Save labels'}
            </button>
            {isDirty && (
              <button
                type="button"
                className="secondary outline"
                onClick={() => form.reset({ labels: split.editable })}
              >
                Discard changes
              </button>
            )}
          </div>
          <p role="status" className="labels-status">
            {saved && !isDirty ? 'Labels saved.' : ''}
          </p>
          {save.isError && <QueryError error={save.error} title="The labels could not be saved" />}
        </form>
      )}
    </section>
  );
}

function SweepKeys({ entries }: { entries: readonly [string, MetaValue][] }) {
  return (
    <>
      <p>Set by a parameter sweep (read-only):</p>
      <dl className="sweep-keys">
        {entries.map(([key, value]) => (
          <div key={key}>
            <dt>
              <code>{key}</code>
            </dt>
            <dd>{String(value)}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
