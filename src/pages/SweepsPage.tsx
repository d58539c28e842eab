import { Link } from 'react-router';
import { useAllCollections, useHostHasFunctions } from '../api/functions.ts';
import { solverShortName } from '../api/solvers.ts';
import { useSweepListing } from '../api/sweeps.ts';
import { QueryError } from '../components/QueryError.tsx';
import { formatTime } from '../lib/format.ts';
import { paths } from '../paths.ts';
import { readSweepCollection } from '../sweep/metadata.ts';

/** One row of the sweeps list, whichever way the sweep ran. */
interface SweepRow {
  key: string;
  name: string;
  href: string;
  kind: 'Labelled jobs' | 'Function map';
  runs: { label: string; href: string };
  inputs: string[];
  size: number;
  createdAt: string;
}

/**
 * `/sweeps`: the parameter sweeps on the API host, of both kinds: those run through a function
 * (function-job collections, on hosts that have functions) and those run as jobs labelled with
 * the sweep in their metadata (any host).
 */
export function SweepsPage() {
  const labelled = useSweepListing();
  const hasFunctions = useHostHasFunctions();
  const collections = useAllCollections(hasFunctions.data === true);

  const rows: SweepRow[] = [
    ...(labelled.data ?? []).map(
      (sweep): SweepRow => ({
        key: sweep.sweepId,
        name: `Sweep ${sweep.sweepId.slice(0, 8)}`,
        href: paths.sweep.getHref(sweep.sweepId),
        kind: 'Labelled jobs',
        runs: {
          label: `${solverShortName(sweep.solverKey)} ${sweep.version}`,
          href: paths.solverRelease.getHref(sweep.solverKey, sweep.version),
        },
        inputs: sweep.inputs,
        size: sweep.size,
        createdAt: sweep.createdAt,
      }),
    ),
    ...(collections.data ?? []).flatMap((collection): SweepRow[] => {
      const sweep = readSweepCollection(collection.description);
      if (!sweep) return [];
      return [
        {
          key: collection.uid,
          name: collection.title,
          href: paths.functionCollection.getHref(collection.uid),
          kind: 'Function map',
          runs: { label: `Function ${sweep.functionId.slice(0, 8)}`, href: paths.function.getHref(sweep.functionId) },
          inputs: sweep.inputs,
          size: collection.job_ids.length,
          createdAt: collection.created_at,
        },
      ];
    }),
  ].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));

  const pending = labelled.isPending || hasFunctions.isPending || (hasFunctions.data === true && collections.isPending);
  return (
    <section>
      <h1>Sweeps</h1>
      <p>
        A sweep runs one solver over many values of its inputs. Start one from a solver release's run form with "Sweep"
        beside a numeric input. On a host that has functions it runs through the release's function as one collection of
        function jobs; on other hosts as jobs labelled with the sweep.
      </p>
      {pending && <p aria-busy="true">Finding the sweeps on the API host…</p>}
      {labelled.isError && <QueryError error={labelled.error} title="Could not list the sweeps of labelled jobs" />}
      {collections.isError && <QueryError error={collections.error} title="Could not list the function maps" />}
      {!pending && rows.length === 0 && <p>No sweeps yet.</p>}
      {rows.length > 0 && (
        <div className="overflow-auto">
          <table>
            <caption>Sweeps, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Sweep</th>
                <th scope="col">Kind</th>
                <th scope="col">Runs</th>
                <th scope="col">Swept inputs</th>
                <th scope="col">Jobs</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">
                    <Link to={row.href}>{row.name}</Link>
                  </th>
                  <td>{row.kind}</td>
                  <td>
                    <Link to={row.runs.href}>{row.runs.label}</Link>
                  </td>
                  <td>{row.inputs.join(', ')}</td>
                  <td>{row.size}</td>
                  <td>
                    <time dateTime={row.createdAt}>{formatTime(row.createdAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
