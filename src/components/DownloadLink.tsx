import { type MouseEvent, type ReactNode, useState } from 'react';
import { apiRequest, errorMessage, sessionAuthHeader } from '../api/client.ts';
import { saveBlob } from '../lib/download.ts';

interface DownloadLinkProps {
  /** Same-origin path of the bytes, e.g. `fileContentUrl(id)`. */
  href: string;
  filename: string;
  children: ReactNode;
  /** Shown as a button rather than a link. */
  button?: boolean;
  /** Accessible name when the visible text alone is ambiguous. */
  label?: string;
}

/**
 * A plain download link: the browser streams the file from the dashboard's origin, where the
 * proxy adds credentials. With session credentials (typed in settings), a link cannot send
 * them, so the file is fetched with them and saved from memory instead.
 */
export function DownloadLink({ href, filename, children, button, label }: DownloadLinkProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onClick = async (event: MouseEvent<HTMLAnchorElement>) => {
    if (!sessionAuthHeader().Authorization) return;
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await apiRequest(href, { headers: { Accept: '*/*' } });
      saveBlob(await response.blob(), filename);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <a
        href={href}
        download={filename}
        role={button ? 'button' : undefined}
        className={button ? 'secondary' : undefined}
        aria-label={label}
        aria-busy={busy || undefined}
        onClick={onClick}
      >
        {children}
      </a>
      {error && (
        <small role="alert" className="download-error">
          {error}
        </small>
      )}
    </>
  );
}
