import type { DescribedFile } from './types.ts';

/** How the Files page orders files; each maps to the embedded host's `order_by` and `order`. */
export const FILE_ORDERS = {
  newest: { label: 'Newest first', order_by: 'created_at', order: 'desc' },
  oldest: { label: 'Oldest first', order_by: 'created_at', order: 'asc' },
  name: { label: 'Name, A to Z', order_by: 'filename', order: 'asc' },
  'name-desc': { label: 'Name, Z to A', order_by: 'filename', order: 'desc' },
  largest: { label: 'Largest first', order_by: 'size', order: 'desc' },
  smallest: { label: 'Smallest first', order_by: 'size', order: 'asc' },
} as const;
export type FileOrder = keyof typeof FILE_ORDERS;

/** Which files: every one, those uploaded, or outputs of jobs (the host's `produced_by`). */
export const FILE_ORIGINS = {
  all: 'All files',
  upload: 'Uploaded files',
  job: 'Outputs of jobs',
} as const;
export type FileOrigin = keyof typeof FILE_ORIGINS;

export interface FileView {
  /** Part of a name (any case), the start of a checksum, or a file id; empty for every file. */
  nameContains: string;
  origin: FileOrigin;
  order: FileOrder;
}

export const DEFAULT_FILE_VIEW: FileView = { nameContains: '', origin: 'all', order: 'newest' };

export function isFileOrder(value: string | null): value is FileOrder {
  return value !== null && Object.hasOwn(FILE_ORDERS, value);
}

export function isFileOrigin(value: string | null): value is FileOrigin {
  return value !== null && Object.hasOwn(FILE_ORIGINS, value);
}

/**
 * The view as it opens: every file, newest first. A host that neither filters nor orders files
 * shows it in its own order (the page says so) rather than reading every file to sort them.
 */
export function isDefaultFileView(view: FileView): boolean {
  return !view.nameContains.trim() && view.origin === 'all' && view.order === DEFAULT_FILE_VIEW.order;
}

/** Does a file match what was typed: part of its name, the start of its checksum, or its id. */
export function fileMatches(file: DescribedFile, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return true;
  return (
    file.filename.toLowerCase().includes(needle) ||
    Boolean(file.checksum?.toLowerCase().startsWith(needle)) ||
    file.id.toLowerCase() === needle
  );
}

export interface ViewedFiles {
  files: DescribedFile[];
  /** What the view asked that the files do not say, so it was not applied (a host that leaves the fields out). */
  unknown: ('origin' | 'size' | 'time')[];
}

const compareNames = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true }).compare;

/**
 * Applies a view to files read whole, for hosts that cannot filter or order them: the text, the
 * origin where the files say it, and the order by what the files carry (stable: ties and files
 * without the field keep the host's order).
 */
export function applyFileView(files: readonly DescribedFile[], view: FileView): ViewedFiles {
  const unknown: ViewedFiles['unknown'] = [];
  let shown = files.filter((file) => fileMatches(file, view.nameContains));
  if (view.origin !== 'all') {
    if (shown.some((file) => file.produced_by !== undefined)) {
      shown = shown.filter((file) => (view.origin === 'job') === Boolean(file.produced_by));
    } else if (shown.length) unknown.push('origin');
  }
  const { order_by, order } = FILE_ORDERS[view.order];
  const sign = order === 'desc' ? -1 : 1;
  if (order_by === 'filename') {
    shown = [...shown].sort((a, b) => sign * compareNames(a.filename, b.filename));
  } else {
    const keyOf = (file: DescribedFile): number | undefined =>
      order_by === 'size' ? file.size : file.created_at ? Date.parse(file.created_at) : undefined;
    if (shown.some((file) => keyOf(file) !== undefined)) {
      shown = [...shown].sort((a, b) => {
        const [va, vb] = [keyOf(a), keyOf(b)];
        if (va === undefined || vb === undefined) return va === undefined ? (vb === undefined ? 0 : 1) : -1;
        return sign * (va - vb);
      });
    } else if (shown.length) unknown.push(order_by === 'size' ? 'size' : 'time');
  }
  return { files: shown, unknown };
}
