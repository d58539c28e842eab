import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './processes.ts';

export const EXIT_NOW_KEY = 'simcore/services/comp/bench/exit-now';
export const EXIT_NOW_VERSION = '1.0.0';
export const EXIT_NOW_RELEASE = `/v0/solvers/${encodeURIComponent(EXIT_NOW_KEY)}/releases/${EXIT_NOW_VERSION}`;

export interface SolverPackageFolder {
  /** Folder to give the host in OSPARC_LOCAL_SOLVERS. */
  root: string;
  /** The entry script, to run bare as the reference. */
  script: string;
}

/** A solver package whose entry script writes its outputs.json and exits at once. */
export function exitNowPackage(): SolverPackageFolder {
  const root = tempDir('solvers');
  const packageDir = path.join(root, 'exit-now');
  fs.mkdirSync(path.join(packageDir, EXIT_NOW_VERSION), { recursive: true });
  fs.writeFileSync(
    path.join(packageDir, EXIT_NOW_VERSION, 'metadata.yml'),
    [
      `key: ${EXIT_NOW_KEY}`,
      `version: ${EXIT_NOW_VERSION}`,
      'name: exit-now',
      'description: Writes its outputs and exits at once (benchmark of the runner)',
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
  const script = path.join(packageDir, 'run.sh');
  fs.writeFileSync(script, 'echo \'{"y": 1}\' > "$OUTPUT_FOLDER/outputs.json"\n');
  return { root, script };
}
