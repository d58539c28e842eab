import { createContext, useContext } from 'react';
import type { DescribedFile, OsparcFile, Page } from '../../api/types.ts';

export interface ListedFiles {
  page: Page<DescribedFile>;
  searched: boolean;
}

export interface UploadOptions {
  /** Called with the uploaded share, 0..1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * Where file ports find files: the host's file list and uploads. The release page provides the
 * API's (src/api/files.ts, src/api/upload.ts); component tests provide an in-memory one.
 */
export interface FileSource {
  /**
   * One page of the files, newest first, whose name contains `text` (or whose checksum starts
   * with it) where the host can search; `searched` is false when it could not, and the page is
   * then of every file in the host's order, for the picker to filter what it has loaded.
   */
  listFiles(limit: number, offset: number, text: string, signal?: AbortSignal): Promise<ListedFiles>;
  uploadFile(file: File, options: UploadOptions): Promise<OsparcFile>;
  /** What the host says of one file (its size and when it was stored, where it says). */
  describeFile(id: string, signal?: AbortSignal): Promise<DescribedFile>;
}

export const FileSourceContext = createContext<FileSource | null>(null);

export function useFileSource(): FileSource {
  const source = useContext(FileSourceContext);
  if (!source) throw new Error('A file port needs a FileSourceContext provider');
  return source;
}
