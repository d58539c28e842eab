import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompressedAssets } from './scripts/precompressed-assets.ts';
import { osparcApiProxy } from './vite/plugin.ts';
import { securityHeaders } from './vite/security-headers.ts';

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  // The proxy holds the API credentials on the server side; they never reach the page.
  // Security headers come first so that every answer, the proxy's too, carries them.
  plugins: [react(), securityHeaders(), osparcApiProxy(root), precompressedAssets()],
  // No CORS: Vite would otherwise let any localhost origin read the proxy's answers.
  server: { host: '127.0.0.1', port: Number(process.env.DASHBOARD_PORT ?? 5173), strictPort: false, cors: false },
  preview: { host: '127.0.0.1', port: Number(process.env.DASHBOARD_PORT ?? 4173), strictPort: false, cors: false },
  build: { sourcemap: false, chunkSizeWarningLimit: 800 },
});
