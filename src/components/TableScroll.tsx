import type { ReactNode } from 'react';

/**
 * A table that may be wider than a phone's screen scrolls inside this box, not the page. The box
 * takes keyboard focus (arrow keys scroll it) and is named, since a table of plain text gives the
 * keyboard nothing else to reach it by.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section className="overflow-auto" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
