import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { fileKeys } from '../../api/files.ts';
import { isCancelled, type UploadProgress, uploadOrReuseFile } from '../../api/upload.ts';
import type { UploadItem } from '../../components/UploadList.tsx';

/**
 * The uploads started on this page: each file is hashed, reused or sent, with its own
 * progress, cancel and error. The file listing is refreshed as each one finishes.
 */
export function useFileUploads() {
  const queryClient = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const counter = useRef(0);

  const patch = useCallback((id: string, change: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.id === id ? { ...item, ...change } : item)));
  }, []);

  const start = useCallback(
    (files: File[]) => {
      const added: UploadItem[] = files.map((file) => ({
        id: `upload-${++counter.current}`,
        name: file.name,
        size: file.size,
        status: 'hashing',
        loaded: 0,
        total: file.size,
        reused: false,
      }));
      setItems((current) => [...added, ...current]);
      added.forEach((item, index) => {
        const file = files[index] as File;
        const controller = new AbortController();
        controllers.current.set(item.id, controller);
        const onProgress = (progress: UploadProgress) =>
          patch(item.id, { status: progress.phase, loaded: progress.loaded, total: progress.total });
        uploadOrReuseFile(file, { signal: controller.signal, onProgress })
          .then(({ file: stored, reused }) => {
            patch(item.id, { status: 'done', reused, file: stored, loaded: file.size, total: file.size });
            void queryClient.invalidateQueries({ queryKey: fileKeys.all });
          })
          .catch((error: unknown) => {
            if (isCancelled(error)) patch(item.id, { status: 'cancelled' });
            else patch(item.id, { status: 'failed', error: errorMessage(error) });
          })
          .finally(() => controllers.current.delete(item.id));
      });
    },
    [patch, queryClient],
  );

  const cancel = useCallback((id: string) => controllers.current.get(id)?.abort(), []);

  /** Drops finished, failed and cancelled rows from the list. */
  const clearFinished = useCallback(() => {
    setItems((current) => current.filter((item) => controllers.current.has(item.id)));
  }, []);

  // Leaving the page cancels what is still running (and aborts those uploads on the host).
  useEffect(() => {
    const running = controllers.current;
    return () => {
      for (const controller of running.values()) controller.abort();
    };
  }, []);

  return { items, start, cancel, clearFinished };
}
