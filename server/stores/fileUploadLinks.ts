import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Why a presigned chunk link was refused. */
export type LinkProblem = 'invalid' | 'expired';

/**
 * Signs and checks the presigned chunk links: an HMAC over upload id, part number and expiry,
 * keyed with a secret kept in the data folder, so links survive a restart of the host and
 * nobody without the secret can make one.
 */
export class UploadLinkSigner {
  private readonly secret: Buffer;

  constructor(dataDir: string) {
    this.secret = loadOrCreateSecret(path.join(dataDir, 'upload-links.key'));
  }

  sign(uploadId: string, part: number, expires: number): string {
    return crypto.createHmac('sha256', this.secret).update(`${uploadId}\n${part}\n${expires}`).digest('hex');
  }

  /** undefined when the link is good; otherwise what is wrong with it. */
  check(uploadId: string, part: number, expires: number, signature: string, now: number): LinkProblem | undefined {
    const expected = Buffer.from(this.sign(uploadId, part, expires), 'hex');
    const given = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(expected.length);
    const valid = crypto.timingSafeEqual(expected, given) && /^[0-9a-f]{64}$/i.test(signature);
    if (!valid) return 'invalid';
    if (now / 1000 >= expires) return 'expired';
    return undefined;
  }
}

function loadOrCreateSecret(file: string): Buffer {
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(existing)) return Buffer.from(existing, 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = crypto.randomBytes(32);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole to a temporary name, then renamed: a crash never leaves half a key.
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${secret.toString('hex')}\n`, { mode: 0o600 });
  fs.renameSync(temp, file);
  return secret;
}
