/**
 * Previous and next page of a listing, with where the reader is ("Page 2 of 7"); nothing when
 * everything fits on one page. `label` names the navigation ("Pages of files").
 */
export function Pager({
  page,
  pages,
  onPage,
  label,
}: {
  page: number;
  pages: number;
  onPage(page: number): void;
  label: string;
}) {
  if (pages <= 1) return null;
  const current = Math.min(Math.max(1, page), pages);
  return (
    <nav aria-label={label} className="pager">
      <button type="button" className="secondary outline" disabled={current <= 1} onClick={() => onPage(current - 1)}>
        Previous page
      </button>
      <span>
        Page {current.toLocaleString()} of {pages.toLocaleString()}
      </span>
      <button
        type="button"
        className="secondary outline"
        disabled={current >= pages}
        onClick={() => onPage(current + 1)}
      >
        Next page
      </button>
    </nav>
  );
}
