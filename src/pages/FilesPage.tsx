import { useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  DEFAULT_FILE_VIEW,
  FILE_ORDERS,
  FILE_ORIGINS,
  type FileOrder,
  type FileOrigin,
  type FileView,
  isFileOrder,
  isFileOrigin,
} from '../api/file-view.ts';
import { useDeleteFile } from '../api/files.ts';
import type { OsparcFile } from '../api/types.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { FileDropZone } from '../components/FileDropZone.tsx';
import { Pager } from '../components/Pager.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { UploadList } from '../components/UploadList.tsx';
import { FileTable } from './files/FileTable.tsx';
import { UseAsInputDialog } from './files/UseAsInputDialog.tsx';
import { useFileUploads } from './files/useFileUploads.ts';
import { useFileView } from './files/useFileView.ts';

const PAGE_SIZE = 20;

interface FileActions {
  onDelete(file: OsparcFile): void;
  onUseAsInput(file: OsparcFile): void;
}

function EmptyFiles() {
  return (
    <article className="empty-state">
      <h2>No files yet</h2>
      <p>Upload input files above; output files of finished jobs are listed here too.</p>
    </article>
  );
}

/** What the view holds: "Files 1–20 of 57", or the matches of a search. */
function countText(view: FileView, total: number, offset: number, shown: number): string {
  const text = view.nameContains.trim();
  const range = total > shown ? `: ${(offset + 1).toLocaleString()}–${(offset + shown).toLocaleString()}` : '';
  const origin = view.origin === 'all' ? '' : ` (${FILE_ORIGINS[view.origin].toLowerCase()})`;
  if (text) {
    if (total === 0) return `No file matches “${text}”${origin}.`;
    return `${total.toLocaleString()} ${total === 1 ? 'file matches' : 'files match'} “${text}”${origin}${range}`;
  }
  if (total === 0) return `No ${FILE_ORIGINS[view.origin].toLowerCase()} on this host.`;
  if (shown === 0) return `No files on this page of ${total.toLocaleString()}${origin}.`;
  return `Files ${(offset + 1).toLocaleString()}–${(offset + shown).toLocaleString()} of ${total.toLocaleString()}${origin}`;
}

/** One page of the files the view asks for: searched, filtered and ordered by the host where it can. */
function FileResults({
  view,
  page,
  onPage,
  actions,
}: {
  view: FileView;
  page: number;
  onPage(page: number): void;
  actions: FileActions;
}) {
  const offset = (page - 1) * PAGE_SIZE;
  const result = useFileView(view, offset, PAGE_SIZE);
  const text = view.nameContains.trim();
  if (result.status === 'pending') {
    return (
      <article aria-busy="true" className="files-loading">
        Loading {text ? 'matching files' : 'the files on this host'}…
      </article>
    );
  }
  if (result.status === 'no-such-id') return <p role="status">No file has the id {result.id}.</p>;
  if (result.status === 'error') {
    return (
      <>
        <QueryError error={result.error} title={text ? 'Could not search the files' : 'Could not load the files'} />
        <button type="button" className="secondary" onClick={result.retry}>
          Try again
        </button>
      </>
    );
  }
  const { items, total, notices } = result;
  if (total === 0 && !text && view.origin === 'all') return <EmptyFiles />;
  return (
    <>
      {notices.map((notice) => (
        <p key={notice} className="notice">
          {notice}
        </p>
      ))}
      <p role="status">{countText(view, total, offset, items.length)}</p>
      {items.length > 0 && (
        <FileTable
          files={items}
          order={view.order}
          caption={text ? `Files matching ${text}` : 'Files on the API host'}
          {...actions}
        />
      )}
      <Pager
        page={page}
        pages={Math.ceil(total / PAGE_SIZE)}
        onPage={onPage}
        label={text ? 'Pages of matching files' : 'Pages of files'}
      />
    </>
  );
}

/** One labelled choice of the files view (which files, which order). */
function ViewChoice<Value extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: Value;
  options: { value: Value; label: string }[];
  onChange(value: Value): void;
}) {
  const id = useId();
  return (
    <div className="files-view-choice">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as Value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Every file on the API host: upload (several at once), search, download, reuse as input, delete. */
export function FilesPage() {
  const uploads = useFileUploads();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const shown = params.get('show');
  const sort = params.get('sort');
  const view: FileView = {
    nameContains: search,
    origin: isFileOrigin(shown) ? shown : DEFAULT_FILE_VIEW.origin,
    order: isFileOrder(sort) ? sort : DEFAULT_FILE_VIEW.order,
  };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const searchId = useId();
  const [toDelete, setToDelete] = useState<OsparcFile | null>(null);
  const deletion = useDeleteFile();
  const [toUse, setToUse] = useState<OsparcFile | null>(null);
  const actions: FileActions = { onDelete: setToDelete, onUseAsInput: setToUse };

  const show = (next: { q?: string; page?: number; origin?: FileOrigin; order?: FileOrder }, replace = false) => {
    const q = next.q ?? search;
    const p = next.page ?? page;
    const origin = next.origin ?? view.origin;
    const order = next.order ?? view.order;
    const query: Record<string, string> = {};
    if (q) query.q = q;
    if (origin !== DEFAULT_FILE_VIEW.origin) query.show = origin;
    if (order !== DEFAULT_FILE_VIEW.order) query.sort = order;
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
          placeholder="Part of a name, the start of a checksum, or a file id"
          value={search}
          onChange={(event) => show({ q: event.target.value, page: 1 }, true)}
        />
        <ViewChoice
          label="Show"
          value={view.origin}
          options={Object.entries(FILE_ORIGINS).map(([value, label]) => ({ value: value as FileOrigin, label }))}
          onChange={(origin) => show({ origin, page: 1 })}
        />
        <ViewChoice
          label="Order"
          value={view.order}
          options={Object.entries(FILE_ORDERS).map(([value, { label }]) => ({ value: value as FileOrder, label }))}
          onChange={(order) => show({ order, page: 1 })}
        />
      </search>
      {deletion.isError && <QueryError error={deletion.error} title="Could not delete the file" />}
      <FileResults view={view} page={page} onPage={(p) => show({ page: p })} actions={actions} />
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
