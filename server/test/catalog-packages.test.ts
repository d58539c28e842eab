import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinSolversDir } from '../config.ts';
import { loadCatalog } from '../services/catalog.ts';
import { startTestHost, type TestHost } from './harness.ts';

const VALID_PORTS = `
inputs:
  x:
    label: X
    description: a number
    type: number
    defaultValue: 1
outputs:
  y:
    label: Y
    description: a number
    type: number
`;

function metadata(fields: Record<string, string>, ports = VALID_PORTS): string {
  const base: Record<string, string> = {
    name: 'my solver',
    key: 'simcore/services/comp/me/my-solver',
    version: '1.0.0',
    description: 'mine',
    contact: 'me@example.org',
    ...fields,
  };
  return `${Object.entries(base)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n')}\n${ports}`;
}

/** Writes files (path → content) under a new folder and returns it. */
function folderWith(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'solver-packages-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

const RUN = 'echo "{}" > "$OUTPUT_FOLDER/outputs.json"\n';

describe('solver packages of a user, beside the built-in ones', () => {
  let broken: string;
  let mine: string;
  let host: TestHost;
  const missing = path.join(os.tmpdir(), 'no-such-solver-folder-for-tests');

  beforeAll(async () => {
    broken = folderWith({
      'bad-yaml/metadata.yml': 'key: [unclosed\n',
      'bad-yaml/run.sh': RUN,
      'no-version/metadata.yml': metadata({ version: '' }),
      'no-version/run.sh': RUN,
      'bad-semver/metadata.yml': metadata({ version: '"1.0"' }),
      'unquoted-version/metadata.yml': metadata({ version: '1.0' }),
      'unquoted-version/run.sh': RUN,
      'bad-semver/run.sh': RUN,
      'bad-type/metadata.yml': metadata(
        { key: 'simcore/services/comp/me/bad-type' },
        VALID_PORTS.replace('type: number\n    defaultValue: 1', 'type: matrix'),
      ),
      'bad-type/run.sh': RUN,
      'bad-default/metadata.yml': metadata(
        { key: 'simcore/services/comp/me/bad-default' },
        VALID_PORTS.replace('defaultValue: 1', 'defaultValue: one'),
      ),
      'bad-default/run.sh': RUN,
      'no-entry/metadata.yml': metadata({ key: 'simcore/services/comp/me/no-entry' }),
      'copy-of-sleeper/metadata.yml': fs.readFileSync(
        path.join(builtinSolversDir, 'sleeper/2.1.6/metadata.yml'),
        'utf8',
      ),
      'copy-of-sleeper/run.sh': RUN,
    });
    mine = folderWith({
      // Two releases share one entry script in their parent folder.
      'my-solver/run.sh': RUN,
      'my-solver/1.0.0/metadata.yml': metadata({}),
      'my-solver/1.10.0/metadata.yml': metadata({ version: '1.10.0' }),
      'my-solver/1.2.0/metadata.yml': metadata({ version: '1.2.0' }),
    });
    host = await startTestHost({ solverDirs: [builtinSolversDir, broken, missing, mine] });
  });
  afterAll(async () => {
    await host?.close();
    for (const folder of [broken, mine]) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('skips each invalid package with its file and the reason, and still starts', async () => {
    const skipped = host.app.hostContext.catalog.skipped();
    const reasonOf = (folder: string) =>
      skipped.find((s) => s.file === path.join(broken, folder, 'metadata.yml'))?.reason ?? '(not skipped)';
    expect(reasonOf('bad-yaml')).toMatch(/not readable YAML/);
    expect(reasonOf('no-version')).toMatch(/must have required property 'version'/);
    expect(reasonOf('bad-semver')).toMatch(/version must be a semantic version like 1.2.3 \(got "1.0"\)/);
    expect(reasonOf('unquoted-version')).toMatch(/version must be a semantic version like 1.2.3, quoted in YAML/);
    expect(reasonOf('bad-type')).toMatch(/inputs\.x\.type must be integer, number, .* \(got "matrix"\)/);
    expect(reasonOf('bad-default')).toMatch(/inputs\.x\.defaultValue does not fit the port/);
    expect(reasonOf('no-entry')).toMatch(/no entry script \(run, run\.mjs, run\.js, run\.py, run\.sh\)/);
    expect(reasonOf('copy-of-sleeper')).toMatch(/duplicate release simcore\/services\/comp\/itis\/sleeper@2\.1\.6/);
    expect(skipped.find((s) => s.file === missing)?.reason).toMatch(/cannot be read/);

    const ids = (await host.json<{ id: string }[]>('/v0/solvers/releases')).map((s) => s.id);
    expect(ids).not.toContain('simcore/services/comp/me/bad-type');
    expect(ids).not.toContain('simcore/services/comp/me/no-entry');
    expect(ids.filter((id) => id === 'simcore/services/comp/itis/sleeper')).toHaveLength(2);
  });

  it('lists the valid user package with its releases in semver order and its ports', async () => {
    const key = encodeURIComponent('simcore/services/comp/me/my-solver');
    const releases = await host.json<{ version: string }[]>(`/v0/solvers/${key}/releases`);
    expect(releases.map((r) => r.version)).toEqual(['1.0.0', '1.2.0', '1.10.0']);
    expect((await host.json<{ version: string }>(`/v0/solvers/${key}/latest`)).version).toBe('1.10.0');
    const ports = await host.json<{ items: unknown[] }>(`/v0/solvers/${key}/releases/1.2.0/ports`);
    expect(ports.items).toEqual([
      { key: 'x', kind: 'input', content_schema: { type: 'number', title: 'X', description: 'a number', default: 1 } },
      { key: 'y', kind: 'output', content_schema: { type: 'number', title: 'Y', description: 'a number' } },
    ]);
    const release = host.app.hostContext.catalog.release('simcore/services/comp/me/my-solver', '1.2.0')!;
    expect(release.command).toEqual(['bash', path.join(mine, 'my-solver/run.sh')]);
    expect(release.packageDir).toBe(path.join(mine, 'my-solver/1.2.0'));
  });

  it('warns in the host log with the file and the reason', async () => {
    const warnings: string[] = [];
    const log = {
      info() {},
      debug() {},
      error() {},
      warn(_fields: unknown, message: string) {
        warnings.push(message);
      },
    } as unknown as FastifyBaseLogger;
    await loadCatalog([broken], log);
    const file = path.join(broken, 'bad-semver', 'metadata.yml');
    expect(warnings.find((w) => w.includes(file))).toMatch(/version must be a semantic version/);
    // Without the built-in folder, the copy of the sleeper is no duplicate: the seven others remain.
    expect(warnings).toHaveLength(7);
  });
});
