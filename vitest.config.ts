import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [react()],
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['src/test/setup.ts'],
        },
      },
      {
        test: {
          name: 'api',
          environment: 'node',
          // The dashboard proxy (vite/) runs in Node beside the host, so its tests do too.
          include: ['server/**/*.test.ts', 'tests/**/*.test.ts', 'vite/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file starts its own hosts and solver processes; two cores are shared.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
