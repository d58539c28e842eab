import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompressedAssets } from './scripts/precompressed-assets.ts';
import { osparcApiProxy } from './vite/plugin.ts';

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  // The proxy holds the API credentials on the server side; they never reach the page.
  plugins: [react(), osparcApiProxy(root), precompressedAssets()],
  server: { host: '127.0.0.1', port: Number(process.env.DASHBOARD_PORT ?? 5173), strictPort: false },
  preview: { host: '127.0.0.1', port: Number(process.env.DASHBOARD_PORT ?? 4173), strictPort: false },
  build: { sourcemap: false, chunkSizeWarningLimit: 800 },
});
