import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import semver from 'semver';
import { parse as parseYaml } from 'yaml';
import { isFilePort } from '../runner/work-folder.ts';
import { contentSchemaOf } from './ports.ts';
import type { PortMetadata, SolverRelease } from './release.ts';

/** The file that marks a folder as a solver package. */
export const METADATA_FILE = 'metadata.yml';

/** Entry scripts looked for, in this order, in the package folder and then its parents. */
export const ENTRY_NAMES = ['run', 'run.mjs', 'run.js', 'run.py', 'run.sh'] as const;

/** A package that cannot be used: which file, and why (shown to the package author at start-up). */
export class SolverPackageError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

// Patterns of oSPARC's service metadata: keys, semver versions, port keys and port types.
export const SOLVER_KEY_PATTERN =
  '^simcore/services/(comp|dynamic|frontend)/([a-z0-9][a-z0-9_.-]*/)*([a-z0-9-_]+[a-z0-9])$';
export const VERSION_PATTERN =
  '^(0|[1-9]\\d*)(\\.(0|[1-9]\\d*)){2}(-(0|[1-9]\\d*|\\d*[-a-zA-Z][-\\da-zA-Z]*)(\\.(0|[1-9]\\d*|\\d*[-a-zA-Z][-\\da-zA-Z]*))*)?(\\+[-\\da-zA-Z]+(\\.[-\\da-zA-Z-]+)*)?$';
const PORT_KEY_PATTERN = '^[a-zA-Z][a-zA-Z0-9_]*$';
const PORT_TYPE_PATTERN = '^(integer|number|boolean|string|ref_contentSchema|data:[-\\w.+*]+/[-\\w.+*]+)$';

const portSchema = {
  type: 'object',
  required: ['label', 'description', 'type'],
  properties: {
    label: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    type: { type: 'string', pattern: PORT_TYPE_PATTERN },
    displayOrder: { type: 'number' },
    keyId: { type: 'string' },
    unit: { type: 'string' },
    unitLong: { type: 'string' },
    unitShort: { type: 'string' },
    fileToKeyMap: {
      type: 'object',
      minProperties: 1,
      maxProperties: 1,
      // A file name only: it becomes a path inside the job's input or output folder.
      propertyNames: { pattern: '^(?!\\.{1,2}$)[^/\\\\\\x00]+$' },
      additionalProperties: { type: 'string' },
    },
    contentSchema: { type: 'object' },
    optional: { type: 'boolean' },
  },
  // oSPARC ports carry more fields (widget, ...); they are kept but not used.
  additionalProperties: true,
} as const;

const portsSchema = {
  // An empty `inputs:` in YAML is null: a service without ports.
  type: ['object', 'null'],
  propertyNames: { pattern: PORT_KEY_PATTERN },
  additionalProperties: portSchema,
} as const;

const metadataSchema = {
  type: 'object',
  required: ['key', 'version', 'name', 'description', 'contact', 'inputs', 'outputs'],
  properties: {
    key: { type: 'string', pattern: SOLVER_KEY_PATTERN },
    version: { type: 'string', pattern: VERSION_PATTERN },
    version_display: { type: 'string' },
    name: { type: 'string', minLength: 1, maxLength: 100 },
    description: { type: 'string', maxLength: 1000 },
    contact: { type: 'string', minLength: 1 },
    authors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, email: { type: 'string' }, affiliation: { type: 'string' } },
      },
    },
    inputs: portsSchema,
    outputs: portsSchema,
  },
  // integration-version, type, thumbnail ... of oSPARC's format are allowed and ignored.
  additionalProperties: true,
} as const;

interface ServiceMetadata {
  key: string;
  version: string;
  version_display?: string;
  name: string;
  description: string;
  contact: string;
  authors?: { name: string; email?: string }[];
  inputs: Record<string, PortMetadata> | null;
  outputs: Record<string, PortMetadata> | null;
}

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validateMetadata = ajv.compile<ServiceMetadata>(metadataSchema);
// A separate instance checks the packages' own content schemas, so their $ids never collide.
const schemaChecker = new Ajv({ allErrors: true, strict: false });

/** What a pattern stands for, said in words instead of the regular expression. */
function patternMeaning(where: string): string | undefined {
  if (where === 'key') return 'must look like simcore/services/comp/<group>/<name> (lower case, digits, - _ .)';
  if (where === 'version') return 'must be a semantic version like 1.2.3';
  if (/^(inputs|outputs)\.[^.]+\.type$/.test(where)) {
    return 'must be integer, number, boolean, string, ref_contentSchema or data:<media type>';
  }
  if (/^(inputs|outputs)$/.test(where)) return 'port keys must start with a letter and hold letters, digits and _';
  if (where.endsWith('.fileToKeyMap')) return 'file names must be plain names, without / or ..';
  return undefined;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .filter((e) => !(e.keyword === 'pattern' && e.propertyName !== undefined))
    .map((e) => {
      const where = e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : 'metadata';
      if (e.keyword === 'pattern' || e.keyword === 'propertyNames') {
        const bad = e.keyword === 'pattern' ? e.data : (e.params as { propertyName?: string }).propertyName;
        const got = ` (got ${JSON.stringify(bad)})`;
        return `${where} ${patternMeaning(where) ?? e.message ?? 'is invalid'}${got}`;
      }
      if (where === 'version' && e.keyword === 'type') {
        return `version must be a semantic version like 1.2.3, quoted in YAML (got ${JSON.stringify(e.data)})`;
      }
      return `${where} ${e.message ?? 'is invalid'}`;
    })
    .filter((message, index, all) => all.indexOf(message) === index)
    .join('; ');
}

/** Checks the parts the schema cannot: content schemas compile, defaults fit their port. */
function checkPorts(kind: 'inputs' | 'outputs', ports: Record<string, PortMetadata>): string[] {
  const problems: string[] = [];
  for (const [key, port] of Object.entries(ports)) {
    const where = `${kind}.${key}`;
    if (port.type === 'ref_contentSchema' && !port.contentSchema) {
      problems.push(`${where} has type ref_contentSchema but no contentSchema`);
      continue;
    }
    if (port.fileToKeyMap && !isFilePort(port)) {
      problems.push(`${where} has a fileToKeyMap but is not a file port (type ${port.type})`);
    }
    if (port.fileToKeyMap && Object.values(port.fileToKeyMap)[0] !== key) {
      problems.push(`${where}.fileToKeyMap must map its file name to "${key}"`);
    }
    const schema = contentSchemaOf(port);
    let validate: ReturnType<Ajv['compile']>;
    try {
      validate = schemaChecker.compile(schema);
    } catch (error) {
      problems.push(`${where}.contentSchema is not a valid JSON schema: ${(error as Error).message}`);
      continue;
    }
    if (port.defaultValue !== undefined && !isFilePort(port) && !validate(port.defaultValue)) {
      problems.push(`${where}.defaultValue does not fit the port: ${schemaChecker.errorsText(validate.errors)}`);
    }
    if (kind === 'inputs' && port.optional && port.defaultValue !== undefined) {
      problems.push(`${where} is optional and has a defaultValue; use one or the other`);
    }
  }
  return problems;
}

/** The command that runs a package: its entry script, found in its folder or the nearest parent up to `root`. */
export function findEntryCommand(packageDir: string, root: string): string[] | undefined {
  const top = path.resolve(root);
  let dir = path.resolve(packageDir);
  for (;;) {
    for (const name of ENTRY_NAMES) {
      const file = path.join(dir, name);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        continue;
      }
      if (!stat.isFile()) continue;
      return commandFor(file);
    }
    if (dir === top || !dir.startsWith(top + path.sep)) return undefined;
    dir = path.dirname(dir);
  }
}

function commandFor(file: string): string[] {
  switch (path.extname(file)) {
    case '.mjs':
    case '.js':
      return [process.execPath, file];
    case '.py':
      return ['python3', file];
    case '.sh':
      return ['bash', file];
    default:
      return [file];
  }
}

/**
 * Reads and checks one package's metadata.yml; `root` is the scanned folder, the highest
 * place its entry script may be. Throws SolverPackageError saying what is wrong.
 */
export function readSolverPackage(metadataFile: string, root: string): SolverRelease {
  const fail = (reason: string): never => {
    throw new SolverPackageError(metadataFile, reason);
  };
  let document: unknown;
  try {
    document = parseYaml(fs.readFileSync(metadataFile, 'utf8'));
  } catch (error) {
    return fail(`not readable YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!validateMetadata(document)) return fail(describeErrors(validateMetadata.errors));
  const metadata = document;
  if (!semver.valid(metadata.version)) fail(`version "${metadata.version}" is not a semantic version`);
  const inputs = metadata.inputs ?? {};
  const outputs = metadata.outputs ?? {};
  const problems = [...checkPorts('inputs', inputs), ...checkPorts('outputs', outputs)];
  if (problems.length) fail(problems.join('; '));

  const packageDir = path.dirname(path.resolve(metadataFile));
  const command = findEntryCommand(packageDir, root);
  if (!command) {
    fail(`no entry script (${ENTRY_NAMES.join(', ')}) in ${packageDir} or a parent folder up to ${root}`);
  }
  if (command && command.length === 1) {
    try {
      fs.accessSync(command[0]!, fs.constants.X_OK);
    } catch {
      fail(`entry script ${command[0]} is not executable (chmod +x it, or name it run.sh, run.py or run.mjs)`);
    }
  }
  return {
    key: metadata.key,
    version: metadata.version,
    title: metadata.name,
    description: metadata.description || null,
    maintainer: metadata.contact,
    versionDisplay: metadata.version_display ?? null,
    inputs,
    outputs,
    packageDir,
    command: command!,
  };
}
