import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useId, useRef, useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { fileMatches } from '../../api/file-view.ts';
import { fileKeys } from '../../api/files.ts';
import type { DescribedFile, OsparcFile } from '../../api/types.ts';
import { formatBytes, formatTime } from '../../lib/format.ts';
import { ProgressBar } from '../ProgressBar.tsx';
import { QueryError } from '../QueryError.tsx';
import { useFileSource } from './file-source.ts';
import { fileReference } from './port-schema.ts';

const LIST_LIMIT = 50;

interface FilePortPickerProps {
  id: string;
  /** The port's title, naming the picker's controls. */
  label: string;
  /** The media type the port takes, when the host says. */
  mediaType?: string;
  value: OsparcFile | undefined;
  onChange(file: OsparcFile | undefined): void;
  disabled?: boolean;
  invalid?: boolean;
}

/**
 * A file port's value: a file already on the host (searchable list) or a new upload
 * (picker or drag-and-drop, with progress). The value is always a `File` reference.
 * A data widget: it lists and uploads through the FileSource in context. The caller wraps it
 * in the fieldset that names it.
 */
export function FilePortPicker({ id, label, mediaType, value, onChange, disabled, invalid }: FilePortPickerProps) {
  const inputId = useId();
  return (
    <div id={id} className={`file-port ${invalid ? 'file-port-invalid' : ''}`}>
      <p className="file-port-choice" aria-live="polite">
        {value ? <ChosenFile file={value} /> : <>No file chosen{mediaType ? ` (takes ${mediaType})` : ''}.</>}
        {value && (
          <>
            {' '}
            <button
              type="button"
              className="secondary outline small-button"
              onClick={() => onChange(undefined)}
              disabled={disabled}
            >
              Clear file
            </button>
          </>
        )}
      </p>
      <FileUpload inputId={inputId} portLabel={label} disabled={disabled} onUploaded={(file) => onChange(file)} />
      <UploadedFileList
        portLabel={label}
        chosenId={value?.id}
        disabled={disabled}
        onChoose={(file) => onChange(file)}
      />
    </div>
  );
}

/** Size and time stored of a file, as far as the host says them: "1 B, stored 2/12/2026, 13:10:46". */
function fileFacts(file: DescribedFile): string | null {
  const facts = [
    file.size === undefined ? null : formatBytes(file.size),
    file.created_at ? `stored ${formatTime(file.created_at)}` : null,
  ].filter(Boolean);
  return facts.length ? facts.join(', ') : null;
}

/**
 * The chosen file by its name, size and time stored (read from the host, which the file's
 * reference in the form does not carry); its id only where the host says neither.
 */
function ChosenFile({ file }: { file: OsparcFile }) {
  const source = useFileSource();
  const described = useQuery({
    queryKey: fileKeys.file(file.id),
    queryFn: ({ signal }) => source.describeFile(file.id, signal),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const facts = described.data ? fileFacts(described.data) : null;
  return (
    <span data-file-id={file.id}>
      Chosen file: <strong>{file.filename}</strong>{' '}
      {facts ? (
        <small className="file-port-facts" title={`File ${file.id}`}>
          ({facts})
        </small>
      ) : described.isPending ? (
        <small className="file-port-facts" aria-busy="true">
          (reading its size…)
        </small>
      ) : (
        <small className="file-port-facts">(file {file.id})</small>
      )}
    </span>
  );
}

function FileUpload({
  inputId,
  portLabel,
  disabled,
  onUploaded,
}: {
  inputId: string;
  portLabel: string;
  disabled?: boolean;
  onUploaded(file: OsparcFile): void;
}) {
  const source = useFileSource();
  const queryClient = useQueryClient();
  const [upload, setUpload] = useState<{ name: string; fraction: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function send(file: File) {
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setUpload({ name: file.name, fraction: 0 });
    try {
      const uploaded = await source.uploadFile(file, {
        signal: controller.signal,
        onProgress: (fraction) => setUpload({ name: file.name, fraction }),
      });
      onUploaded(fileReference(uploaded));
      void queryClient.invalidateQueries({ queryKey: ['files'] });
    } catch (caught) {
      if (controller.signal.aborted) setError(`Upload of ${file.name} cancelled.`);
      else setError(`Could not upload ${file.name}: ${errorMessage(caught)}`);
    } finally {
      abort.current = null;
      setUpload(null);
      if (input.current) input.current.value = '';
    }
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && !disabled && !upload) void send(file);
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is the pointer alternative to the file input inside
    <div
      className={`drop-zone ${dragging ? 'drop-zone-active' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label htmlFor={inputId}>
        Upload a new file for {portLabel} <small>(or drop it here)</small>
      </label>
      <input
        ref={input}
        id={inputId}
        type="file"
        disabled={disabled || upload !== null}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) void send(file);
        }}
      />
      {upload && (
        <div className="upload-progress">
          <ProgressBar value={upload.fraction * 100} label={`Uploading ${upload.name}`} />
          <button type="button" className="secondary outline small-button" onClick={() => abort.current?.abort()}>
            Cancel upload
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

function UploadedFileList({
  portLabel,
  chosenId,
  disabled,
  onChoose,
}: {
  portLabel: string;
  chosenId?: string;
  disabled?: boolean;
  onChoose(file: OsparcFile): void;
}) {
  const source = useFileSource();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const searchId = useId();
  const text = search.trim();
  const files = useInfiniteQuery({
    queryKey: ['files', 'port-picker', text],
    queryFn: ({ pageParam, signal }) => source.listFiles(LIST_LIMIT, pageParam, text, signal),
    initialPageParam: 0,
    getNextPageParam: ({ page }) =>
      page.offset + page.items.length < page.total ? page.offset + LIST_LIMIT : undefined,
    // The list stays while the next search loads, so the search box keeps its focus.
    placeholderData: keepPreviousData,
    // Only fetched once the user opens the list: most runs need no file from the host.
    enabled: open,
  });
  const loaded = files.data?.pages.flatMap(({ page }) => page.items) ?? [];
  // A host that cannot search gives every file: the loaded ones are searched here.
  const searchedHere = files.data?.pages[0]?.searched === false;
  const shown = text && searchedHere ? loaded.filter((file) => fileMatches(file, text)) : loaded;
  const total = files.data?.pages.at(-1)?.page.total ?? 0;

  return (
    <details className="file-port-list" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Choose a file already on the host for {portLabel}</summary>
      {files.isPending && open && <p aria-busy="true">Loading files…</p>}
      {files.isError && <QueryError error={files.error} title="Could not list the files" />}
      {files.data && (
        <>
          <label htmlFor={searchId}>Search files by name or checksum</label>
          <input id={searchId} type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
          {total === 0 && !text ? (
            <p>There are no files on the host yet: upload one above.</p>
          ) : shown.length === 0 ? (
            <p role="status">
              {searchedHere ? `No loaded file matches “${text}”.` : `No file on the host matches “${text}”.`}
            </p>
          ) : (
            <ul className="file-choices">
              {shown.map((file) => (
                <li key={file.id}>
                  <button
                    type="button"
                    className={file.id === chosenId ? '' : 'secondary outline'}
                    aria-pressed={file.id === chosenId}
                    disabled={disabled}
                    onClick={() => onChoose(fileReference(file))}
                  >
                    {file.filename}
                  </button>{' '}
                  <small className="file-port-facts" title={`File ${file.id}`}>
                    {fileFacts(file) ?? file.id}
                  </small>
                </li>
              ))}
            </ul>
          )}
          <p>
            <small>
              {loaded.length} of {total} {text && !searchedHere ? 'matching ' : ''}files loaded, newest first.
            </small>{' '}
            {files.hasNextPage && (
              <button
                type="button"
                className="secondary outline small-button"
                onClick={() => void files.fetchNextPage()}
                aria-busy={files.isFetchingNextPage}
                disabled={files.isFetchingNextPage}
              >
                Load more files
              </button>
            )}
          </p>
        </>
      )}
    </details>
  );
}
