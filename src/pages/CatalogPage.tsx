import { Link } from 'react-router';
import { releasePath, useSolversPage } from '../api/solvers.ts';
import { QueryError } from '../components/QueryError.tsx';

/** Every solver (latest release) published on the API host. */
export function CatalogPage() {
  const solvers = useSolversPage(50, 0);
  return (
    <section>
      <h1>Solvers</h1>
      {solvers.isPending && <p aria-busy="true">Loading solvers…</p>}
      {solvers.isError && <QueryError error={solvers.error} title="Could not load the solvers" />}
      {solvers.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Key</th>
              <th scope="col">Version</th>
              <th scope="col">Maintainer</th>
            </tr>
          </thead>
          <tbody>
            {solvers.data.items.map((solver) => (
              <tr key={`${solver.id}@${solver.version}`}>
                <td>
                  <Link to={releasePath(solver.id, solver.version)}>{solver.title}</Link>
                </td>
                <td>
                  <code>{solver.id}</code>
                </td>
                <td>{solver.version}</td>
                <td>{solver.maintainer}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
