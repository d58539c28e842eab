import fs from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import semver from 'semver';
import { apiErrors } from '../errors.ts';
import { solverPortsOf } from './ports.ts';
import type { SolverPort, SolverRelease } from './release.ts';
import { METADATA_FILE, readSolverPackage, SolverPackageError } from './solver-package.ts';

export interface Catalog {
  /** Every release of every solver. */
  releases(): SolverRelease[];
  /** The latest release of each solver. */
  solvers(): SolverRelease[];
  /** All releases of one solver, oldest first. */
  releasesOf(key: string): SolverRelease[];
  /** One release; `version` may be "latest". */
  release(key: string, version: string): SolverRelease | undefined;
  /** Inputs then outputs, each in display order, with their content schemas (shared: do not mutate). */
  ports(release: SolverRelease): SolverPort[];
  /** Packages that were found but could not be used, with the reason. */
  skipped(): SkippedPackage[];
}

/** One release of the catalog; 404 when it has none by that key and version. */
export function releaseOrNotFound(catalog: Catalog, key: string, version: string): SolverRelease {
  const release = catalog.release(key, version);
  if (!release) throw apiErrors.releaseNotFound(key, version);
  return release;
}

export interface SkippedPackage {
  file: string;
  reason: string;
}

/** Folders never scanned: dependencies and hidden folders hold no packages of ours. */
function isScannedFolder(name: string): boolean {
  return !name.startsWith('.') && name !== 'node_modules';
}

/** Every metadata.yml under `root`, in a stable (sorted) order; symlinked folders are not followed. */
function findMetadataFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.isFile() && entry.name === METADATA_FILE) found.push(path.join(dir, entry.name));
    }
    for (const entry of entries) {
      if (entry.isDirectory() && isScannedFolder(entry.name)) walk(path.join(dir, entry.name));
    }
  };
  walk(root);
  return found;
}

class ScannedCatalog implements Catalog {
  /** key → releases, oldest first. */
  private readonly byKey = new Map<string, SolverRelease[]>();
  /** Solver keys in order, sorted once: the catalog does not change after the scan. */
  private readonly keys: string[];
  /** Each release's port list, built once at the scan; shared by every caller, so never mutated. */
  private readonly portLists = new Map<SolverRelease, SolverPort[]>();

  constructor(
    releases: SolverRelease[],
    private readonly skippedPackages: SkippedPackage[],
  ) {
    for (const release of releases) {
      const list = this.byKey.get(release.key) ?? [];
      list.push(release);
      this.byKey.set(release.key, list);
    }
    for (const list of this.byKey.values()) list.sort((a, b) => semver.compare(a.version, b.version));
    this.keys = [...this.byKey.keys()].sort();
    for (const release of releases) this.portLists.set(release, solverPortsOf(release.inputs, release.outputs));
  }

  releases(): SolverRelease[] {
    return this.keys.flatMap((key) => this.byKey.get(key)!);
  }

  solvers(): SolverRelease[] {
    return this.keys.map((key) => this.byKey.get(key)!.at(-1)!);
  }

  releasesOf(key: string): SolverRelease[] {
    return [...(this.byKey.get(key) ?? [])];
  }

  release(key: string, version: string): SolverRelease | undefined {
    const list = this.byKey.get(key);
    if (!list) return undefined;
    if (version === 'latest') return list.at(-1);
    // semver.eq throws on a malformed version; an unknown one is simply not found.
    if (!semver.valid(version)) return undefined;
    return list.find((release) => semver.eq(release.version, version));
  }

  ports(release: SolverRelease): SolverPort[] {
    return this.portLists.get(release) ?? solverPortsOf(release.inputs, release.outputs);
  }

  skipped(): SkippedPackage[] {
    return [...this.skippedPackages];
  }
}

/** What a catalog holds: its kind names it in messages; `refuse` says why a release does not belong, if it does not. */
export interface CatalogOptions {
  kind: 'solver' | 'program';
  refuse?: (release: SolverRelease) => string | undefined;
}

/**
 * Scans each folder (built-in packages first, then the user's) for solver packages. A package
 * that cannot be used is logged with its file and the reason and left out; it never stops the host.
 */
export async function loadCatalog(
  dirs: string[],
  log: FastifyBaseLogger,
  options: CatalogOptions = { kind: 'solver' },
): Promise<Catalog> {
  const releases: SolverRelease[] = [];
  const skipped: SkippedPackage[] = [];
  const seen = new Map<string, string>();
  const skip = (file: string, reason: string) => {
    skipped.push({ file, reason });
    log.warn({ file, reason }, `Skipping ${options.kind} package ${file}: ${reason}`);
  };
  for (const dir of dirs) {
    const root = path.resolve(dir);
    let files: string[];
    try {
      if (!fs.statSync(root).isDirectory()) throw new Error('not a folder');
      files = findMetadataFiles(root);
    } catch (error) {
      skip(root, `${options.kind} folder cannot be read: ${(error as Error).message}`);
      continue;
    }
    for (const file of files) {
      try {
        const release = readSolverPackage(file, root);
        const refused = options.refuse?.(release);
        if (refused) {
          skip(file, refused);
          continue;
        }
        const id = `${release.key}@${release.version}`;
        const first = seen.get(id);
        if (first) {
          skip(file, `duplicate release ${id}, already defined by ${first}`);
          continue;
        }
        seen.set(id, file);
        releases.push(release);
      } catch (error) {
        if (error instanceof SolverPackageError) skip(error.file, error.reason);
        else skip(file, (error as Error).message);
      }
    }
  }
  const count = new Set(releases.map((r) => r.key)).size;
  log.info(`${options.kind} catalog: ${releases.length} release(s) of ${count} ${options.kind}(s)`);
  return new ScannedCatalog(releases, skipped);
}
