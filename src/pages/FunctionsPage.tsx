import { Link } from 'react-router';
import { ApiError } from '../api/client.ts';
import { useFunctions, wrappedLabel } from '../api/functions.ts';
import { QueryError } from '../components/QueryError.tsx';
import { formatTime } from '../lib/format.ts';
import { paths } from '../paths.ts';

const PAGE = 50;

/** `/functions`: the registered functions, with their class and what they wrap. */
export function FunctionsPage() {
  const functions = useFunctions(PAGE, 0);
  const missing = functions.error instanceof ApiError && functions.error.status === 404;
  return (
    <section>
      <h1>Functions</h1>
      <p>
        A function wraps a solver release or a study with an input schema and default inputs; run it once, or map it
        over many inputs. Register one from a solver release's page with "Register as function".
      </p>
      {functions.isPending && <p aria-busy="true">Listing the functions…</p>}
      {missing && <p>This API host has no functions (it answers 404 to /v0/functions): it predates them.</p>}
      {functions.isError && !missing && <QueryError error={functions.error} title="Could not list the functions" />}
      {functions.data && functions.data.items.length === 0 && <p>No functions yet.</p>}
      {functions.data && functions.data.items.length > 0 && (
        <div className="overflow-auto">
          <table>
            <caption>
              Functions, newest first ({functions.data.items.length} of {functions.data.total})
            </caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Class</th>
                <th scope="col">Wraps</th>
                <th scope="col">Registered</th>
              </tr>
            </thead>
            <tbody>
              {functions.data.items.map((fn) => (
                <tr key={fn.uid}>
                  <th scope="row">
                    <Link to={paths.function.getHref(fn.uid)}>{fn.title || fn.uid}</Link>
                  </th>
                  <td>{fn.function_class}</td>
                  <td>{wrappedLabel(fn)}</td>
                  <td>
                    <time dateTime={fn.created_at}>{formatTime(fn.created_at)}</time>
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
