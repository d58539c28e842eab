import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../api/client.ts';
import {
  type CollectionData,
  functionKeys,
  retryMember,
  useCollection,
  useMemberOutputs,
  useMemberStatuses,
  wrappedLabel,
} from '../api/functions.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { SweepResults } from '../components/sweep/SweepResults.tsx';
import { paths } from '../paths.ts';
import { type CollectionMember, collectionRows } from '../sweep/collection-rows.ts';
import { numericOutputKeys, type SweepRow } from '../sweep/rows.ts';
import { wrappedJobHref } from './functions/wrapped-job-href.ts';

/** `/function-collections/:collectionId`: the function jobs of a map, as a sweep. */
export function FunctionCollectionPage() {
  const collectionId = useParams().collectionId ?? '';
  const data = useCollection(collectionId);
  if (data.isPending) {
    return (
      <section aria-busy="true">
        <h1>Function job collection</h1>
        <p>Reading the collection's function jobs…</p>
      </section>
    );
  }
  if (data.isError) {
    return (
      <section>
        <h1>Function job collection</h1>
        <QueryError error={data.error} title="Could not read the collection" />
        <p>
          <Link to={paths.functions.getHref()}>All functions</Link>
        </p>
      </section>
    );
  }
  return <CollectionView key={collectionId} data={data.data} />;
}

function CollectionView({ data }: { data: CollectionData }) {
  const { collection, jobs, fn } = data;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { inputs, rows } = useMemo(() => collectionRows(collection.uid, jobs), [collection.uid, jobs]);
  const statusesQuery = useMemberStatuses(data);
  const statuses = statusesQuery.data ?? {};
  const outputs = useMemberOutputs(jobs, statuses);
  const outputKeys = numericOutputKeys(outputs);
  const titleOf = (key: string) =>
    String(
      fn?.input_schema.schema_content.properties?.[key]?.title ??
        (fn?.output_schema.schema_content.properties?.[key] as { title?: string } | undefined)?.title ??
        key,
    );

  const stopped = jobs.filter((job) => statuses[job.uid]?.stopped_at).length;
  const failed = jobs.filter((job) =>
    ['FAILED', 'ABORTED', 'JOB_TASK_RUN_STATUS_FAILURE'].includes(statuses[job.uid]?.state ?? ''),
  ).length;

  async function retry(row: SweepRow<CollectionMember>) {
    const replaced = await retryMember(data, row.current.functionJob);
    void queryClient.invalidateQueries({ queryKey: functionKeys.collections() });
    navigate(paths.functionCollection.getHref(replaced.uid), { replace: true });
  }

  return (
    <section className="sweep-page">
      <Breadcrumb
        trail={[{ to: paths.functions.getHref(), label: 'Functions' }]}
        current={`Collection ${collection.uid.slice(0, 8)}`}
      />
      <hgroup>
        <h1>{collection.title || 'Function job collection'}</h1>
        <p>
          {inputs.map(titleOf).join(' × ') || 'No swept input'} · {jobs.length} function jobs
          {fn && (
            <>
              {' · '}
              <Link to={paths.function.getHref(fn.uid)}>{fn.title || fn.uid}</Link> ({wrappedLabel(fn)})
            </>
          )}
        </p>
      </hgroup>
      {collection.description && <p>{collection.description}</p>}

      <section aria-labelledby="collection-progress-heading">
        <h2 id="collection-progress-heading">Progress</h2>
        <ProgressBar value={(stopped / Math.max(1, jobs.length)) * 100} label="Function jobs that have ended" />
        <p role="status">
          {stopped} of {jobs.length} function jobs ended
          {failed > 0 ? `, ${failed} failed` : ''}
          {stopped === jobs.length && jobs.length > 0 ? ' · the collection is done' : ''}
        </p>
        {statusesQuery.isError && <QueryError error={statusesQuery.error} title="Could not read the statuses" />}
      </section>

      <SweepResults
        jobsHeading="Function jobs"
        rows={rows}
        inputs={inputs}
        outputKeys={outputKeys}
        statuses={statuses}
        outputs={outputs}
        titleOf={titleOf}
        hrefOf={(member) => (fn ? wrappedJobHref(fn, member.functionJob) : null)}
        retry={retry}
        retryFailed={(row, error) => `Function job ${row.index + 1} could not be run again: ${errorMessage(error)}`}
        csvName={`collection-${collection.uid}.csv`}
        nothingToPlot="The plot appears once a function job has succeeded with a numeric output."
      />
    </section>
  );
}
