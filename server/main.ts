import { buildHost } from './app.ts';
import { configFromEnv } from './config.ts';
import { startErrorMessage } from './start-error.ts';

/** `npm run host`: the embedded oSPARC API host on its own. */
async function main(): Promise<void> {
  const config = configFromEnv();
  const app = await buildHost(config, { logger: { level: process.env.OSPARC_LOCAL_LOG_LEVEL ?? 'warn' } });
  const address = await app.listen({ host: config.listenHost, port: config.port });
  const { key, secret } = app.hostContext.credentials;
  const solvers = app.hostContext.catalog.releases().length;
  process.stdout.write(
    [
      `oSPARC local API host listening on ${address} (${solvers} solver releases, data in ${config.dataDir})`,
      `OSPARC_API_HOST=${address}`,
      `OSPARC_API_KEY=${key}`,
      `OSPARC_API_SECRET=${secret}`,
      '',
    ].join('\n'),
  );
  const stop = async (signal: string) => {
    process.stdout.write(`${signal}: stopping the local host\n`);
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`The local oSPARC host could not start: ${startErrorMessage(error)}\n`);
  process.exit(1);
});
