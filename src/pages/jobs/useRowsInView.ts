import { useCallback, useEffect, useState } from 'react';

const OBSERVABLE = typeof IntersectionObserver !== 'undefined';

interface RowsInView {
  /** Ref for a row element carrying `data-job-id`: its visibility is tracked while it is mounted. */
  rowRef(row: HTMLElement | null): (() => void) | undefined;
  /** Whether the row of this job is on screen (or near it); always true where the browser cannot tell. */
  inView(jobId: string): boolean;
}

/**
 * Which job rows are on screen, so the jobs page keeps polling only what the user can see.
 * Rows a little below or above the viewport count as in view, so scrolling finds them fresh.
 */
export function useRowsInView(): RowsInView {
  const [observer, setObserver] = useState<IntersectionObserver | null>(null);
  const [visible, setVisible] = useState<ReadonlySet<string>>(() => new Set());

  useEffect(() => {
    if (!OBSERVABLE) return;
    const created = new IntersectionObserver(
      (entries) =>
        setVisible((previous) => {
          const next = new Set(previous);
          for (const entry of entries) {
            const id = (entry.target as HTMLElement).dataset.jobId;
            if (!id) continue;
            if (entry.isIntersecting) next.add(id);
            else next.delete(id);
          }
          return next;
        }),
      { rootMargin: '100px 0px' },
    );
    setObserver(created);
    return () => created.disconnect();
  }, []);

  const rowRef = useCallback(
    (row: HTMLElement | null) => {
      if (!row || !observer) return undefined;
      observer.observe(row);
      return () => {
        observer.unobserve(row);
        const id = row.dataset.jobId;
        if (id)
          setVisible((previous) => {
            if (!previous.has(id)) return previous;
            const next = new Set(previous);
            next.delete(id);
            return next;
          });
      };
    },
    [observer],
  );

  const inView = useCallback((jobId: string) => !OBSERVABLE || visible.has(jobId), [visible]);
  return { rowRef, inView };
}
