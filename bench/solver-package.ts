import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './processes.ts';

const VERSION = '1.0.0';
const releasePath = (key: string) => `/v0/solvers/${encodeURIComponent(key)}/releases/${VERSION}`;

export const EXIT_NOW_KEY = 'simcore/services/comp/bench/exit-now';
export const EXIT_NOW_RELEASE = releasePath(EXIT_NOW_KEY);
export const BIG_LOG_KEY = 'simcore/services/comp/bench/big-log';
export const BIG_LOG_RELEASE = releasePath(BIG_LOG_KEY);
export const SLEEP_LONG_KEY = 'simcore/services/comp/bench/sleep-long';
export const SLEEP_LONG_RELEASE = releasePath(SLEEP_LONG_KEY);

export interface SolverPackageFolder {
  /** Folder to give the host in OSPARC_LOCAL_SOLVERS. */
  root: string;
  /** The exit-now entry script, to run bare as the reference. */
  script: string;
}

function writePackage(root: string, name: string, key: string, description: string, entry: [string, string]): string {
  const folder = path.join(root, name);
  fs.mkdirSync(path.join(folder, VERSION), { recursive: true });
  fs.writeFileSync(
    path.join(folder, VERSION, 'metadata.yml'),
    [
      `key: ${key}`,
      `version: ${VERSION}`,
      `name: ${name}`,
      `description: ${description}`,
      'contact: bench@example.org',
      'inputs:',
      'outputs:',
      '  y:',
      '    label: Y',
      '    description: always 1',
      '    type: integer',
      '',
    ].join('\n'),
  );
  const script = path.join(folder, entry[0]);
  fs.writeFileSync(script, entry[1]);
  return script;
}

/** Random hex lines of the big-log solver: hard enough to compress that 100 MB of log zips to about 50 MB. */
const BIG_LOG_SCRIPT = `import crypto from 'node:crypto';
import fs from 'node:fs';
const total = Number(process.env.BENCH_LOG_RANDOM_BYTES ?? 38 * 1024 * 1024);
let line = 0;
for (let sent = 0; sent < total; sent += 32 * 1024) {
  const hex = crypto.randomBytes(32 * 1024).toString('hex');
  let text = '';
  for (let i = 0; i < hex.length; i += 80) text += \`line \${++line} \${hex.slice(i, i + 80)}\\n\`;
  // Synchronous writes: the pipe's back-pressure paces the solver, nothing piles up in memory.
  fs.writeSync(1, text);
}
fs.writeFileSync(\`\${process.env.OUTPUT_FOLDER}/outputs.json\`, '{"y": 1}');
`;

/** The benchmarks' solver packages: exit-now (writes its outputs and exits), big-log (~100 MB of log), sleep-long. */
export function benchSolverPackages(): SolverPackageFolder {
  const root = tempDir('solvers');
  const script = writePackage(root, 'exit-now', EXIT_NOW_KEY, 'Writes its outputs and exits at once', [
    'run.sh',
    'echo \'{"y": 1}\' > "$OUTPUT_FOLDER/outputs.json"\n',
  ]);
  writePackage(root, 'big-log', BIG_LOG_KEY, 'Prints about 100 MB of log lines', ['run.mjs', BIG_LOG_SCRIPT]);
  writePackage(root, 'sleep-long', SLEEP_LONG_KEY, 'Sleeps for a quarter of an hour', ['run.sh', 'exec sleep 900\n']);
  return { root, script };
}

/** Kept for the host measurements: the same packages. */
export const exitNowPackage = benchSolverPackages;
