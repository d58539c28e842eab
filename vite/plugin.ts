import type { Plugin } from 'vite';
import { createApiProxy } from './api-proxy.ts';
import { type ProxySettings, proxySettingsFromEnv } from './proxy-settings.ts';
import { headerlessPolicyFromEnv } from './request-origin.ts';

/**
 * Settings from the environment, read again until credentials turn up: the embedded host may
 * save its key pair after the dashboard has started.
 */
function settingsReader(root: string): () => ProxySettings {
  let found: ProxySettings | undefined;
  return () => {
    if (found) return found;
    const settings = proxySettingsFromEnv(process.env, root);
    if (settings.authorization) found = settings;
    return settings;
  };
}

/** The API proxy as middleware of both `vite` (dev) and `vite preview`. */
export function osparcApiProxy(root: string): Plugin {
  const proxy = createApiProxy({
    settings: settingsReader(root),
    headerless: headerlessPolicyFromEnv(process.env),
  });
  return {
    name: 'osparc-api-proxy',
    configureServer(server) {
      server.middlewares.use(proxy);
    },
    configurePreviewServer(server) {
      server.middlewares.use(proxy);
    },
  };
}
