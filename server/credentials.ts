import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Credentials {
  key: string;
  secret: string;
}

const FILE_NAME = 'credentials.json';

export function credentialsFile(dataDir: string): string {
  return path.join(dataDir, FILE_NAME);
}

/** Reads the pair the host made on an earlier start, if any. */
export function readSavedCredentials(dataDir: string): Credentials | undefined {
  try {
    const saved = JSON.parse(fs.readFileSync(credentialsFile(dataDir), 'utf8')) as Partial<Credentials>;
    if (typeof saved.key === 'string' && typeof saved.secret === 'string')
      return { key: saved.key, secret: saved.secret };
  } catch {
    // none saved yet
  }
  return undefined;
}

/** The configured pair, else the saved one, else a new pair saved (owner-readable only) for next time. */
export function resolveCredentials(dataDir: string, key?: string, secret?: string): Credentials {
  if (key && secret) return { key, secret };
  const saved = readSavedCredentials(dataDir);
  if (saved) return saved;
  const made = {
    key: `local_${crypto.randomBytes(12).toString('hex')}`,
    secret: crypto.randomBytes(24).toString('base64url'),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(credentialsFile(dataDir), `${JSON.stringify(made, null, 2)}\n`, { mode: 0o600 });
  return made;
}
