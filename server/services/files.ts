import type { HostConfig } from '../config.ts';
import type { Db } from '../db.ts';

/** A file resource as the API returns it (`File`). */
export interface ApiFile {
  id: string;
  filename: string;
  content_type: string | null;
  checksum: string | null;
  e_tag: string | null;
}

/** A stored file: the API's fields plus what the host keeps about its bytes. */
export interface StoredFile extends ApiFile {
  size: number;
  created_at: string;
}

export class FileService {
  constructor(
    readonly db: Db,
    readonly config: HostConfig,
  ) {}
}
