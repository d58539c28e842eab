import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { parse as parseYaml } from 'yaml';
import { isFilePort } from '../runner/work-folder.ts';
import type { Catalog } from './catalog.ts';
import { contentSchemaOf } from './ports.ts';
import type { SolverRelease } from './release.ts';

/**
 * Study files: one YAML file per study, a pipeline of nodes. Parameter and file-picker nodes
 * are the study's inputs, probe nodes its outputs, solver nodes run a solver release; a solver
 * input or a probe names the node output it is connected to with `from: <node>.<port>`.
 */

export type NodeKind = 'solver' | 'parameter' | 'file-picker' | 'probe';

/** Where a solver input or a probe takes its value from: another node's output. */
export interface NodeSource {
  node: string;
  /** The output port of a solver node; undefined for a parameter or file-picker node. */
  port?: string;
}

export interface StudyNode {
  /** The node's name in the study file (unique within the study). */
  name: string;
  kind: NodeKind;
  label: string;
  /** Solver nodes: the release they run. */
  solverKey?: string;
  version?: string;
  /** Solver nodes: fixed values of unconnected inputs. */
  values: Record<string, unknown>;
  /** Solver nodes: input port → source. Probes: `value` → source. */
  sources: Record<string, NodeSource>;
  /** Parameter, file-picker and probe nodes: the JSON schema of the value. */
  contentSchema?: Record<string, unknown>;
  /** A file-picker that a job may leave empty. */
  optional: boolean;
}

/** A study as its file defines it; node UUIDs are derived from the study's id and the node's name. */
export interface StudyDefinition {
  id: string;
  title: string;
  description: string | null;
  file: string;
  /** Nodes in dependency order: every node after the nodes it takes values from. */
  nodes: StudyNode[];
}

export interface SkippedStudy {
  file: string;
  reason: string;
}

/** A study file that cannot be used: which file, which node, and why. */
export class StudyFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** A name-based UUID (version 5 layout over SHA-1), so a study and its nodes keep their ids across restarts. */
export function stableUuid(...parts: string[]): string {
  const hash = crypto.createHash('sha1').update(parts.join('\u0000')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The UUID of one node of a study (of a built-in study or of a clone of it). */
export function nodeIdOf(studyId: string, nodeName: string): string {
  return stableUuid('osparc-local-study-node', studyId, nodeName);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NODE_NAME = /^[A-Za-z][\w-]*$/;
const KINDS: readonly NodeKind[] = ['solver', 'parameter', 'file-picker', 'probe'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `sleeper_1.output_1` → {node, port}; `interval` → {node}. */
function parseSource(text: unknown, where: string): NodeSource {
  if (typeof text !== 'string' || !/^[A-Za-z][\w-]*(\.[A-Za-z]\w*)?$/.test(text)) {
    throw new Error(`${where}: "from" must be "<node>" or "<node>.<output port>", got ${JSON.stringify(text)}`);
  }
  const [node, port] = text.split('.');
  return { node: node!, port };
}

/** What a connected value is: a file (with its media type when known) or a value of a JSON type. */
interface ValueShape {
  file: boolean;
  mediaType?: string;
  type?: string;
}

function shapeOfSchema(schema: Record<string, unknown> | undefined, file: boolean): ValueShape {
  const types = [schema?.type].flat().filter((t) => t !== 'null');
  const media = typeof schema?.content_media_type === 'string' ? schema.content_media_type : undefined;
  return { file, mediaType: media, type: typeof types[0] === 'string' ? types[0] : undefined };
}

function mediaMatches(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || a === '*/*' || b === '*/*') return true;
  const [aType, aSub] = a.split('/');
  const [bType, bSub] = b.split('/');
  return aType === bType && (aSub === bSub || aSub === '*' || bSub === '*');
}

/** Why a value of shape `from` cannot go into a port of shape `to`; undefined when it can. */
function incompatibility(from: ValueShape, to: ValueShape): string | undefined {
  if (from.file !== to.file) return from.file ? 'a file goes into a value port' : 'a value goes into a file port';
  if (from.file) {
    return mediaMatches(from.mediaType, to.mediaType)
      ? undefined
      : `a ${from.mediaType} file goes into a port that takes ${to.mediaType}`;
  }
  if (!from.type || !to.type || from.type === to.type) return undefined;
  if (from.type === 'integer' && to.type === 'number') return undefined;
  return `a value of type ${from.type} goes into a port of type ${to.type}`;
}

function portShape(release: SolverRelease, key: string, kind: 'inputs' | 'outputs'): ValueShape {
  const port = release[kind][key]!;
  return shapeOfSchema(contentSchemaOf(port), isFilePort(port));
}

/** Reads one node entry of a study file. */
function readNode(name: string, raw: unknown, catalog: Catalog): StudyNode {
  const where = `node ${name}`;
  if (!NODE_NAME.test(name))
    throw new Error(`${where}: a node name starts with a letter and has letters, digits, _ or -`);
  if (!isObject(raw)) throw new Error(`${where}: must be a mapping`);
  const kind = raw.kind as NodeKind;
  if (!KINDS.includes(kind))
    throw new Error(`${where}: kind must be one of ${KINDS.join(', ')}, got ${JSON.stringify(raw.kind)}`);
  const label = raw.label ?? name;
  if (typeof label !== 'string' || !label.trim()) throw new Error(`${where}: label must be a non-empty text`);
  const node: StudyNode = { name, kind, label, values: {}, sources: {}, optional: raw.optional === true };
  if (raw.content_schema !== undefined && !isObject(raw.content_schema)) {
    throw new Error(`${where}: content_schema must be a mapping (a JSON schema)`);
  }
  if (kind === 'solver') {
    if (typeof raw.solver !== 'string' || typeof raw.version !== 'string') {
      throw new Error(`${where}: a solver node names its solver key and version (solver:, version:)`);
    }
    const release = catalog.release(raw.solver, raw.version);
    if (!release) throw new Error(`${where}: unknown solver release ${raw.solver} ${raw.version}`);
    node.solverKey = release.key;
    node.version = release.version;
    if (raw.inputs !== undefined && !isObject(raw.inputs)) throw new Error(`${where}: inputs must be a mapping`);
    for (const [port, value] of Object.entries(raw.inputs ?? {})) {
      if (!release.inputs[port]) {
        throw new Error(
          `${where}: ${port} is no input of ${release.key} ${release.version} (its inputs: ${Object.keys(release.inputs).join(', ')})`,
        );
      }
      if (isObject(value) && Object.hasOwn(value, 'from'))
        node.sources[port] = parseSource(value.from, `${where}, input ${port}`);
      else node.values[port] = value;
    }
    return node;
  }
  if (kind === 'probe') {
    if (raw.from === undefined) throw new Error(`${where}: a probe names the output it shows (from: <node>.<port>)`);
    node.sources.value = parseSource(raw.from, where);
  }
  node.contentSchema = { ...((raw.content_schema as Record<string, unknown> | undefined) ?? {}) };
  node.contentSchema.title = label;
  if (kind === 'file-picker') node.contentSchema.type ??= 'string';
  if (kind === 'parameter' && node.contentSchema.type === undefined) {
    throw new Error(`${where}: a parameter declares the type of its value (content_schema: {type: ...})`);
  }
  return node;
}

/** Orders nodes so that each comes after its sources; names a node of the cycle when there is one. */
function dependencyOrder(nodes: Map<string, StudyNode>): StudyNode[] {
  const ordered: StudyNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: StudyNode, trail: string[]) => {
    if (state.get(node.name) === 'done') return;
    if (state.get(node.name) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(node.name)), node.name];
      throw new Error(`node ${node.name}: the connections form a cycle (${cycle.join(' → ')})`);
    }
    state.set(node.name, 'visiting');
    for (const source of Object.values(node.sources)) visit(nodes.get(source.node)!, [...trail, node.name]);
    state.set(node.name, 'done');
    ordered.push(node);
  };
  for (const node of nodes.values()) visit(node, []);
  return ordered;
}

/** Checks every connection: the source exists, has that output, and gives what the input takes. */
function checkConnections(nodes: Map<string, StudyNode>, catalog: Catalog): void {
  const releaseOf = (node: StudyNode) => catalog.release(node.solverKey!, node.version!)!;
  for (const node of nodes.values()) {
    for (const [input, source] of Object.entries(node.sources)) {
      const where = node.kind === 'probe' ? `node ${node.name}` : `node ${node.name}, input ${input}`;
      const from = nodes.get(source.node);
      if (!from) throw new Error(`${where}: takes its value from ${source.node}, which is no node of this study`);
      let shape: ValueShape;
      let schema: Record<string, unknown> | undefined;
      if (from.kind === 'solver') {
        const release = releaseOf(from);
        if (!source.port || !release.outputs[source.port]) {
          throw new Error(
            `${where}: ${source.node}.${source.port ?? '?'} is no output of ${release.key} ${release.version} (its outputs: ${Object.keys(release.outputs).join(', ')})`,
          );
        }
        shape = portShape(release, source.port, 'outputs');
        schema = contentSchemaOf(release.outputs[source.port]!);
      } else if (from.kind === 'parameter' || from.kind === 'file-picker') {
        if (source.port) {
          throw new Error(
            `${where}: ${source.node} is a ${from.kind} node and has no port ${source.port}; write from: ${source.node}`,
          );
        }
        shape = shapeOfSchema(from.contentSchema, from.kind === 'file-picker');
        schema = from.contentSchema;
      } else {
        throw new Error(`${where}: ${source.node} is a probe, which gives no value to other nodes`);
      }
      const target =
        node.kind === 'probe'
          ? shapeOfSchema(node.contentSchema, shape.file)
          : portShape(releaseOf(node), input, 'inputs');
      // A probe shows what its source gives: its schema says so unless the study file says more.
      if (node.kind === 'probe') node.contentSchema = { ...schema, ...node.contentSchema, title: node.label };
      const problem = incompatibility(shape, target);
      if (problem) throw new Error(`${where}: connected ports of incompatible types (${problem})`);
    }
  }
}

/** Reads and checks one study file. Throws StudyFileError naming the file (and the node) when it cannot be used. */
export function readStudyFile(file: string, catalog: Catalog): StudyDefinition {
  try {
    const raw: unknown = parseYaml(fs.readFileSync(file, 'utf8'));
    if (!isObject(raw)) throw new Error('a study file is a mapping with title, description and nodes');
    const id = raw.id === undefined ? stableUuid('osparc-local-study', path.basename(file)) : raw.id;
    if (typeof id !== 'string' || !UUID.test(id)) throw new Error(`id must be a UUID, got ${JSON.stringify(raw.id)}`);
    if (typeof raw.title !== 'string' || !raw.title.trim()) throw new Error('title must be a non-empty text');
    if (raw.description !== undefined && typeof raw.description !== 'string')
      throw new Error('description must be a text');
    if (!isObject(raw.nodes) || Object.keys(raw.nodes).length === 0)
      throw new Error('nodes must be a mapping of at least one node');
    const nodes = new Map<string, StudyNode>();
    for (const [name, entry] of Object.entries(raw.nodes)) nodes.set(name, readNode(name, entry, catalog));
    if (![...nodes.values()].some((node) => node.kind === 'solver'))
      throw new Error('a study runs at least one solver node');
    const labels = new Map<string, string>();
    for (const node of nodes.values()) {
      if (node.kind !== 'parameter' && node.kind !== 'file-picker') continue;
      const first = labels.get(node.label);
      if (first)
        throw new Error(`node ${node.name}: the input label "${node.label}" is already the label of node ${first}`);
      labels.set(node.label, node.name);
    }
    const probeLabels = new Map<string, string>();
    for (const node of nodes.values()) {
      if (node.kind !== 'probe') continue;
      const first = probeLabels.get(node.label);
      if (first)
        throw new Error(`node ${node.name}: the output label "${node.label}" is already the label of node ${first}`);
      probeLabels.set(node.label, node.name);
    }
    checkConnections(nodes, catalog);
    return {
      id: id.toLowerCase(),
      title: raw.title.trim(),
      description: typeof raw.description === 'string' ? raw.description.trim() : null,
      file,
      nodes: dependencyOrder(nodes),
    };
  } catch (error) {
    throw new StudyFileError(file, (error as Error).message);
  }
}

/** Study files of a folder (and its subfolders), sorted; hidden folders and node_modules are not scanned. */
function findStudyFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) found.push(full);
    }
  };
  walk(root);
  return found;
}

/**
 * Reads every study file of the folders (built-in studies first, then the user's). A file that
 * cannot be used is logged with the file, the node and the reason, and left out; the host starts
 * with the rest.
 */
export function loadStudyFiles(
  dirs: readonly string[],
  catalog: Catalog,
  log: FastifyBaseLogger,
): { studies: StudyDefinition[]; skipped: SkippedStudy[] } {
  const studies: StudyDefinition[] = [];
  const skipped: SkippedStudy[] = [];
  const skip = (file: string, reason: string) => {
    skipped.push({ file, reason });
    log.warn({ file, reason }, `Skipping study file ${file}: ${reason}`);
  };
  for (const dir of dirs) {
    let files: string[];
    try {
      files = fs.statSync(dir).isDirectory() ? findStudyFiles(dir) : [dir];
    } catch (error) {
      skip(dir, `study folder cannot be read: ${(error as Error).message}`);
      continue;
    }
    for (const file of files) {
      try {
        const study = readStudyFile(file, catalog);
        const first = studies.find((other) => other.id === study.id);
        if (first) skip(file, `study id ${study.id} is already the id of ${first.file}`);
        else studies.push(study);
      } catch (error) {
        if (error instanceof StudyFileError) skip(error.file, error.reason);
        else skip(file, (error as Error).message);
      }
    }
  }
  log.info(`Studies: ${studies.length} loaded${skipped.length ? `, ${skipped.length} skipped` : ''}`);
  return { studies, skipped };
}
