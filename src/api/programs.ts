import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiJson, encodeKey, query } from './client.ts';
import { type JobRef, startJob } from './jobs.ts';
import { readAllPages } from './paging.ts';
import type { Job, Page, Program } from './types.ts';
import { type UploadProgress, uploadFile } from './upload.ts';

/** The largest page the API serves. */
const PROGRAMS_PAGE_LIMIT = 50;

/** Program keys are oSPARC dynamic-service keys; solver keys are computational ones. */
export function isProgramKey(key: string): boolean {
  return key.startsWith('simcore/services/dynamic/');
}

export function programReleasePath(key: string, version: string): string {
  return `/v0/programs/${encodeKey(key)}/releases/${encodeURIComponent(version)}`;
}

/** Every program (latest release), walking `/v0/programs` page by page. */
export async function fetchAllPrograms(signal?: AbortSignal): Promise<Program[]> {
  return readAllPages(
    (limit, offset) => apiJson<Page<Program>>(`/v0/programs${query({ limit, offset })}`, { signal }),
    PROGRAMS_PAGE_LIMIT,
  );
}

export const fetchProgramRelease = (key: string, version: string, signal?: AbortSignal) =>
  apiJson<Program>(programReleasePath(key, version), { signal });

export const createProgramJob = (key: string, version: string) =>
  apiJson<Job>(`${programReleasePath(key, version)}/jobs`, { method: 'POST', body: {} });

/** A file chosen for the workspace and the path it gets there (`workspace/<name>`). */
export interface WorkspaceFile {
  file: File;
  path: string;
}

/** A workspace path for a file name: `workspace/<name>`, numbered when the name is taken. */
export function workspacePathFor(name: string, taken: readonly WorkspaceFile[]): string {
  const used = new Set(taken.map((entry) => entry.path));
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = `workspace/${name}`;
  for (let copy = 2; used.has(candidate); copy++) candidate = `workspace/${stem} (${copy})${extension}`;
  return candidate;
}

export interface ProgramRunProgress {
  /** The file being uploaded, 1-based, and how far along it is. */
  index: number;
  count: number;
  filename: string;
  upload: UploadProgress;
}

/**
 * Runs a program over files: creates its job, uploads each file straight into the job's
 * workspace (`UserFileToProgramJob`), then starts it through the job routes. Answers the job.
 */
export async function runProgram(
  program: { key: string; version: string },
  files: WorkspaceFile[],
  onProgress?: (progress: ProgramRunProgress) => void,
): Promise<JobRef> {
  const job = await createProgramJob(program.key, program.version);
  for (const [index, { file, path }] of files.entries()) {
    await uploadFile(file, {
      into: { program_key: program.key, program_version: program.version, job_id: job.id, workspace_path: path },
      onProgress: (upload) => onProgress?.({ index: index + 1, count: files.length, filename: file.name, upload }),
    });
  }
  const ref = { solverKey: program.key, version: program.version, jobId: job.id };
  await startJob(ref);
  return ref;
}

export const programKeys = {
  all: ['programs'] as const,
  every: ['programs', 'every'] as const,
  release: (key: string, version: string) => ['programs', 'releases', key, version] as const,
};

export const allProgramsQuery = () =>
  queryOptions({ queryKey: programKeys.every, queryFn: ({ signal }) => fetchAllPrograms(signal) });

export function useAllPrograms(enabled = true) {
  return useQuery({ ...allProgramsQuery(), enabled });
}

export function useProgramRelease(key: string, version: string) {
  return useQuery({
    queryKey: programKeys.release(key, version),
    queryFn: ({ signal }) => fetchProgramRelease(key, version, signal),
  });
}
