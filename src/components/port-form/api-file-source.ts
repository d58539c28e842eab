import { DEFAULT_FILE_VIEW } from '../../api/file-view.ts';
import { fetchFile, fetchFileViewPage } from '../../api/files.ts';
import { uploadFile } from '../../api/upload.ts';
import type { FileSource } from './file-source.ts';

/** File ports on the API host: its file list and the dashboard's upload. */
export const apiFileSource: FileSource = {
  async listFiles(limit, offset, text, signal) {
    const { page, applied } = await fetchFileViewPage(
      { ...DEFAULT_FILE_VIEW, nameContains: text },
      limit,
      offset,
      signal,
    );
    return { page, searched: applied };
  },
  describeFile: fetchFile,
  uploadFile: (file, { onProgress, signal }) =>
    uploadFile(file, {
      signal,
      onProgress: (progress) => onProgress?.(progress.total > 0 ? progress.loaded / progress.total : 0),
    }),
};
