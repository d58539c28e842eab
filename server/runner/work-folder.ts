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

/**
 * The media type a file port declares, as oSPARC's catalog reads it: the type after `data:`
 * (`data:text/csv` → text/csv, `data:*\/*` → `*\/*`, any file); undefined for a value port.
 */
export function mediaTypeOf(port: RunnerPort): string | undefined {
  return isFilePort(port) ? port.type.slice('data:'.length) : undefined;
}

/** A media type with a wildcard (`*\/*`, `image/*`) names no file's type. */
function isWildcard(mediaType: string): boolean {
  return mediaType.includes('*');
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

/**
 * A solver may leave symbolic links anywhere in its work folder, pointing anywhere on the
 * machine: the host reads what the solver left only through these, which never follow one.
 */
function isLink(file: string): boolean {
  return fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
}

/** A plain file, not a link to one. */
export function isPlainFile(file: string): boolean {
  return fs.lstatSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** A plain folder, not a link to one. */
export function isPlainFolder(folder: string): boolean {
  return fs.lstatSync(folder, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** Opens a file of the work folder for reading; fails (ELOOP) when it is a symbolic link. */
export function openPlainFile(file: string): number {
  return fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
}

/** Reads a whole file of the work folder, never through a symbolic link. */
export function readPlainFile(file: string): Buffer {
  const fd = openPlainFile(file);
  try {
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function refusedLink(folder: WorkFolder, file: string): string {
  const name = path.relative(folder.root, file);
  let target = '';
  try {
    target = ` to ${fs.readlinkSync(file)}`;
  } catch {
    // unreadable link: named without its target
  }
  return `${name} is a symbolic link${target}: refused, outputs must be files the solver wrote inside outputs/`;
}

function findOutputFile(folder: WorkFolder, key: string, port: RunnerPort): { file?: string; refused?: string } {
  const exact = path.join(folder.outputs, fileNameOf(key, port));
  if (isLink(exact)) return { refused: refusedLink(folder, exact) };
  if (fs.statSync(exact, { throwIfNoEntry: false })?.isFile()) return { file: exact };
  if (port.fileToKeyMap && Object.values(port.fileToKeyMap).includes(key)) return {};
  // Without a fileToKeyMap, accept the port key with any extension (output_1.csv).
  const candidates = fs
    .readdirSync(folder.outputs, { withFileTypes: true })
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && path.parse(entry.name).name === key);
  if (candidates.length !== 1) return {};
  const found = path.join(folder.outputs, candidates[0]!.name);
  return isLink(found) ? { refused: refusedLink(folder, found) } : { file: found };
}

/** Reads what a finished run left in `outputs/`: outputs.json values and the declared output files. */
export function collectOutputs(folder: WorkFolder, ports: Record<string, RunnerPort>): CollectedOutputs {
  const collected: CollectedOutputs = { values: {}, files: [], problems: [] };
  let written: Record<string, unknown> = {};
  // A solver that swapped its outputs folder for a link gets nothing read through it.
  if (isLink(folder.outputs)) {
    collected.problems.push({ key: 'outputs', msg: refusedLink(folder, folder.outputs) });
    return collected;
  }
  const jsonPath = path.join(folder.outputs, 'outputs.json');
  if (isLink(jsonPath)) {
    collected.problems.push({ key: 'outputs.json', msg: refusedLink(folder, jsonPath) });
  } else if (fs.existsSync(jsonPath)) {
    try {
      const parsed: unknown = JSON.parse(readPlainFile(jsonPath).toString('utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) written = parsed as Record<string, unknown>;
      else collected.problems.push({ key: 'outputs.json', msg: 'outputs/outputs.json is not a JSON object' });
    } catch (error) {
      collected.problems.push({ key: 'outputs.json', msg: `outputs/outputs.json is not valid JSON: ${String(error)}` });
    }
  }
  for (const [key, port] of Object.entries(ports)) {
    if (isFilePort(port)) {
      const found = findOutputFile(folder, key, port);
      if (found.file) {
        const mediaType = mediaTypeOf(port)!;
        collected.files.push({
          key,
          path: found.file,
          filename: path.basename(found.file),
          // A port that takes any type leaves the file's type to its name.
          contentType: isWildcard(mediaType) ? undefined : mediaType,
        });
      } else if (found.refused) {
        collected.problems.push({ key, msg: found.refused });
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
