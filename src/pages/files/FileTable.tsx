import { useState } from 'react';
import { Link } from 'react-router';
import { FILE_ORDERS, type FileOrder } from '../../api/file-view.ts';
import { fileContentUrl } from '../../api/files.ts';
import { solverShortName } from '../../api/solvers.ts';
import type { DescribedFile, OsparcFile } from '../../api/types.ts';
import { DownloadLink } from '../../components/DownloadLink.tsx';
import { formatBytes, formatTime } from '../../lib/format.ts';
import { paths } from '../../paths.ts';

interface FileTableProps {
  files: DescribedFile[];
  /** The order the files are in, marked on its column. */
  order: FileOrder;
  caption: string;
  onDelete(file: OsparcFile): void;
  onUseAsInput(file: OsparcFile): void;
}

function Checksum({ file }: { file: OsparcFile }) {
  const [copied, setCopied] = useState(false);
  const checksum = file.checksum;
  if (!checksum) return <span className="muted">none</span>;
  return (
    <span className="checksum">
      <code title={checksum}>{checksum.slice(0, 12)}…</code>{' '}
      <button
        type="button"
        className="secondary outline small"
        onClick={() =>
          void navigator.clipboard?.writeText(checksum).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? 'Copied' : 'Copy'}
        <span className="visually-hidden"> the checksum of {file.filename}</span>
      </button>
    </span>
  );
}

/** The job output a file is, linked to the job; "Uploaded" for an upload; a dash where the host does not say. */
function Producer({ file }: { file: DescribedFile }) {
  const producer = file.produced_by;
  if (producer === undefined) return <span className="muted">not given by this host</span>;
  if (producer === null) return <>Uploaded</>;
  const job = <code>{producer.job_id.slice(0, 8)}</code>;
  if (producer.solver_key === null || producer.version === null) {
    return (
      <span title={`Job ${producer.job_id}`}>
        {producer.output} of job {job} <span className="muted">(deleted)</span>
      </span>
    );
  }
  return (
    <>
      {producer.output} of{' '}
      <Link
        to={paths.job.getHref({ solverKey: producer.solver_key, version: producer.version, jobId: producer.job_id })}
        title={`Job ${producer.job_id}`}
      >
        {solverShortName(producer.solver_key)} {producer.version} job {job}
      </Link>
    </>
  );
}

type Sorted = 'ascending' | 'descending' | undefined;

/** How a column is sorted, for `aria-sort`, when the files are ordered by it. */
function sortOf(order: FileOrder, column: 'filename' | 'size' | 'created_at'): Sorted {
  const { order_by, order: direction } = FILE_ORDERS[order];
  if (order_by !== column) return undefined;
  return direction === 'asc' ? 'ascending' : 'descending';
}

/** Files with their size, when they were stored, checksum, the job that made them, and what can be done with each. */
export function FileTable({ files, order, caption, onDelete, onUseAsInput }: FileTableProps) {
  return (
    <div className="overflow-auto">
      <table className="file-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" aria-sort={sortOf(order, 'filename')}>
              Name
            </th>
            <th scope="col" aria-sort={sortOf(order, 'size')}>
              Size
            </th>
            <th scope="col" aria-sort={sortOf(order, 'created_at')}>
              Stored
            </th>
            <th scope="col">Checksum (SHA-256)</th>
            <th scope="col">Made by</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {files.map((file) => (
            <tr key={file.id}>
              <th scope="row" className="file-name">
                {file.filename}
                <small className="file-type">{file.content_type || 'type unknown'}</small>
              </th>
              <td className="file-size">
                {file.size === undefined ? <span className="muted">—</span> : formatBytes(file.size)}
              </td>
              <td>
                {file.created_at ? (
                  <time dateTime={file.created_at}>{formatTime(file.created_at)}</time>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                <Checksum file={file} />
              </td>
              <td className="file-producer">
                <Producer file={file} />
              </td>
              <td>
                <div className="file-actions">
                  <DownloadLink href={fileContentUrl(file.id)} filename={file.filename}>
                    Download<span className="visually-hidden"> {file.filename}</span>
                  </DownloadLink>
                  <button type="button" className="secondary outline small" onClick={() => onUseAsInput(file)}>
                    Use as input<span className="visually-hidden"> ({file.filename})</span>
                  </button>
                  <button type="button" className="danger outline small" onClick={() => onDelete(file)}>
                    Delete<span className="visually-hidden"> {file.filename}</span>
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
