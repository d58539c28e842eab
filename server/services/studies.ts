import crypto from 'node:crypto';
import type { Db } from '../db.ts';
import { apiErrors } from '../errors.ts';
import { type StudyCloneRecord, StudyStore } from '../stores/studies.ts';
import type { Catalog } from './catalog.ts';
import { nodeIdOf, type StudyDefinition, type StudyNode } from './study-files.ts';

/** A study as the host serves it: a study file's pipeline under the id and title of the study or its clone. */
export interface Study {
  id: string;
  title: string;
  description: string | null;
  hidden: boolean;
  /** Nodes in dependency order. */
  nodes: StudyNode[];
}

/** `StudyPort`: parameter nodes are inputs, probe nodes outputs, keyed by node UUID. */
export interface StudyPortBody {
  key: string;
  kind: 'input' | 'output';
  content_schema: Record<string, unknown> | null;
}

/** A node's UUID in a study. */
export const nodeId = (study: Study, node: StudyNode): string => nodeIdOf(study.id, node.name);

/** Input nodes of a study: what a job's values are keyed by (their labels). */
export const inputNodesOf = (study: Study): StudyNode[] =>
  study.nodes.filter((node) => node.kind === 'parameter' || node.kind === 'file-picker');

/** Studies: the ones the study files define and the clones made of them. */
export class StudyService {
  private readonly store: StudyStore;
  private readonly definitions = new Map<string, StudyDefinition>();

  constructor(
    db: Db,
    definitions: readonly StudyDefinition[],
    readonly catalog: Catalog,
  ) {
    this.store = new StudyStore(db);
    for (const definition of definitions) this.definitions.set(definition.id, definition);
  }

  private fromClone(clone: StudyCloneRecord): Study | undefined {
    const source = this.definitions.get(clone.sourceId);
    return (
      source && {
        id: clone.id,
        title: clone.title,
        description: clone.description,
        hidden: clone.hidden,
        nodes: source.nodes,
      }
    );
  }

  /** Every study that is not hidden: the study files' in the order they were read, then the clones. */
  list(): Study[] {
    const defined = [...this.definitions.values()].map((definition) => ({ ...definition, hidden: false }));
    const clones = this.store
      .clones()
      .filter((clone) => !clone.hidden)
      .flatMap((clone) => this.fromClone(clone) ?? []);
    return [...defined, ...clones];
  }

  /** One study (hidden ones too); 404 when there is none. */
  get(studyId: string): Study {
    const id = studyId.toLowerCase();
    const definition = this.definitions.get(id);
    if (definition) return { ...definition, hidden: false };
    const clone = this.store.clones().find((candidate) => candidate.id === id);
    const study = clone && this.fromClone(clone);
    if (!study) throw apiErrors.notFound('Study', studyId);
    return study;
  }

  /** A copy of a study under a new id; its title is the source's with " (Copy)" unless one is given, as oSPARC names copies. */
  clone(studyId: string, options: { title?: string | null; description?: string | null; hidden: boolean }): Study {
    const source = this.get(studyId);
    const sourceId = this.store.clones().find((clone) => clone.id === source.id)?.sourceId ?? source.id;
    const clone: StudyCloneRecord = {
      id: crypto.randomUUID(),
      sourceId,
      title: options.title || `${source.title} (Copy)`,
      description: options.description || source.description,
      hidden: options.hidden,
    };
    this.store.insertClone(clone);
    return this.fromClone(clone)!;
  }

  /** The pipeline as the dashboard draws it: each node with its release and where its inputs come from. */
  pipeline(study: Study) {
    const idOf = (name: string) => nodeIdOf(study.id, name);
    return study.nodes.map((node) => ({
      node_id: idOf(node.name),
      name: node.name,
      kind: node.kind,
      label: node.label,
      solver_key: node.solverKey ?? null,
      version: node.version ?? null,
      sources: Object.fromEntries(
        Object.entries(node.sources).map(([port, source]) => [
          port,
          { node_id: idOf(source.node), port: source.port ?? null },
        ]),
      ),
      values: node.values,
    }));
  }

  /** The study's ports: its parameter and file-picker nodes as inputs, its probes as outputs. */
  ports(studyId: string): StudyPortBody[] {
    const study = this.get(studyId);
    const port = (node: StudyNode, kind: 'input' | 'output'): StudyPortBody => ({
      key: nodeId(study, node),
      kind,
      content_schema: node.contentSchema ?? null,
    });
    return [
      ...inputNodesOf(study).map((node) => port(node, 'input')),
      ...study.nodes.filter((node) => node.kind === 'probe').map((node) => port(node, 'output')),
    ];
  }
}
