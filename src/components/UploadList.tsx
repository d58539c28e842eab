import type { OsparcFile } from '../api/types.ts';
import { formatBytes } from '../lib/format.ts';
import { ProgressBar } from './ProgressBar.tsx';

type UploadStatus = 'hashing' | 'uploading' | 'completing' | 'done' | 'failed' | 'cancelled';

export interface UploadItem {
  id: string;
  name: string;
  size: number;
  status: UploadStatus;
  /** Bytes hashed or sent so far, of `total`, in the current phase. */
  loaded: number;
  total: number;
  /** The host already had this file (same name and checksum): nothing was sent. */
  reused: boolean;
  error?: string;
  /** The file on the host, once done. */
  file?: OsparcFile;
}

interface UploadListProps {
  items: UploadItem[];
  onCancel(id: string): void;
  onClearFinished(): void;
}

function percentOf(item: UploadItem): number {
  if (item.status === 'done' || item.status === 'completing') return 100;
  return item.total > 0 ? (100 * item.loaded) / item.total : 0;
}

function statusText(item: UploadItem): string {
  switch (item.status) {
    case 'hashing':
      return 'Computing the checksum…';
    case 'uploading':
      return `Uploading: ${formatBytes(item.loaded)} of ${formatBytes(item.total)}`;
    case 'completing':
      return 'Finishing the upload…';
    case 'done':
      return item.reused ? 'Already on the host, reused (nothing was sent).' : 'Uploaded.';
    case 'failed':
      return 'Failed.';
    case 'cancelled':
      return 'Cancelled.';
  }
}

const RUNNING: UploadStatus[] = ['hashing', 'uploading', 'completing'];

/** One row per file being uploaded: phase, a progress bar, cancel, and the outcome. */
export function UploadList({ items, onCancel, onClearFinished }: UploadListProps) {
  if (items.length === 0) return null;
  const finished = items.some((item) => !RUNNING.includes(item.status));
  return (
    <section aria-labelledby="uploads-title" className="upload-list">
      <header className="upload-list-header">
        <h2 id="uploads-title">Uploads</h2>
        {finished && (
          <button type="button" className="secondary outline" onClick={onClearFinished}>
            Clear finished
          </button>
        )}
      </header>
      <ul>
        {items.map((item) => {
          const running = RUNNING.includes(item.status);
          const phase = item.status === 'hashing' ? 'Checksum of' : 'Upload of';
          return (
            <li key={item.id} className={`upload-item upload-${item.status}`} aria-label={`Upload of ${item.name}`}>
              <div className="upload-item-title">
                <strong>{item.name}</strong> <small>{formatBytes(item.size)}</small>
              </div>
              {item.status !== 'failed' && item.status !== 'cancelled' && (
                <ProgressBar value={percentOf(item)} label={`${phase} ${item.name}`} />
              )}
              <p className="upload-item-status" role="status">
                {statusText(item)}
              </p>
              {item.error && (
                <p role="alert" className="error-text">
                  {item.error}
                </p>
              )}
              {running && (
                <button type="button" className="secondary outline" onClick={() => onCancel(item.id)}>
                  Cancel upload of {item.name}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
