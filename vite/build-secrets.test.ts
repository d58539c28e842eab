import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'osparc-build-secrets-'));

afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

describe('production build', () => {
  it('contains neither the API key nor the secret of the environment it was built in', async () => {
    const key = 'build-key-7f3a9c';
    const secret = 'build-secret-51d2e8';
    const names = ['OSPARC_API_HOST', 'OSPARC_API_KEY', 'OSPARC_API_SECRET'] as const;
    const saved = names.map((name) => process.env[name]);
    Object.assign(process.env, {
      OSPARC_API_HOST: 'http://127.0.0.1:9',
      OSPARC_API_KEY: key,
      OSPARC_API_SECRET: secret,
    });
    try {
      await build({ root, configFile: path.join(root, 'vite.config.ts'), logLevel: 'silent', build: { outDir } });
    } finally {
      names.forEach((name, index) => {
        const value = saved[index];
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      });
    }
    const basic = Buffer.from(`${key}:${secret}`).toString('base64');
    const files = filesUnder(outDir);
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    for (const file of files) {
      const text = fs.readFileSync(file, 'latin1');
      expect(text.includes(key) || text.includes(secret) || text.includes(basic), file).toBe(false);
    }
  });
});
