import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { build } from 'vite';
import { type BenchRow, limitRow, type Measurement } from '../measure.ts';
import { projectRoot, tempDir } from '../processes.ts';

const LIMIT_KB = 150;

/** An entry of Vite's build manifest. */
interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** Builds the dashboard into a temporary folder and answers the folder with its manifest. */
export async function buildDashboard(outDir: string): Promise<Record<string, ManifestChunk>> {
  await build({
    root: projectRoot,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest: 'manifest.json' },
  });
  return JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
}

/**
 * The JavaScript the first page loads before it renders: the entry script of index.html and,
 * recursively, its static imports (what the modulepreload links name). Dynamic imports are left out:
 * they load only on the pages that need them.
 */
export function firstPageChunks(manifest: Record<string, ManifestChunk>, html: string): string[] {
  const entryKey = Object.keys(manifest).find((key) => manifest[key]!.isEntry && key.endsWith('index.html'));
  if (!entryKey) throw new Error('the build manifest has no index.html entry');
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entryKey);
  // Whatever index.html itself names (script and modulepreload links) counts too.
  for (const match of html.matchAll(
    /<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/?([^"]+\.js)"/g,
  )) {
    files.add(match[1]!);
  }
  return [...files];
}

export const bundle: Measurement = {
  name: 'bundle',
  async run(): Promise<BenchRow[]> {
    const outDir = tempDir('dist');
    try {
      const manifest = await buildDashboard(outDir);
      const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
      const chunks = firstPageChunks(manifest, html).map((file) => {
        const bytes = fs.readFileSync(path.join(outDir, file));
        return { file, raw: bytes.length, gzipped: zlib.gzipSync(bytes).length };
      });
      const allJs = Object.values(manifest).filter((chunk) => chunk.file.endsWith('.js')).length;
      const gzipped = chunks.reduce((sum, chunk) => sum + chunk.gzipped, 0) / 1024;
      return [
        limitRow(
          {
            name: 'bundle: gzipped JS of the first page',
            figure: gzipped,
            unit: 'KB',
            notes:
              `${chunks.length} of ${allJs} chunks load first: ` +
              chunks.map((c) => `${path.basename(c.file)} ${(c.gzipped / 1024).toFixed(1)} KB`).join(', '),
          },
          { atMost: LIMIT_KB },
        ),
      ];
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  },
};
