import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';
import { proxySettingsFromEnv } from './vite/proxy-settings.ts';

const root = path.dirname(new URL(import.meta.url).pathname);

function apiProxy(): Record<string, ProxyOptions> {
  const settings = proxySettingsFromEnv(process.env, root);
  const options: ProxyOptions = {
    target: settings.target,
    changeOrigin: true,
    configure(proxy) {
      proxy.on('proxyReq', (proxyReq) => {
        // Credentials live here, on the server side, never in the page.
        if (settings.authorization) proxyReq.setHeader('authorization', settings.authorization);
      });
    },
  };
  return { '/v0': options };
}

export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port: Number(process.env.DASHBOARD_PORT ?? 5173), strictPort: false, proxy: apiProxy() },
  preview: {
    host: '127.0.0.1',
    port: Number(process.env.DASHBOARD_PORT ?? 4173),
    strictPort: false,
    proxy: apiProxy(),
  },
  build: { sourcemap: false, chunkSizeWarningLimit: 800 },
});
