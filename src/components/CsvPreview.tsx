import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { CsvTable } from '../lib/csv-preview.ts';

/** Every row is one line of text, so every row has this height and long tables scroll cheaply. */
const ROW_HEIGHT = 32;
/** The box shows this many rows at once; the rest scroll within it. */
const VISIBLE_ROWS = 12;

/** A CSV file's rows as a table: its header, then only the rows in view (a virtualised list). */
export function CsvPreview({ table, caption }: { table: CsvTable; caption: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: table.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const columns = Math.max(table.header.length, 1);
  return (
    <div
      ref={scrollRef}
      className="csv-preview"
      style={{ maxHeight: `${(VISIBLE_ROWS + 1) * ROW_HEIGHT}px` }}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the table scrolls; keyboard users need to reach it
      tabIndex={0}
    >
      <table className="striped" aria-rowcount={table.rows.length + 1}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr aria-rowindex={1}>
            {table.header.map((name, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns have no other identity
              <th key={index} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {before > 0 && (
            <tr className="csv-preview-spacer" style={{ height: `${before}px` }}>
              <td colSpan={columns} />
            </tr>
          )}
          {items.map((item) => (
            <tr key={item.key} aria-rowindex={item.index + 2} style={{ height: `${ROW_HEIGHT}px` }}>
              {(table.rows[item.index] ?? []).map((cell, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells have no other identity
                <td key={index}>{cell}</td>
              ))}
            </tr>
          ))}
          {after > 0 && (
            <tr className="csv-preview-spacer" style={{ height: `${after}px` }}>
              <td colSpan={columns} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
