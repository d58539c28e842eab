import { useState } from 'react';
import { fileContentUrl } from '../../api/files.ts';
import type { OsparcFile } from '../../api/types.ts';
import { DownloadLink } from '../../components/DownloadLink.tsx';

interface FileTableProps {
  files: OsparcFile[];
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

/** Files with their type, checksum and what can be done with each. */
export function FileTable({ files, caption, onDelete, onUseAsInput }: FileTableProps) {
  return (
    <div className="overflow-auto">
      <table className="file-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Checksum (SHA-256)</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {files.map((file) => (
            <tr key={file.id}>
              <th scope="row" className="file-name">
                {file.filename}
              </th>
              <td>{file.content_type || <span className="muted">unknown</span>}</td>
              <td>
                <Checksum file={file} />
              </td>
              <td className="file-actions">
                <DownloadLink href={fileContentUrl(file.id)} filename={file.filename}>
                  Download<span className="visually-hidden"> {file.filename}</span>
                </DownloadLink>
                <button type="button" className="secondary outline small" onClick={() => onUseAsInput(file)}>
                  Use as input<span className="visually-hidden"> ({file.filename})</span>
                </button>
                <button type="button" className="danger outline small" onClick={() => onDelete(file)}>
                  Delete<span className="visually-hidden"> {file.filename}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
