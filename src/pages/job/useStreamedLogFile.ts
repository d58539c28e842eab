import { useEffect, useState } from 'react';
import type { LogArchive } from '../../api/logs.ts';
import { LogLineStore, type LogText } from '../../components/log-viewer/log-text.ts';

/** While a log file is being read, the viewer is given the new lines at most this often. */
const PUBLISH_EVERY_MS = 150;

interface StreamedLogFile {
  /** The lines read so far (grows until `done`); null until the first text arrives. */
  text: LogText | null;
  /** How much of the file has been read, 0–100. */
  percent: number;
  done: boolean;
  error: Error | null;
}

/**
 * Reads one log file of an opened log zip into a compact line store, showing the first lines at
 * once and then the lines read since, in batches, until the whole file is in.
 */
export function useStreamedLogFile(archive: LogArchive | undefined, name: string | undefined): StreamedLogFile {
  const [state, setState] = useState<StreamedLogFile>({ text: null, percent: 0, done: false, error: null });

  useEffect(() => {
    setState({ text: null, percent: 0, done: false, error: null });
    if (!archive || name === undefined) return;
    const controller = new AbortController();
    const store = new LogLineStore();
    let percent = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let published = false;
    const publish = () => {
      timer = undefined;
      published = true;
      setState({ text: store.snapshot(), percent, done: false, error: null });
    };
    archive
      .read(
        name,
        (text, readPercent) => {
          store.append(text);
          percent = readPercent;
          // The first lines go out at once; after that, batches.
          if (!published && store.length > 0) publish();
          else if (timer === undefined) timer = setTimeout(publish, PUBLISH_EVERY_MS);
        },
        controller.signal,
      )
      .then(() => {
        clearTimeout(timer);
        store.finish();
        setState({ text: store.snapshot(), percent: 100, done: true, error: null });
      })
      .catch((error: unknown) => {
        clearTimeout(timer);
        if (controller.signal.aborted) return;
        setState((previous) => ({
          ...previous,
          done: true,
          error: error instanceof Error ? error : new Error(String(error)),
        }));
      });
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [archive, name]);

  return state;
}
