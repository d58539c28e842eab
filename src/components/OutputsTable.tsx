import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo } from 'react';
import {
  fileSizeQuery,
  IMAGE_PREVIEW_LIMIT,
  imageBlobQuery,
  imageTypeOf,
  previewKindOf,
  textPreviewQuery,
} from '../api/file-content.ts';
import { fileContentUrl } from '../api/files.ts';
import type { ArgumentValue, OsparcFile, SolverPort } from '../api/types.ts';
import { isOsparcFile } from '../api/types.ts';
import { csvTableOf } from '../lib/csv-preview.ts';
import { formatBytes } from '../lib/format.ts';
import { CsvPreview } from './CsvPreview.tsx';
import { DownloadLink } from './DownloadLink.tsx';
import { PortRowHeader } from './PortRowHeader.tsx';
import { formatPortValue, orderedKeys, portsByKey, portTitle, portUnit } from './port-values.ts';
import { TableScroll } from './TableScroll.tsx';

/** How much of a text output the page shows. */
const TEXT_PREVIEW_BYTES = 4096;
/** How much of a CSV output the page reads: the first rows at once, however big the file. */
const TABLE_PREVIEW_BYTES = 256 * 1024;

interface OutputsTableProps {
  results: Record<string, ArgumentValue>;
  /** The release's output ports, for titles and units (optional). */
  ports?: readonly SolverPort[];
}

/**
 * A succeeded job's outputs: values (numbers, strings, ...) in one table, files in another
 * with their type, size and a download button, then previews of text and image files.
 * The file rows are data widgets: they ask the API host for sizes and preview bytes.
 */
export function OutputsTable({ results, ports }: OutputsTableProps) {
  const byKey = portsByKey(ports);
  const keys = orderedKeys(results, ports);
  const valueKeys = keys.filter((key) => !isOsparcFile(results[key]));
  const files = keys.flatMap((key) => {
    const value = results[key];
    return isOsparcFile(value) ? [{ key, file: value }] : [];
  });
  if (!keys.length) return <p>The job produced no outputs.</p>;
  return (
    <div className="outputs">
      {valueKeys.length > 0 && (
        <TableScroll label="Output values">
          <table className="striped">
            <caption>Values</caption>
            <thead>
              <tr>
                <th scope="col">Output</th>
                <th scope="col">Value</th>
                <th scope="col">Unit</th>
              </tr>
            </thead>
            <tbody>
              {valueKeys.map((key) => {
                const port = byKey.get(key);
                const title = portTitle(port, key);
                return (
                  <tr key={key}>
                    <PortRowHeader title={title} portKey={key} />
                    <td className="port-value">{formatPortValue(results[key])}</td>
                    <td>{portUnit(port) ?? ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      {files.length > 0 && (
        <TableScroll label="Output files">
          <table className="striped">
            <caption>Files</caption>
            <thead>
              <tr>
                <th scope="col">Output</th>
                <th scope="col">File name</th>
                <th scope="col">Type</th>
                <th scope="col">Size</th>
                <th scope="col">
                  <span className="visually-hidden">Download</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {files.map(({ key, file }) => {
                const title = portTitle(byKey.get(key), key);
                return (
                  <tr key={key}>
                    <PortRowHeader title={title} portKey={key} />
                    <td className="port-value">{file.filename}</td>
                    <td>{file.content_type ?? 'unknown'}</td>
                    <td>
                      <FileSize file={file} />
                    </td>
                    <td>
                      <DownloadLink
                        href={fileContentUrl(file.id)}
                        filename={file.filename}
                        label={`Download ${key}: ${file.filename}`}
                        button
                      >
                        Download
                      </DownloadLink>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      {files.map(({ key, file }) => (
        <FilePreview key={key} outputKey={key} file={file} />
      ))}
    </div>
  );
}

/** Data widget: the size of a file's content, asked of the host; nothing when it does not say. */
function FileSize({ file }: { file: OsparcFile }) {
  const size = useQuery(fileSizeQuery(file.id));
  if (size.isPending) return <span aria-busy="true">…</span>;
  if (size.data === null || size.data === undefined) return <span title="The host did not report the size">—</span>;
  return <span>{formatBytes(size.data)}</span>;
}

/** Data widget: the first KBs of a text output, or an image output, shown in the page. */
function FilePreview({ outputKey, file }: { outputKey: string; file: OsparcFile }) {
  const kind = previewKindOf(file);
  if (kind === 'table') return <TablePreview outputKey={outputKey} file={file} />;
  if (kind === 'text') return <TextPreview outputKey={outputKey} file={file} />;
  if (kind === 'image') return <ImagePreview outputKey={outputKey} file={file} type={imageTypeOf(file) ?? ''} />;
  return null;
}

function TextPreview({ outputKey, file }: { outputKey: string; file: OsparcFile }) {
  const preview = useQuery(textPreviewQuery(file.id, TEXT_PREVIEW_BYTES));
  const captionId = useId();
  return (
    <figure className="file-preview" aria-labelledby={captionId}>
      <figcaption id={captionId}>
        {outputKey}: {file.filename}
        {preview.data?.truncated && ` (first ${formatBytes(TEXT_PREVIEW_BYTES)})`}
      </figcaption>
      {preview.isPending && <p aria-busy="true">Loading the preview…</p>}
      {preview.isError && <p>No preview: {preview.error.message}</p>}
      {preview.data && <pre className="file-preview-text">{preview.data.text}</pre>}
    </figure>
  );
}

function TablePreview({ outputKey, file }: { outputKey: string; file: OsparcFile }) {
  const preview = useQuery(textPreviewQuery(file.id, TABLE_PREVIEW_BYTES));
  const table = useMemo(
    () => (preview.data ? csvTableOf(preview.data.text, preview.data.truncated) : null),
    [preview.data],
  );
  const captionId = useId();
  const rows = table ? `${preview.data?.truncated ? 'first ' : ''}${table.rows.length} rows` : '';
  return (
    <figure className="file-preview" aria-labelledby={captionId}>
      <figcaption id={captionId}>
        {outputKey}: {file.filename}
        {table && ` (${rows})`}
      </figcaption>
      {preview.isPending && <p aria-busy="true">Loading the preview…</p>}
      {preview.isError && <p>No preview: {preview.error.message}</p>}
      {table && <CsvPreview table={table} caption={`${outputKey}: ${file.filename}, ${rows}`} />}
    </figure>
  );
}

function ImagePreview({ outputKey, file, type }: { outputKey: string; file: OsparcFile; type: string }) {
  const size = useQuery(fileSizeQuery(file.id));
  const tooBig = typeof size.data === 'number' && size.data > IMAGE_PREVIEW_LIMIT;
  const image = useQuery({ ...imageBlobQuery(file.id, type), enabled: !size.isPending && !tooBig });
  const url = useMemo(() => (image.data ? URL.createObjectURL(image.data) : null), [image.data]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  const captionId = useId();
  return (
    <figure className="file-preview" aria-labelledby={captionId}>
      <figcaption id={captionId}>
        {outputKey}: {file.filename}
      </figcaption>
      {tooBig && <p>This image is too large to preview here; download it instead.</p>}
      {image.isFetching && <p aria-busy="true">Loading the image…</p>}
      {image.isError && <p>No preview: {image.error.message}</p>}
      {url && <img src={url} alt={`Output ${outputKey}: ${file.filename}`} className="file-preview-image" />}
    </figure>
  );
}
