import type { JobRef } from '../../api/jobs.ts';

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
