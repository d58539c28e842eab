/** What a solver release is to the host: its ports as the package's metadata writes them and as the API lists them. */

/** One port of a service, as written in oSPARC's service metadata (metadata.yml). */
export interface PortMetadata {
  label: string;
  description: string;
  type: string;
  displayOrder?: number;
  keyId?: string;
  defaultValue?: unknown;
  unit?: string;
  unitLong?: string;
  unitShort?: string;
  fileToKeyMap?: Record<string, string>;
  contentSchema?: Record<string, unknown>;
  /** Local extension: an input without defaultValue that a job may leave unset. */
  optional?: boolean;
}

/** A solver release: one version of one solver package. */
export interface SolverRelease {
  key: string;
  version: string;
  title: string;
  description: string | null;
  maintainer: string;
  versionDisplay: string | null;
  inputs: Record<string, PortMetadata>;
  outputs: Record<string, PortMetadata>;
  /** Folder holding the package's metadata.yml. */
  packageDir: string;
  /** argv of the process that runs one job (run in the job's work folder). */
  command: string[];
}

/** A port as the API lists it: `SolverPort`. */
export interface SolverPort {
  key: string;
  kind: 'input' | 'output';
  content_schema: Record<string, unknown> | null;
}
