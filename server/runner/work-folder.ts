import fs from 'node:fs';
import path from 'node:path';

/** The folders of one job's run, as the package contract names them. */
export interface WorkFolder {
  root: string;
  inputs: string;
  outputs: string;
  logs: string;
  /** The host's log of the run: every stdout/stderr line, timestamped. */
  logFile: string;
}

/** Port metadata the runner needs: the type (`data:` = file) and the file name map. */
export interface RunnerPort {
  type: string;
  fileToKeyMap?: Record<string, string>;
}

export function isFilePort(port: RunnerPort): boolean {
  return port.type.startsWith('data:');
}

/** The media type a file port declares (`data:text/csv` → text/csv), undefined for `data:*\/*`. */
export function mediaTypeOf(port: RunnerPort): string | undefined {
  const media = port.type.slice('data:'.length);
  return isFilePort(port) && /^[\w.+-]+\/[\w.+-]+$/.test(media) ? media : undefined;
}

export function workFolderOf(dataDir: string, jobId: string): WorkFolder {
  const root = path.join(dataDir, 'jobs', jobId);
  return {
    root,
    inputs: path.join(root, 'inputs'),
    outputs: path.join(root, 'outputs'),
    logs: path.join(root, 'logs'),
    logFile: path.join(root, 'job.log'),
  };
}

/** The file name a file port is read from or written to: its fileToKeyMap entry, else the port key. */
export function fileNameOf(key: string, port: RunnerPort): string {
  const mapped = Object.entries(port.fileToKeyMap ?? {}).find(([, target]) => target === key)?.[0];
  // Names come from package metadata; anything that is not a plain file name falls back to the key.
  return mapped && path.basename(mapped) === mapped && mapped !== '.' && mapped !== '..' ? mapped : key;
}

export function createWorkFolder(folder: WorkFolder): void {
  for (const dir of [folder.inputs, folder.outputs, folder.logs]) fs.mkdirSync(dir, { recursive: true });
}

/**
 * Writes a job's inputs: `inputs/inputs.json` with every non-file value, and each file input
 * copied under the name its port gives (never a name a client chose).
 */
export function writeInputs(
  folder: WorkFolder,
  ports: Record<string, RunnerPort>,
  values: Record<string, unknown>,
  pathOfFile: (fileId: string) => string,
): void {
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const port = ports[key];
    if (!port) continue;
    if (isFilePort(port)) {
      const fileId = (value as { id: string }).id;
      fs.copyFileSync(
        pathOfFile(fileId),
        path.join(folder.inputs, fileNameOf(key, port)),
        fs.constants.COPYFILE_FICLONE,
      );
    } else {
      plain[key] = value;
    }
  }
  fs.writeFileSync(path.join(folder.inputs, 'inputs.json'), `${JSON.stringify(plain, null, 2)}\n`);
}

/** One output file found in `outputs/`, to be imported as a File resource. */
export interface OutputFile {
  key: string;
  path: string;
  filename: string;
  contentType?: string;
}

export interface CollectedOutputs {
  values: Record<string, unknown>;
  files: OutputFile[];
  /** One readable reason per declared output that is missing or unreadable. */
  problems: { key: string; msg: string }[];
}

function findOutputFile(folder: WorkFolder, key: string, port: RunnerPort): string | undefined {
  const exact = path.join(folder.outputs, fileNameOf(key, port));
  if (fs.statSync(exact, { throwIfNoEntry: false })?.isFile()) return exact;
  if (port.fileToKeyMap && Object.values(port.fileToKeyMap).includes(key)) return undefined;
  // Without a fileToKeyMap, accept the port key with any extension (output_1.csv).
  const candidates = fs
    .readdirSync(folder.outputs, { withFileTypes: true })
    .filter((entry) => entry.isFile() && path.parse(entry.name).name === key);
  return candidates.length === 1 ? path.join(folder.outputs, candidates[0]!.name) : undefined;
}

/** Reads what a finished run left in `outputs/`: outputs.json values and the declared output files. */
export function collectOutputs(folder: WorkFolder, ports: Record<string, RunnerPort>): CollectedOutputs {
  const collected: CollectedOutputs = { values: {}, files: [], problems: [] };
  let written: Record<string, unknown> = {};
  const jsonPath = path.join(folder.outputs, 'outputs.json');
  if (fs.existsSync(jsonPath)) {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) written = parsed as Record<string, unknown>;
      else collected.problems.push({ key: 'outputs.json', msg: 'outputs/outputs.json is not a JSON object' });
    } catch (error) {
      collected.problems.push({ key: 'outputs.json', msg: `outputs/outputs.json is not valid JSON: ${String(error)}` });
    }
  }
  for (const [key, port] of Object.entries(ports)) {
    if (isFilePort(port)) {
      const found = findOutputFile(folder, key, port);
      if (found) {
        collected.files.push({ key, path: found, filename: path.basename(found), contentType: mediaTypeOf(port) });
      } else {
        collected.problems.push({
          key,
          msg: `The solver did not write output ${key}: expected the file outputs/${fileNameOf(key, port)}`,
        });
      }
    } else if (Object.hasOwn(written, key) && written[key] !== undefined) {
      collected.values[key] = written[key];
    } else {
      collected.problems.push({ key, msg: `The solver did not write output ${key} in outputs/outputs.json` });
    }
  }
  return collected;
}
