import type { JobRef } from '../../api/jobs.ts';

/** The query parameter of the comparison page: job references separated by commas. */
export const COMPARE_JOBS_PARAM = 'jobs';

/**
 * One job in the comparison URL: `<solver key>:<version>:<job id>`, e.g.
 * `simcore/services/comp/itis/sleeper:2.1.6:9f…`. Keys, semver versions and job ids hold no
 * colon or comma, so the URL stays readable and bookmarkable without a lookup.
 */
export function formatCompareRef({ solverKey, version, jobId }: JobRef): string {
  return `${solverKey}:${version}:${jobId}`;
}

function parseCompareRef(text: string): JobRef | null {
  const parts = text.trim().split(':');
  if (parts.length < 3) return null;
  const jobId = parts.pop() ?? '';
  const version = parts.pop() ?? '';
  const solverKey = parts.join(':');
  return solverKey && version && jobId ? { solverKey, version, jobId } : null;
}

interface ParsedCompareRefs {
  refs: JobRef[];
  /** Parts of the parameter that name no job. */
  invalid: string[];
}

/** The jobs of `?jobs=a,b,c`, each once, in the order given. */
export function parseCompareRefs(param: string | null): ParsedCompareRefs {
  const refs: JobRef[] = [];
  const invalid: string[] = [];
  for (const part of (param ?? '').split(',')) {
    if (!part.trim()) continue;
    const ref = parseCompareRef(part);
    if (!ref) invalid.push(part);
    else if (!refs.some((known) => known.jobId === ref.jobId)) refs.push(ref);
  }
  return { refs, invalid };
}

/** Route of the comparison of these jobs. */
export function comparePath(refs: readonly JobRef[]): string {
  return `/compare?${new URLSearchParams({ [COMPARE_JOBS_PARAM]: refs.map(formatCompareRef).join(',') })}`;
}
