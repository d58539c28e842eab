import { errorMessage } from '../api/client.ts';

/** An error from the API layer, shown plainly where the data would have been. */
export function QueryError({ error, title = 'Could not load this' }: { error: unknown; title?: string }) {
  const message = errorMessage(error);
  return (
    <article role="alert" className="error-box">
      <strong>{title}</strong>
      <p>{message}</p>
    </article>
  );
}
