import { useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { useDeleteFile, useFileListing, useFileNamePage, useFileSearch, useFilesPage } from '../api/files.ts';
import type { OsparcFile } from '../api/types.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { FileDropZone } from '../components/FileDropZone.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { UploadList } from '../components/UploadList.tsx';
import { FileTable } from './files/FileTable.tsx';
import { UseAsInputDialog } from './files/UseAsInputDialog.tsx';
import { useFileUploads } from './files/useFileUploads.ts';

const PAGE_SIZE = 20;

interface FileActions {
  onDelete(file: OsparcFile): void;
  onUseAsInput(file: OsparcFile): void;
}
const SHA256 = /^[a-f0-9]{64}$/i;

/** Does a file match what was typed: part of its name, the start of its checksum, or its id. */
function fileMatches(file: OsparcFile, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return true;
  return (
    file.filename.toLowerCase().includes(needle) ||
    Boolean(file.checksum?.toLowerCase().startsWith(needle)) ||
    file.id.toLowerCase() === needle
  );
}

function Loading({ what }: { what: string }) {
  return (
    <article aria-busy="true" className="files-loading">
      Loading {what}…
    </article>
  );
}

function EmptyFiles() {
  return (
    <article className="empty-state">
      <h2>No files yet</h2>
      <p>Upload input files above; output files of finished jobs are listed here too.</p>
    </article>
  );
}

/** One page of every file on the host. */
function FilesListing({ page, onPage, actions }: { page: number; onPage(page: number): void; actions: FileActions }) {
  const offset = (page - 1) * PAGE_SIZE;
  const files = useFilesPage(PAGE_SIZE, offset);
  if (files.isPending) return <Loading what="the files on this host" />;
  if (files.isError)
    return (
      <>
        <QueryError error={files.error} title="Could not load the files" />
        <button type="button" className="secondary" onClick={() => void files.refetch()}>
          Try again
        </button>
      </>
    );
  const { items, total } = files.data;
  if (total === 0) return <EmptyFiles />;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <p role="status">
        {items.length === 0 ? `No files on page ${page}.` : `Files ${offset + 1}–${offset + items.length} of ${total}`}
      </p>
      {items.length > 0 && <FileTable files={items} caption="Files on the API host" {...actions} />}
      {pages > 1 && (
        <nav aria-label="Pages of files" className="pager">
          <button type="button" className="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            Previous page
          </button>
          <span>
            Page {Math.min(page, pages)} of {pages}
          </span>
          <button type="button" className="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
            Next page
          </button>
        </nav>
      )}
    </>
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function Pager({
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
  return (
    <nav aria-label={label} className="pager">
      <button type="button" className="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous page
      </button>
      <span>
        Page {Math.min(page, pages).toLocaleString()} of {pages.toLocaleString()}
      </span>
      <button type="button" className="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next page
      </button>
    </nav>
  );
}

/**
 * Files matching a search: a full checksum or a file id is looked up by the host, a part of a
 * name is searched by the host a page at a time; a host that cannot search names gets its
 * first files read and filtered here (by name or the start of a checksum), and the page says so.
 */
function FileSearchResults({
  text,
  page,
  onPage,
  actions,
}: {
  text: string;
  page: number;
  onPage(page: number): void;
  actions: FileActions;
}) {
  const trimmed = text.trim();
  const byChecksum = SHA256.test(trimmed);
  const byId = UUID.test(trimmed);
  const exact = useFileSearch(
    byChecksum ? { sha256_checksum: trimmed.toLowerCase(), limit: 50 } : { file_id: trimmed.toLowerCase(), limit: 50 },
    byChecksum || byId,
  );
  const offset = (page - 1) * PAGE_SIZE;
  const byName = useFileNamePage(trimmed, PAGE_SIZE, offset, !byChecksum && !byId);
  const fallback = byName.data?.searched === false;
  const listing = useFileListing(fallback);
  const result = byChecksum || byId ? exact : fallback ? listing : byName;
  if (result.isPending) return <Loading what="matching files" />;
  if (result.isError) {
    if (byId && result.error instanceof ApiError && result.error.status === 404) {
      return <p role="status">No file has the id {trimmed}.</p>;
    }
    return <QueryError error={result.error} title="Could not search the files" />;
  }
  if (!fallback && !byChecksum && !byId) {
    const found = byName.data?.page;
    const total = found?.total ?? 0;
    const items = found?.items ?? [];
    return (
      <>
        <p role="status">
          {total === 0
            ? `No file matches “${trimmed}”.`
            : `${total.toLocaleString()} ${total === 1 ? 'file' : 'files'} whose name contains “${trimmed}”` +
              (total > items.length ? `: ${offset + 1}–${offset + items.length}` : '')}
        </p>
        {items.length > 0 && <FileTable files={items} caption={`Files matching ${trimmed}`} {...actions} />}
        <Pager page={page} pages={Math.ceil(total / PAGE_SIZE)} onPage={onPage} label="Pages of matching files" />
      </>
    );
  }
  const found =
    byChecksum || byId ? (exact.data?.items ?? []) : (listing.data?.files ?? []).filter((f) => fileMatches(f, text));
  const cut = fallback && listing.data && listing.data.files.length < listing.data.total;
  return (
    <>
      {fallback && (
        <p className="notice">
          This API host cannot search file names, so the names are searched here, in the files read.
        </p>
      )}
      <p role="status">
        {found.length === 0
          ? `No file matches “${trimmed}”.`
          : `${found.length} matching ${found.length === 1 ? 'file' : 'files'}`}
        {cut && ` (searched the first ${listing.data?.files.length} of ${listing.data?.total} files)`}
      </p>
      {found.length > 0 && <FileTable files={found} caption={`Files matching ${trimmed}`} {...actions} />}
    </>
  );
}

/** Every file on the API host: upload (several at once), search, download, reuse as input, delete. */
export function FilesPage() {
  const uploads = useFileUploads();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const searchId = useId();
  const [toDelete, setToDelete] = useState<OsparcFile | null>(null);
  const deletion = useDeleteFile();
  const [toUse, setToUse] = useState<OsparcFile | null>(null);
  const actions: FileActions = { onDelete: setToDelete, onUseAsInput: setToUse };

  const show = (next: { q?: string; page?: number }, replace = false) => {
    const q = next.q ?? search;
    const p = next.page ?? page;
    const query: Record<string, string> = {};
    if (q) query.q = q;
    if (p > 1) query.page = String(p);
    setParams(query, { replace });
  };

  return (
    <section>
      <h1>Files</h1>
      <p>Files stored on the API host: the inputs you upload and the outputs of jobs.</p>
      <FileDropZone onFiles={uploads.start} />
      <UploadList items={uploads.items} onCancel={uploads.cancel} onClearFinished={uploads.clearFinished} />
      <h2>Stored files</h2>
      <search className="files-search">
        <label htmlFor={searchId}>Search files by name or checksum</label>
        <input
          id={searchId}
          type="search"
          placeholder="Part of a name, a checksum or a file id"
          value={search}
          onChange={(event) => show({ q: event.target.value, page: 1 }, true)}
        />
      </search>
      {deletion.isError && <QueryError error={deletion.error} title="Could not delete the file" />}
      {search.trim() ? (
        <FileSearchResults text={search} page={page} onPage={(p) => show({ page: p })} actions={actions} />
      ) : (
        <FilesListing page={page} onPage={(p) => show({ page: p })} actions={actions} />
      )}
      <UseAsInputDialog file={toUse} onClose={() => setToUse(null)} />
      <ConfirmDialog
        open={toDelete !== null}
        title="Delete this file?"
        message={`“${toDelete?.filename ?? ''}” will be removed from the API host. Jobs that used it keep their results, but it can no longer be used as an input.`}
        confirmLabel="Delete file"
        busy={deletion.isPending}
        onCancel={() => setToDelete(null)}
        onConfirm={() => {
          if (!toDelete) return;
          deletion.mutate(toDelete.id, { onSettled: () => setToDelete(null) });
        }}
      />
    </section>
  );
}
