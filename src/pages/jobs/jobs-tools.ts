import type { JobRef } from '../../api/jobs.ts';
import { solverShortName } from '../../api/solvers.ts';

export type MetadataMatch = 'any' | 'all';

interface ParsedPatterns {
  patterns: string[];
  /** Messages about patterns that cannot work. */
  problems: string[];
}

/**
 * The metadata filter as typed: `key:glob` patterns separated by spaces (a glob's `*` and `?`
 * cover spaces inside values). A pattern without a colon matches jobs that have the key at all.
 */
export function parseMetadataPatterns(text: string): ParsedPatterns {
  const patterns = [...new Set(text.split(/\s+/).filter(Boolean))];
  const problems = patterns
    .filter((pattern) => pattern.startsWith(':'))
    .map((pattern) => `“${pattern}” names no key: write key:value, e.g. project:apollo*.`);
  return { patterns, problems };
}

interface CompareReadiness {
  ready: boolean;
  message: string;
}

/** Whether the selected jobs can be compared (two or more, one solver), and what to tell the user. */
export function compareReadiness(selected: readonly JobRef[]): CompareReadiness {
  const solvers = [...new Set(selected.map((ref) => ref.solverKey))];
  if (selected.length === 0)
    return { ready: false, message: 'Select two or more jobs of the same solver to compare them.' };
  if (selected.length === 1)
    return { ready: false, message: '1 job selected: select at least one more of the same solver.' };
  if (solvers.length > 1) {
    return {
      ready: false,
      message: `The selected jobs are of different solvers (${solvers.map(solverShortName).join(', ')}): compare jobs of one solver.`,
    };
  }
  return { ready: true, message: `${selected.length} ${solverShortName(solvers[0] ?? '')} jobs selected.` };
}
