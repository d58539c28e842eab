import { Link } from 'react-router';
import { solverShortName } from '../api/solvers.ts';
import { useSweepListing } from '../api/sweeps.ts';
import { QueryError } from '../components/QueryError.tsx';
import { formatTime } from '../lib/format.ts';
import { paths } from '../paths.ts';

/** `/sweeps`: the parameter sweeps on the API host, found by their jobs' `sweep_id` metadata. */
export function SweepsPage() {
  const listing = useSweepListing();
  return (
    <section>
      <h1>Sweeps</h1>
      <p>
        A sweep runs one solver over many values of its inputs. Start one from a solver release's run form with "Sweep"
        beside a numeric input.
      </p>
      {listing.isPending && <p aria-busy="true">Finding the sweeps on the API host…</p>}
      {listing.isError && <QueryError error={listing.error} title="Could not list the sweeps" />}
      {listing.data && listing.data.length === 0 && <p>No sweeps yet.</p>}
      {listing.data && listing.data.length > 0 && (
        <div className="overflow-auto">
          <table>
            <caption>Sweeps, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Sweep</th>
                <th scope="col">Solver</th>
                <th scope="col">Swept inputs</th>
                <th scope="col">Jobs</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {listing.data.map((sweep) => (
                <tr key={sweep.sweepId}>
                  <th scope="row">
                    <Link to={paths.sweep.getHref(sweep.sweepId)}>Sweep {sweep.sweepId.slice(0, 8)}</Link>
                  </th>
                  <td>
                    <Link to={paths.solverRelease.getHref(sweep.solverKey, sweep.version)}>
                      {solverShortName(sweep.solverKey)} {sweep.version}
                    </Link>
                  </td>
                  <td>{sweep.inputs.join(', ')}</td>
                  <td>{sweep.size}</td>
                  <td>
                    <time dateTime={sweep.createdAt}>{formatTime(sweep.createdAt)}</time>
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
