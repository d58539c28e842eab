import { ApiError } from '../../api/client.ts';
import { applyFileView, type FileView, isDefaultFileView } from '../../api/file-view.ts';
import { useFileListing, useFileSearch, useFileViewPage } from '../../api/files.ts';
import type { DescribedFile } from '../../api/types.ts';

const SHA256 = /^[a-f0-9]{64}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type FileViewResult =
  | { status: 'pending' }
  | { status: 'error'; error: unknown; retry(): void }
  /** A file id searched for that the host does not hold. */
  | { status: 'no-such-id'; id: string }
  | {
      status: 'ready';
      /** The files of this page. */
      items: DescribedFile[];
      /** How many files the view holds in all. */
      total: number;
      /** What the page says about how the view was made, when the host could not make all of it. */
      notices: string[];
    };

const UNKNOWN_NOTICES = {
  origin: 'It does not say which files are outputs of jobs, so every file is shown.',
  size: 'It does not give the files’ sizes, so they are in its own order.',
  time: 'It does not say when the files were stored, so they are in its own order.',
} as const;

/** Where the host could not make the view, applies it to files read whole and says how. */
function viewedHere(files: DescribedFile[], view: FileView, offset: number, limit: number, notices: string[]) {
  const viewed = applyFileView(files, view);
  return {
    status: 'ready' as const,
    items: viewed.files.slice(offset, offset + limit),
    total: viewed.files.length,
    notices: [...notices, ...viewed.unknown.map((what) => UNKNOWN_NOTICES[what])],
  };
}

/**
 * One page of the Files page's view: a full checksum or a file id is looked up by the host
 * (`/v0/files:search`), anything else goes to the host's files page with the view's filters and
 * order. A host that applies only part of it (a real oSPARC deployment) gets its first files
 * read and the view applied here, and the page says so; the opening view (every file, newest
 * first) then shows the host's own order instead of reading every file.
 */
export function useFileView(view: FileView, offset: number, limit: number): FileViewResult {
  const text = view.nameContains.trim();
  const byChecksum = SHA256.test(text);
  const byId = UUID.test(text);
  const exactSearch = byChecksum || byId;
  const exact = useFileSearch(
    byChecksum ? { sha256_checksum: text.toLowerCase(), limit: 50 } : { file_id: text.toLowerCase(), limit: 50 },
    exactSearch,
  );
  const paged = useFileViewPage(view, limit, offset, !exactSearch);
  const here = !exactSearch && paged.data?.applied === false && !isDefaultFileView(view);
  const listing = useFileListing(here);

  if (exactSearch) {
    if (exact.isPending) return { status: 'pending' };
    if (exact.isError) {
      if (byId && exact.error instanceof ApiError && exact.error.status === 404)
        return { status: 'no-such-id', id: text };
      return { status: 'error', error: exact.error, retry: () => void exact.refetch() };
    }
    return viewedHere(exact.data.items, { ...view, nameContains: '' }, offset, limit, []);
  }
  if (paged.isPending) return { status: 'pending' };
  if (paged.isError) return { status: 'error', error: paged.error, retry: () => void paged.refetch() };
  if (paged.data.applied)
    return { status: 'ready', items: paged.data.page.items, total: paged.data.page.total, notices: [] };
  if (!here) {
    return {
      status: 'ready',
      items: paged.data.page.items,
      total: paged.data.page.total,
      notices: ['This API host does not order files: they are listed in its own order.'],
    };
  }
  if (listing.isPending) return { status: 'pending' };
  if (listing.isError) return { status: 'error', error: listing.error, retry: () => void listing.refetch() };
  const { files, total } = listing.data;
  const read =
    files.length < total
      ? `the first ${files.length.toLocaleString()} of its ${total.toLocaleString()} files were read and are`
      : 'its files are';
  return viewedHere(files, view, offset, limit, [
    `This API host cannot search, filter or order files as asked, so ${read} searched and ordered here.`,
  ]);
}
