import type { FastifyBaseLogger } from 'fastify';
import type { JobLogWriter } from '../runner/log.ts';
import type { JobError, JobRecord, RunningState } from '../stores/jobs.ts';
import type { StudyJobRecord, StudyStore } from '../stores/studies.ts';
import { ignoredInputKeys } from './inputs.ts';
import type { JobLogService } from './job-logs.ts';
import type { JobRunService } from './job-runs.ts';
import type { JobService } from './jobs.ts';
import { inputNodesOf, nodeId, type Study } from './studies.ts';
import type { StudyNode } from './study-files.ts';

/** What the study job service holds of a running study job. */
export interface StudyRunControl {
  /** Settles once the job has reached its final state (or the host closed). */
  done: Promise<void>;
  /** Stops the running nodes; no other node starts. Resolves once the job is ABORTED. */
  stop(): Promise<void>;
}

export interface StudyRunOptions {
  study: Study;
  jobId: string;
  store: StudyStore;
  jobs: JobService;
  runs: JobRunService;
  logs: JobLogService;
  log: JobLogWriter;
  isClosing(): boolean;
  hostLog: FastifyBaseLogger;
}

/** A solver job by id, or undefined when it was deleted. */
export function solverJobIfAny(jobs: JobService, jobId: string): JobRecord | undefined {
  try {
    return jobs.getMany([jobId])[0];
  } catch {
    return undefined;
  }
}

/** Resolves once the solver job's run has settled (at once when it is not running). */
function untilEnded(logs: JobLogService, jobId: string): Promise<void> {
  return new Promise((resolve) => {
    logs.follow(jobId, { lines() {}, end: resolve });
  });
}

const nowIso = () => new Date().toISOString();

const nodeTitle = (node: StudyNode) =>
  `"${node.label}" (${node.solverKey?.split('/').at(-1) ?? node.kind} ${node.version ?? ''})`.replace(' )', ')');

/** The first error of a solver job that did not succeed, as a sentence. */
function whyFailed(job: JobRecord | undefined): string {
  if (!job) return 'its solver job was deleted';
  const first = job.errors?.[0]?.msg;
  return first ? `${job.state}: ${first}` : `it ended in state ${job.state}`;
}

/**
 * Runs a study job: each solver node as a solver job of the host (its own work folder, inputs,
 * outputs, log, credits), in dependency order. A node starts as soon as the nodes it takes values
 * from have succeeded, so independent nodes run at once within the host's concurrency. A node's
 * outputs (files as File objects) become the inputs connected to them. A failing node fails the
 * job: the nodes after it do not run.
 */
export function runStudyJob(options: StudyRunOptions): StudyRunControl {
  const { study, jobId, store, jobs, runs, logs, log } = options;
  let aborting = false;
  const inFlight = new Map<string, { solverJob: JobRecord; ended: Promise<void> }>();
  const hostLine = (text: string) => log.write([`[host] ${text}`]);
  const update = (change: (job: StudyJobRecord) => StudyJobRecord) => store.updateJob(jobId, change);
  const setNode = (node: StudyNode, state: RunningState, solverJobId?: string) =>
    update((job) => {
      const id = nodeId(study, node);
      const previous = job.nodes[id] ?? { state, jobId: null };
      return { ...job, nodes: { ...job.nodes, [id]: { state, jobId: solverJobId ?? previous.jobId } } };
    });

  const byName = new Map(study.nodes.map((node) => [node.name, node]));
  const results = new Map<string, Record<string, unknown>>();
  const errors: JobError[] = [];

  /** A node's input values: fixed ones, the study's inputs by label, and the outputs of the nodes before it. */
  const valuesOf = (node: StudyNode, inputs: Record<string, unknown>): Record<string, unknown> => {
    const values: Record<string, unknown> = structuredClone(node.values);
    for (const [port, source] of Object.entries(node.sources)) {
      const from = byName.get(source.node)!;
      const value = source.port ? results.get(from.name)?.[source.port] : inputs[from.label];
      if (value !== undefined && value !== null) values[port] = value;
    }
    return values;
  };

  const fail = (node: StudyNode, message: string, solverJobId: string | null) => {
    hostLine(`Node ${nodeTitle(node)} failed: ${message}`);
    errors.push({
      loc: ['nodes', nodeId(study, node)],
      msg: `Node ${nodeTitle(node)} failed: ${message}`,
      type: 'node_failed',
      ctx: { node_id: nodeId(study, node), node_name: node.name, job_id: solverJobId },
    });
  };

  const launch = (node: StudyNode, inputs: Record<string, unknown>) => {
    let solverJob: JobRecord;
    try {
      solverJob = jobs.create(node.solverKey!, node.version!, valuesOf(node, inputs));
      // The dashboard reads these (NODE_RUN_KEYS in src/api/studies.ts) to link the run to its study job.
      jobs.setMetadata(node.solverKey!, node.version!, solverJob.id, {
        study_id: study.id,
        study_job_id: jobId,
        study_node: node.name,
      });
      runs.start(node.solverKey!, node.version!, solverJob.id);
    } catch (error) {
      setNode(node, 'FAILED');
      fail(node, `it could not start: ${(error as Error).message}`, null);
      return;
    }
    setNode(node, 'PUBLISHED', solverJob.id);
    hostLine(`Node ${nodeTitle(node)} submitted as solver job ${solverJob.id}`);
    const ended = untilEnded(logs, solverJob.id).then(() => {
      inFlight.delete(node.name);
      if (options.isClosing()) return;
      const last = solverJobIfAny(jobs, solverJob.id);
      setNode(node, last?.state ?? 'FAILED');
      if (last?.state === 'SUCCESS' && last.outputs) {
        results.set(node.name, last.outputs);
        hostLine(`Node ${nodeTitle(node)} finished successfully`);
      } else if (aborting) {
        hostLine(`Node ${nodeTitle(node)} stopped`);
      } else {
        fail(node, whyFailed(last), solverJob.id);
      }
    });
    inFlight.set(node.name, { solverJob, ended });
  };

  const orchestrate = async () => {
    const job = update((current) => ({ ...current, state: 'STARTED', startedAt: nowIso() }))!;
    const solverNodes = study.nodes.filter((node) => node.kind === 'solver');
    hostLine(`Started study job ${jobId} of "${study.title}": ${solverNodes.length} solver node(s)`);
    const labels = Object.fromEntries(inputNodesOf(study).map((node) => [node.label, node]));
    const ignored = ignoredInputKeys(job.inputs, labels);
    if (ignored.length) hostLine(`Ignored values that are no input of "${study.title}": ${ignored.join(', ')}`);
    const waiting = [...solverNodes];
    for (;;) {
      if (!aborting && !errors.length) {
        for (const node of [...waiting]) {
          const ready = Object.values(node.sources).every(
            (source) => byName.get(source.node)!.kind !== 'solver' || results.has(source.node),
          );
          if (!ready) continue;
          waiting.splice(waiting.indexOf(node), 1);
          launch(node, job.inputs);
        }
      }
      if (!inFlight.size) break;
      await Promise.race([...inFlight.values()].map((run) => run.ended));
    }
    if (options.isClosing()) return;
    for (const node of waiting) hostLine(`Node ${nodeTitle(node)} did not run`);
    const finish = (state: RunningState, change: Partial<StudyJobRecord> = {}) =>
      update((current) => ({ ...current, ...change, state, progress: 100, stoppedAt: nowIso() }));
    if (aborting) {
      hostLine('Stopped on request (:stop)');
      finish('ABORTED');
    } else if (errors.length) {
      hostLine('The study job failed');
      finish('FAILED', { errors });
    } else {
      const outputs = Object.fromEntries(
        study.nodes
          .filter((node) => node.kind === 'probe')
          .map((probe) => {
            const source = probe.sources.value!;
            const from = byName.get(source.node)!;
            const value = source.port ? results.get(from.name)?.[source.port] : job.inputs[from.label];
            return [probe.label, value ?? null];
          }),
      );
      hostLine('Finished successfully');
      finish('SUCCESS', { outputs });
    }
  };

  const done = orchestrate()
    .catch((error: unknown) => {
      options.hostLog.error({ err: error, jobId }, 'study job run failed');
      if (options.isClosing()) return;
      hostLine(`The study job failed: ${(error as Error).message}`);
      update((current) => ({
        ...current,
        state: 'FAILED',
        progress: 100,
        stoppedAt: nowIso(),
        errors: [{ loc: ['job'], msg: `The study job could not run: ${(error as Error).message}`, type: 'host_error' }],
      }));
    })
    .finally(() => log.close());

  return {
    done,
    async stop() {
      aborting = true;
      await Promise.all(
        [...inFlight.values()].map(({ solverJob }) => runs.stop(solverJob.solverKey, solverJob.version, solverJob.id)),
      );
      await done;
    },
  };
}
