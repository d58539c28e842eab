import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StudyJobBody, StudyJobStatusBody } from '../routes/studies.ts';
import type { StudyJobNode } from '../services/study-jobs.ts';
import { type HostClient, readUntil, WAIT } from './harness.ts';

export type { StudyJobBody, StudyJobStatusBody } from '../routes/studies.ts';

/** The built-in studies' ids (fixed in their study files). */
export const SLEEPER_STUDY = '5e1a7b62-2c4f-4d1e-9a37-0b8c1f6d2a11';
export const HEAT_STUDY = '9b3d0c44-61e8-4f2a-8d5c-3e7a2b9f0c55';

export const studyPath = (studyId: string) => `/v0/studies/${studyId}`;

/** Creates a study job with values keyed by input labels (upstream answers 200). */
export function createStudyJob(
  host: HostClient,
  studyId: string,
  values: Record<string, unknown>,
): Promise<StudyJobBody> {
  return host.json<StudyJobBody>(`${studyPath(studyId)}/jobs`, { method: 'POST', body: { values }, expect: 200 });
}

export function startStudyJob(host: HostClient, studyId: string, jobId: string): Promise<StudyJobStatusBody> {
  return host.json<StudyJobStatusBody>(`${studyPath(studyId)}/jobs/${jobId}:start`, { method: 'POST', expect: 202 });
}

export function inspectStudyJob(host: HostClient, studyId: string, jobId: string): Promise<StudyJobStatusBody> {
  return host.json<StudyJobStatusBody>(`${studyPath(studyId)}/jobs/${jobId}:inspect`, { method: 'POST' });
}

/** Polls `:inspect`, as the client's own test does, until `stopped_at` is set; answers the last status and each progress seen. */
export async function waitUntilStudyJobStopped(
  host: HostClient,
  studyId: string,
  jobId: string,
): Promise<{ status: StudyJobStatusBody; seen: number[] }> {
  const seen: number[] = [];
  const status = await readUntil(
    async () => {
      const status = await inspectStudyJob(host, studyId, jobId);
      seen.push(status.progress);
      return status;
    },
    (status) => status.stopped_at !== null,
    (status) => `study job ${jobId} has not stopped: ${status.state} at ${status.progress}%`,
  );
  return { status, seen };
}

export async function studyJobNodes(host: HostClient, studyId: string, jobId: string): Promise<StudyJobNode[]> {
  return (await host.json<{ items: StudyJobNode[] }>(`${studyPath(studyId)}/jobs/${jobId}/nodes`)).items;
}

/** Polls the job's nodes until `condition` holds for them; throws should the job stop first. */
export async function waitForNodes(
  host: HostClient,
  studyId: string,
  jobId: string,
  condition: (nodes: Map<string, StudyJobNode>) => boolean,
): Promise<Map<string, StudyJobNode>> {
  const { nodes, stopped } = await readUntil(
    async () => {
      const nodes = new Map((await studyJobNodes(host, studyId, jobId)).map((node) => [node.name, node]));
      if (condition(nodes)) return { nodes, stopped: undefined };
      const status = await inspectStudyJob(host, studyId, jobId);
      return { nodes, stopped: status.stopped_at ? status : undefined };
    },
    ({ nodes, stopped }) => stopped !== undefined || condition(nodes),
    ({ nodes }) =>
      `the nodes of study job ${jobId} are not there yet: ${[...nodes.values()].map((node) => `${node.name} ${node.state}`).join(', ')}`,
    { ...WAIT, interval: 50 },
  );
  if (stopped) throw new Error(`study job ${jobId} stopped as ${stopped.state} before its nodes got there`);
  return nodes;
}

/** A folder holding one study file with this YAML text, for OSPARC_LOCAL_STUDIES. */
export function studyFolder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'osparc-studies-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** A chain of sleepers: each reads the number file of the one before. `fail` makes that one fail after it slept. */
export function sleeperChainYaml(id: string, names: string[], options: { fail?: string } = {}): string {
  const nodes = names.map((name, index) => {
    const previous = names[index - 1];
    return `  ${name}:
    kind: solver
    label: ${name}
    solver: simcore/services/comp/itis/sleeper
    version: 2.1.6
    inputs:
      input_2: { from: interval }
${previous ? `      input_1: { from: ${previous}.output_1 }\n` : ''}${options.fail === name ? '      input_3: true\n' : ''}`;
  });
  return `id: ${id}
title: Chain ${names.join(' ')}
nodes:
  interval:
    kind: parameter
    label: interval
    content_schema: { type: integer, default: 0 }
${nodes.join('')}  last_number:
    kind: probe
    label: last_number
    from: ${names.at(-1)}.output_2
`;
}
