import { useQueries } from '@tanstack/react-query';
import { diffLines } from 'diff';
import { textPreviewQuery } from '../api/file-content.ts';
import type { OsparcFile } from '../api/types.ts';
import { formatBytes } from '../lib/format.ts';

/** Text files up to this size are compared line by line in the page. */
export const DIFF_LIMIT_BYTES = 64 * 1024;

export interface DiffSide {
  /** Whose file it is, e.g. "job 1a2b3c4d". */
  label: string;
  file: OsparcFile;
}

/**
 * The line differences of small text files: each file after the first against the first, lines
 * taken away marked "−" and lines added "+" (in words and colour both).
 */
export function FileDiff({ sides }: { sides: DiffSide[] }) {
  const texts = useQueries({
    queries: sides.map((side) => textPreviewQuery(side.file.id, DIFF_LIMIT_BYTES)),
  });
  const [base, ...others] = sides;
  if (!base) return null;
  if (texts.some((text) => text.isPending)) return <p aria-busy="true">Reading the files…</p>;
  const failed = texts.find((text) => text.isError);
  if (failed?.error) return <p>The files could not be read: {failed.error.message}</p>;
  if (texts.some((text) => text.data?.truncated)) {
    return <p>These files are larger than {formatBytes(DIFF_LIMIT_BYTES)}: download them to compare.</p>;
  }
  const baseText = texts[0]?.data?.text ?? '';
  return (
    <>
      {others.map((other, index) => {
        const changes = diffLines(baseText, texts[index + 1]?.data?.text ?? '');
        const same = changes.every((change) => !change.added && !change.removed);
        return (
          <figure key={other.file.id} className="file-diff">
            <figcaption>
              {other.label} ({other.file.filename}) against {base.label} ({base.file.filename})
            </figcaption>
            {same ? (
              <p>The same text.</p>
            ) : (
              // biome-ignore lint/a11y/noNoninteractiveTabindex: the differences scroll; keyboard users need to reach them
              <pre tabIndex={0}>
                {changes.flatMap((change, at) =>
                  change.value
                    .replace(/\n$/, '')
                    .split('\n')
                    .map((line, lineAt) => {
                      const key = `${at}-${lineAt}`;
                      if (change.added) return <ins key={key}>{`+ ${line}\n`}</ins>;
                      if (change.removed) return <del key={key}>{`− ${line}\n`}</del>;
                      return <span key={key}>{`  ${line}\n`}</span>;
                    }),
                )}
              </pre>
            )}
          </figure>
        );
      })}
    </>
  );
}
