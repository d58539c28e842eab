import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Connect, Plugin } from 'vite';

/** `'sha256-…'` sources for each inline `<script>` of a page, so no other inline script runs. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [, attributes = '', body = ''] = match;
    if (/\bsrc\s*=/i.test(attributes) || body === '') continue;
    hashes.push(`'sha256-${crypto.createHash('sha256').update(body).digest('base64')}'`);
  }
  return [...new Set(hashes)];
}

/**
 * What the page needs and nothing more: its own scripts (and its inline ones by hash), compiled
 * schema validators, WebAssembly for the file hasher, its own workers, images of outputs as blob: and Pico's data: icons,
 * inline styles (the UI sets them, Vite injects its CSS as style elements in dev), requests to its
 * own origin (and Vite's HMR socket in dev). No other site may frame it.
 */
export function contentSecurityPolicy(scriptHashes: string[], extraConnect: string[] = []): string {
  return [
    "default-src 'self'",
    // The input forms validate against each solver's JSON schemas, which Ajv compiles to
    // functions at run time; no inline script runs without its hash all the same.
    `script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval' ${scriptHashes.join(' ')}`.trim(),
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self' ${extraConnect.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every answer of the dashboard's origin carries (pages, scripts, API answers alike). */
function setSecurityHeaders(response: http.ServerResponse, csp: string): void {
  response.setHeader('Content-Security-Policy', csp);
  // For browsers that predate frame-ancestors.
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'same-origin');
  // Another site may not embed the dashboard's answers (scripts, images) in its own page.
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function middleware(csp: (request: http.IncomingMessage) => Promise<string>): Connect.NextHandleFunction {
  return (request, response, next) => {
    csp(request).then(
      (policy) => {
        setSecurityHeaders(response, policy);
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

/**
 * Security headers on the dev and preview servers. The policy hashes the inline scripts of the
 * page actually served: in dev, index.html as Vite transforms it (with React refresh's
 * preamble); in preview, the built index.html.
 */
export function securityHeaders(): Plugin {
  return {
    name: 'osparc-security-headers',
    configureServer(server) {
      const indexHtml = path.join(server.config.root, 'index.html');
      const hashesOfPage = async () =>
        inlineScriptHashes(await server.transformIndexHtml('/', await fs.promises.readFile(indexHtml, 'utf8')));
      // Worked out once, and again when index.html changes.
      let hashes: Promise<string[]> | undefined;
      server.watcher.on('change', (file) => {
        if (path.resolve(file) === indexHtml) hashes = undefined;
      });
      server.middlewares.use(
        middleware(async (request) => {
          hashes ??= hashesOfPage();
          const host = request.headers.host;
          return contentSecurityPolicy(await hashes, host ? [`ws://${host}`] : []);
        }),
      );
    },
    configurePreviewServer(server) {
      const { root, build } = server.config;
      const built = fs.promises
        .readFile(path.resolve(root, build.outDir, 'index.html'), 'utf8')
        .then((html) => contentSecurityPolicy(inlineScriptHashes(html)));
      server.middlewares.use(middleware(() => built));
    },
  };
}
