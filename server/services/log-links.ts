import { type LinkProblem, UploadLinkSigner } from '../stores/fileUploadLinks.ts';

/** Where the presigned log-zip links live; the storage routes serve them without Basic auth. */
export const STORAGE_LOGS_PATH = '/storage/logs';

/** The token of a presigned log link. */
export interface LogLinkToken {
  expires: number;
  signature: string;
}

/**
 * Presigned links to a stopped job's log zip. Upstream's logfile route answers 307 to a
 * storage link (api/routes/solvers_jobs_read.py, get_job_output_logfile); this host signs its
 * own, with the key of the upload links, for a subject no upload id can take.
 */
export class LogLinks {
  private readonly signer: UploadLinkSigner;

  constructor(
    dataDir: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {
    this.signer = new UploadLinkSigner(dataDir);
  }

  /** The link, valid for the configured time, that serves the log zip of `jobId` as `zipName`. */
  link(origin: string, jobId: string, zipName: string): string {
    const expires = Math.floor(this.now() / 1000) + this.ttlSeconds;
    const signature = this.signer.sign(`logs:${jobId}`, 0, expires);
    const query = new URLSearchParams({ expires: String(expires), signature });
    return `${origin}${STORAGE_LOGS_PATH}/${jobId}/${encodeURIComponent(zipName)}?${query}`;
  }

  /** undefined when the token opens the log of `jobId`; otherwise what is wrong with it. */
  check(jobId: string, token: LogLinkToken): LinkProblem | undefined {
    return this.signer.check(`logs:${jobId}`, 0, token.expires, token.signature, this.now());
  }
}
