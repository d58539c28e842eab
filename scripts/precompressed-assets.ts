import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(?:js|mjs|css|svg)$/;
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};
/** Smaller files are not worth a second copy. */
const MIN_BYTES = 1024;

/**
 * The build writes a gzipped copy beside each script and stylesheet, and the preview server sends
 * it to browsers that accept gzip. Otherwise `vite preview` gzips every asset again on each request,
 * which on a busy machine delays the entry script (and so the first page) by tens of milliseconds.
 */
export function precompressedAssets(): Plugin {
  return {
    name: 'osparc-precompressed-assets',
    writeBundle(options, bundle) {
      const outDir = options.dir;
      if (!outDir) return;
      for (const [fileName, output] of Object.entries(bundle)) {
        if (!COMPRESSIBLE.test(fileName)) continue;
        const content = output.type === 'chunk' ? output.code : output.source;
        if (content.length < MIN_BYTES) continue;
        fs.writeFileSync(path.join(outDir, `${fileName}.gz`), zlib.gzipSync(content, { level: 9 }));
      }
    },
    configurePreviewServer(server) {
      const { root, build } = server.config;
      const distDir = path.resolve(root, build.outDir);
      const assetsPrefix = `/${build.assetsDir}/`;
      server.middlewares.use((request, response, next) => {
        const pathname = (request.url ?? '').split('?')[0] ?? '';
        if (
          (request.method !== 'GET' && request.method !== 'HEAD') ||
          !pathname.startsWith(assetsPrefix) ||
          !COMPRESSIBLE.test(pathname) ||
          !/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))
        ) {
          return next();
        }
        const file = path.join(distDir, path.normalize(decodeURIComponent(pathname)));
        if (!file.startsWith(distDir + path.sep)) return next();
        fs.readFile(`${file}.gz`, (error, gzipped) => {
          if (error) return next();
          response.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
          response.setHeader('Content-Encoding', 'gzip');
          response.setHeader('Content-Length', gzipped.length);
          const vary = response.getHeader('Vary');
          response.setHeader('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
          // Asset names carry their content hash, as with the preview's own static files.
          response.setHeader('Cache-Control', 'no-cache');
          response.end(request.method === 'HEAD' ? undefined : gzipped);
        });
      });
    },
  };
}
