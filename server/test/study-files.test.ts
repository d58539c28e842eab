import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinSolversDir, builtinStudiesDir } from '../config.ts';
import { type Catalog, loadCatalog } from '../services/catalog.ts';
import { loadStudyFiles } from '../services/study-files.ts';
import { startTestHost } from './harness.ts';
import { studyFolder } from './study-helpers.ts';

/** A logger that keeps the warnings, as the host prints them at start-up. */
function recordingLog(): FastifyBaseLogger & { warnings: string[] } {
  const warnings: string[] = [];
  const log = {
    warnings,
    warn: (_details: unknown, message: string) => warnings.push(message),
    info: () => {},
    error: () => {},
    debug: () => {},
    trace: () => {},
    fatal: () => {},
    child: () => log,
    level: 'info',
    silent: () => {},
  };
  return log as unknown as FastifyBaseLogger & { warnings: string[] };
}

const sleeper = 'solver: simcore/services/comp/itis/sleeper\n    version: 2.1.6';

/** A study file with these nodes (YAML, indented by two). */
const study = (nodes: string) => `title: A study\nnodes:\n${nodes}`;

describe('study files', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await loadCatalog([builtinSolversDir], recordingLog());
  });

  it('loads the built-in studies with stable ids, nodes in dependency order', () => {
    const log = recordingLog();
    const { studies, skipped } = loadStudyFiles([builtinStudiesDir], catalog, log);
    expect(skipped).toEqual([]);
    expect(studies.map((s) => s.title).sort()).toEqual(['Heat rod analysis', 'Sleeper pipeline']);
    const pipeline = studies.find((s) => s.title === 'Sleeper pipeline')!;
    const order = pipeline.nodes.map((node) => node.name);
    expect(order.indexOf('input_file')).toBeLessThan(order.indexOf('first_sleeper'));
    expect(order.indexOf('first_sleeper')).toBeLessThan(order.indexOf('second_sleeper'));
    expect(order.indexOf('second_sleeper')).toBeLessThan(order.indexOf('final_number'));
  });

  it.each([
    [
      'a cycle',
      study(
        `  a:\n    kind: solver\n    ${sleeper}\n    inputs: { input_1: { from: b.output_1 } }\n  b:\n    kind: solver\n    ${sleeper}\n    inputs: { input_1: { from: a.output_1 } }\n`,
      ),
      /node a: the connections form a cycle \(a → b → a\)/,
    ],
    [
      'an unknown solver',
      study('  heat:\n    kind: solver\n    solver: simcore/services/comp/nope\n    version: 1.0.0\n'),
      /node heat: unknown solver release simcore\/services\/comp\/nope 1\.0\.0/,
    ],
    [
      'an unknown input port',
      study(`  s:\n    kind: solver\n    ${sleeper}\n    inputs: { input_9: 1 }\n`),
      /node s: input_9 is no input of simcore\/services\/comp\/itis\/sleeper 2\.1\.6/,
    ],
    [
      'an unknown output port',
      study(`  s:\n    kind: solver\n    ${sleeper}\n  p:\n    kind: probe\n    from: s.output_7\n`),
      /node p: s\.output_7 is no output of simcore\/services\/comp\/itis\/sleeper/,
    ],
    [
      'connected ports of incompatible types',
      study(
        `  s:\n    kind: solver\n    ${sleeper}\n  t:\n    kind: solver\n    ${sleeper}\n    inputs: { input_2: { from: s.output_1 } }\n`,
      ),
      /node t, input input_2: connected ports of incompatible types \(a file goes into a value port\)/,
    ],
    [
      'a parameter of another type',
      study(
        `  flag:\n    kind: parameter\n    content_schema: { type: boolean }\n  s:\n    kind: solver\n    ${sleeper}\n    inputs: { input_2: { from: flag } }\n`,
      ),
      /node s, input input_2: connected ports of incompatible types \(a value of type boolean goes into a port of type integer\)/,
    ],
    [
      'two inputs with one label',
      study(
        `  a:\n    kind: parameter\n    label: interval\n    content_schema: { type: integer }\n  b:\n    kind: parameter\n    label: interval\n    content_schema: { type: integer }\n  s:\n    kind: solver\n    ${sleeper}\n    inputs: { input_2: { from: a } }\n`,
      ),
      /node b: the input label "interval" is already the label of node a/,
    ],
    [
      'a source that is no node',
      study(`  s:\n    kind: solver\n    ${sleeper}\n    inputs: { input_2: { from: nowhere } }\n`),
      /node s, input input_2: takes its value from nowhere, which is no node of this study/,
    ],
    ['no YAML mapping', '- just\n- a list\n', /a study file is a mapping/],
  ])('skips a study file with %s, naming the file and the node', (_what, text, reason) => {
    const dir = studyFolder({ 'bad.yml': text });
    const log = recordingLog();
    const { studies, skipped } = loadStudyFiles([dir], catalog, log);
    expect(studies).toEqual([]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.file).toBe(path.join(dir, 'bad.yml'));
    expect(skipped[0]!.reason).toMatch(reason);
    expect(log.warnings[0]).toContain(`Skipping study file ${path.join(dir, 'bad.yml')}: `);
  });

  it('starts the host with the good studies when one of the user’s is bad', async () => {
    const dir = studyFolder({
      'bad.yml': study('  s:\n    kind: solver\n    solver: simcore/services/comp/nope\n    version: 1.0.0\n'),
      'good.yml': study(`  s:\n    kind: solver\n    ${sleeper}\n`),
    });
    const host = await startTestHost({ studyDirs: [builtinStudiesDir, dir] });
    try {
      const { total } = await host.json<{ total: number }>('/v0/studies');
      expect(total).toBe(3);
    } finally {
      await host.close();
    }
  });
});
