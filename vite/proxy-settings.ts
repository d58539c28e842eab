import fs from 'node:fs';
import path from 'node:path';

export const DEFAULT_API_HOST = 'http://127.0.0.1:8006';

export interface ProxySettings {
  /** Where /v0 requests go. */
  target: string;
  /** Basic credentials the proxy adds; undefined leaves the page's own (session) header in place. */
  authorization?: string;
}

function savedLocalCredentials(env: NodeJS.ProcessEnv, root: string): { key: string; secret: string } | undefined {
  const dataDir = path.resolve(root, env.OSPARC_LOCAL_DATA ?? '.osparc-local');
  try {
    const saved = JSON.parse(fs.readFileSync(path.join(dataDir, 'credentials.json'), 'utf8'));
    if (typeof saved.key === 'string' && typeof saved.secret === 'string') return saved;
  } catch {
    // the embedded host has not made a pair yet
  }
  return undefined;
}

/**
 * Reads OSPARC_API_HOST / OSPARC_API_KEY / OSPARC_API_SECRET. With no host set, the proxy talks
 * to the embedded host and, with no key set, uses the pair that host saved in its data folder.
 */
export function proxySettingsFromEnv(env: NodeJS.ProcessEnv, root: string): ProxySettings {
  const target = (env.OSPARC_API_HOST || DEFAULT_API_HOST).replace(/\/+$/, '');
  let key = env.OSPARC_API_KEY;
  let secret = env.OSPARC_API_SECRET;
  if (!(key && secret) && !env.OSPARC_API_HOST) {
    const saved = savedLocalCredentials(env, root);
    key = saved?.key;
    secret = saved?.secret;
  }
  const authorization = key && secret ? `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` : undefined;
  return { target, authorization };
}
