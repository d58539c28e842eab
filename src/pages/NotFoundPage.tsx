import { Link } from 'react-router';
import { paths } from '../paths.ts';

export function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to={paths.catalog.getHref()}>Back to the solvers</Link>
      </p>
    </section>
  );
}
