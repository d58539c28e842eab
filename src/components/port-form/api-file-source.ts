import { fetchFile, fetchFilesPage } from '../../api/files.ts';
import { uploadFile } from '../../api/upload.ts';
import type { FileSource } from './file-source.ts';

/** File ports on the API host: its file list and the dashboard's upload. */
export const apiFileSource: FileSource = {
  listFiles: fetchFilesPage,
  describeFile: fetchFile,
  uploadFile: (file, { onProgress, signal }) =>
    uploadFile(file, {
      signal,
      onProgress: (progress) => onProgress?.(progress.total > 0 ? progress.loaded / progress.total : 0),
    }),
};
