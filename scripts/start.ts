/**
 * `npm start` (dev server) and `npm run preview` (production build): the embedded oSPARC host
 * (unless OSPARC_API_HOST points elsewhere) and the dashboard behind its credential-adding proxy.
 */
import { createServer, preview } from 'vite';
import { buildHost } from '../server/app.ts';
import { configFromEnv } from '../server/config.ts';
import { startErrorMessage } from '../server/start-error.ts';

interface Closable {
  close(): Promise<unknown>;
}

async function startEmbeddedHost(): Promise<Closable> {
  const config = configFromEnv();
  const host = await buildHost(config, { logger: { level: process.env.OSPARC_LOCAL_LOG_LEVEL ?? 'warn' } });
  const address = await host.listen({ host: config.listenHost, port: config.port });
  // The proxy in vite.config.ts reads these: the key never leaves this process for the page.
  process.env.OSPARC_API_HOST = address;
  process.env.OSPARC_API_KEY = host.hostContext.credentials.key;
  process.env.OSPARC_API_SECRET = host.hostContext.credentials.secret;
  return host;
}

async function main(): Promise<void> {
  const usePreview = process.argv.includes('--preview');
  const closables: Closable[] = [];
  const external = Boolean(process.env.OSPARC_API_HOST);
  if (!external) closables.push(await startEmbeddedHost());

  let url: string | undefined;
  if (usePreview) {
    const outDir = process.env.DASHBOARD_OUT_DIR;
    const server = await preview({ logLevel: 'warn', ...(outDir ? { build: { outDir } } : {}) });
    closables.push({ close: () => new Promise<void>((resolve) => server.httpServer.close(() => resolve())) });
    url = server.resolvedUrls?.local[0];
  } else {
    const server = await createServer({ logLevel: 'warn' });
    await server.listen();
    closables.push(server);
    url = server.resolvedUrls?.local[0];
  }
  const apiHost = process.env.OSPARC_API_HOST;
  process.stdout.write(
    `Dashboard: ${url ?? 'http://127.0.0.1'} (API host ${apiHost}${external ? '' : ', embedded'}) — Ctrl-C stops it\n`,
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled(closables.reverse().map((c) => c.close()));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`Could not start: ${startErrorMessage(error)}\n`);
  process.exit(1);
});
