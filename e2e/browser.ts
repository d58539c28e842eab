import fs from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * Headless Chromium as root on a closed network: no sandbox (root), no GPU, and none of the
 * background services that would try to reach Google's hosts.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Which Chromium the browser tests drive: CHROMIUM_PATH, else Debian's, else Playwright's own. */
export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but there is no file there.`);
    return fromEnv;
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (fs.existsSync(candidate)) return candidate;
  }
  let bundled: string | undefined;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = undefined;
  }
  if (bundled && fs.existsSync(bundled)) return undefined; // Playwright finds its own
  throw new Error(
    'No Chromium found for the browser tests. Install one (Debian/Ubuntu: `apt-get install chromium`), ' +
      'or set CHROMIUM_PATH to a Chromium or Chrome executable, or run `npx playwright install chromium`.',
  );
}
