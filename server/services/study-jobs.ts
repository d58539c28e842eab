import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { HostConfig } from '../config.ts';
import type { Db } from '../db.ts';
import { apiErrors } from '../errors.ts';
import { JobLogWriter, readLogLines } from '../runner/log.ts';
import { ACTIVE_STATES, type JobError, type JobRecord, type MetaValue } from '../stores/jobs.ts';
import { type NodeRunRecord, type StudyJobRecord, StudyStore } from '../stores/studies.ts';
import type { FileService } from './files.ts';
import { type InputPortSpec, resolveJobInputs } from './inputs.ts';
import type { JobLogService } from './job-logs.ts';
import type { JobRunService } from './job-runs.ts';
import { inputsChecksum, type JobService } from './jobs.ts';
import { inputNodesOf, nodeId, type Study, type StudyService } from './studies.ts';
import { runStudyJob, type StudyRunControl, solverJobIfAny } from './study-runs.ts';
import type { WalletService } from './wallet.ts';

export interface StudyJobServiceDeps {
  db: Db;
  config: HostConfig;
  studies: StudyService;
  jobs: JobService;
  jobRuns: JobRunService;
  jobLogs: JobLogService;
  files: FileService;
  wallet: WalletService;
  log: FastifyBaseLogger;
}

/** One node of a study job as the dashboard shows it: its state and progress, and the solver job that ran it. */
export interface StudyJobNode {
  node_id: string;
  name: string;
  kind: string;
  label: string;
  state: string | null;
  progress: number;
  solver_key: string | null;
  version: string | null;
  job_id: string | null;
}

const nowIso = () => new Date().toISOString();

/** Where a study job keeps its own log: the pipeline's steps, beside each node's solver log. */
export function studyJobFolder(dataDir: string, jobId: string): { root: string; logFile: string } {
  const root = path.join(dataDir, 'study-jobs', jobId);
  return { root, logFile: path.join(root, 'study.log') };
}

/** Study jobs: made from a study and values keyed by its input labels, run as one solver job per solver node. */
export class StudyJobService {
  private readonly store: StudyStore;
  private readonly active = new Map<string, StudyRunControl>();
  private closing = false;

  constructor(readonly deps: StudyJobServiceDeps) {
    this.store = new StudyStore(deps.db);
  }

  /** Checks the values against the study's input nodes (by label) and records a NOT_STARTED job. */
  create(studyId: string, values: Record<string, unknown>): StudyJobRecord {
    const study = this.deps.studies.get(studyId);
    const inputs = inputNodesOf(study);
    // Values keyed by no input label are kept and do not reach any node, as upstream maps them
    // (services_http/study_job_models_converters.py matches values to input nodes by label and
    // drops the rest); the job's log names them when it starts.
    const specs: InputPortSpec[] = inputs.map((node) => ({
      key: node.label,
      type:
        node.kind === 'file-picker' ? `data:${String(node.contentSchema?.content_media_type ?? '*/*')}` : 'parameter',
      content_schema: node.contentSchema ?? null,
      defaultValue: node.contentSchema?.default,
      optional: node.kind === 'file-picker' ? node.optional : false,
    }));
    const resolved = resolveJobInputs(values, specs, (id) => {
      const file = this.deps.files.get(id);
      return file && this.deps.files.toApi(file);
    });
    const now = nowIso();
    const nodes: Record<string, NodeRunRecord> = {};
    for (const node of study.nodes) {
      if (node.kind === 'solver') nodes[nodeId(study, node)] = { state: 'NOT_STARTED', jobId: null };
    }
    const job: StudyJobRecord = {
      id: crypto.randomUUID(),
      studyId: study.id,
      inputs: resolved,
      inputsChecksum: inputsChecksum(resolved),
      createdAt: now,
      state: 'NOT_STARTED',
      progress: 0,
      submittedAt: now,
      startedAt: null,
      stoppedAt: null,
      errors: null,
      outputs: null,
      metadata: {},
      nodes,
    };
    this.store.insertJob(job);
    return job;
  }

  /** A job of the study; 404 when there is none (or it belongs to another study). */
  get(studyId: string, jobId: string): StudyJobRecord {
    const study = this.deps.studies.get(studyId);
    const job = this.store.getJob(jobId.toLowerCase());
    if (!job || job.studyId !== study.id) throw apiErrors.notFound('Study job', jobId);
    return job;
  }

  list(studyId: string, limit: number, offset: number): { jobs: StudyJobRecord[]; total: number } {
    const study = this.deps.studies.get(studyId);
    return { jobs: this.store.jobsOfStudy(study.id, limit, offset), total: this.store.countOfStudy(study.id) };
  }

  /** The solver jobs that ran the job's nodes, by node UUID (those that still exist). */
  private nodeJobs(job: StudyJobRecord): Map<string, JobRecord> {
    const found = new Map<string, JobRecord>();
    for (const [id, node] of Object.entries(job.nodes)) {
      if (!node.jobId) continue;
      const solverJob = solverJobIfAny(this.deps.jobs, node.jobId);
      if (solverJob) found.set(id, solverJob);
    }
    return found;
  }

  /** The job's status, with progress combined from its nodes' while it runs. */
  status(job: StudyJobRecord): StudyJobRecord {
    if (job.stoppedAt || job.state === 'NOT_STARTED') return job;
    const ids = Object.keys(job.nodes);
    if (!ids.length) return job;
    const running = this.nodeJobs(job);
    const sum = ids.reduce((total, id) => total + (running.get(id)?.progress ?? 0), 0);
    return { ...job, progress: Math.min(99, Math.floor(sum / ids.length)) };
  }

  /** Each node of the job: inputs, solver nodes with their run, probes. */
  nodes(studyId: string, jobId: string): StudyJobNode[] {
    const study = this.deps.studies.get(studyId);
    const job = this.get(studyId, jobId);
    const runs = this.nodeJobs(job);
    return study.nodes.map((node) => {
      const id = nodeId(study, node);
      const run = runs.get(id);
      const recorded = job.nodes[id];
      return {
        node_id: id,
        name: node.name,
        kind: node.kind,
        label: node.label,
        state: run?.state ?? recorded?.state ?? null,
        progress: run?.progress ?? 0,
        solver_key: node.solverKey ?? null,
        version: node.version ?? null,
        job_id: recorded?.jobId ?? null,
      };
    });
  }

  /** Submits the job: its nodes run as solver jobs in dependency order. Answers whether it had already been started. */
  start(studyId: string, jobId: string): { job: StudyJobRecord; alreadyStarted: boolean } {
    const job = this.get(studyId, jobId);
    if (job.state !== 'NOT_STARTED') return { job: this.status(job), alreadyStarted: true };
    // Each node run is charged when it starts; a pipeline that cannot pay for its first node is refused at once.
    const study = this.deps.studies.get(studyId);
    const first = study.nodes.find((node) => node.kind === 'solver');
    if (first?.solverKey && first.version) this.deps.wallet.requireCreditsForJob(first.solverKey, first.version);
    const submitted = this.store.updateJob(job.id, (current) => ({
      ...current,
      state: 'PUBLISHED',
      submittedAt: nowIso(),
    }))!;
    const folder = studyJobFolder(this.deps.config.dataDir, job.id);
    fs.mkdirSync(folder.root, { recursive: true });
    const control = runStudyJob({
      study,
      jobId: job.id,
      store: this.store,
      jobs: this.deps.jobs,
      runs: this.deps.jobRuns,
      logs: this.deps.jobLogs,
      log: new JobLogWriter(folder.logFile, this.deps.config.maxLogBytes),
      isClosing: () => this.closing,
      hostLog: this.deps.log,
    });
    this.active.set(job.id, control);
    void control.done.finally(() => {
      if (this.active.get(job.id) === control) this.active.delete(job.id);
    });
    return { job: submitted, alreadyStarted: false };
  }

  /** Stops a running job: its running nodes are stopped, the others never start. */
  async stop(studyId: string, jobId: string): Promise<StudyJobRecord> {
    const job = this.get(studyId, jobId);
    await this.abort(job);
    return this.store.getJob(job.id) ?? job;
  }

  private async abort(job: StudyJobRecord): Promise<void> {
    if (!ACTIVE_STATES.includes(job.state)) return;
    const control = this.active.get(job.id);
    if (control) {
      await control.stop();
      return;
    }
    // Active in the database but run by no one: a host that stopped before it could say so.
    this.store.updateJob(job.id, (current) => ({ ...current, state: 'ABORTED', progress: 100, stoppedAt: nowIso() }));
  }

  /** Stops the job when it runs, then forgets it, its nodes' solver jobs and its log. Output files stay. */
  async delete(studyId: string, jobId: string): Promise<void> {
    const job = this.get(studyId, jobId);
    await this.abort(job);
    for (const solverJob of this.nodeJobs(job).values()) {
      await this.deps.jobRuns.delete(solverJob.solverKey, solverJob.version, solverJob.id);
    }
    this.store.deleteJob(job.id);
    fs.rmSync(studyJobFolder(this.deps.config.dataDir, job.id).root, { recursive: true, force: true });
  }

  /**
   * The job's results keyed by probe label. As upstream reads a study's probes, a probe whose
   * source has not produced a value (yet) is null.
   */
  outputs(studyId: string, jobId: string): Record<string, unknown> {
    const study = this.deps.studies.get(studyId);
    const job = this.get(studyId, jobId);
    if (job.outputs) return job.outputs;
    return Object.fromEntries(study.nodes.filter((node) => node.kind === 'probe').map((node) => [node.label, null]));
  }

  /** One log per node that ran: the solver job's log zip. */
  logLinks(studyId: string, jobId: string): { node_name: string; path: string }[] {
    const study = this.deps.studies.get(studyId);
    const job = this.get(studyId, jobId);
    const runs = this.nodeJobs(job);
    return study.nodes.flatMap((node) => {
      const run = runs.get(nodeId(study, node));
      if (!run) return [];
      return [
        {
          node_name: node.label,
          path: `/v0/solvers/${encodeURIComponent(run.solverKey)}/releases/${run.version}/jobs/${run.id}/outputs/logfile`,
        },
      ];
    });
  }

  /** The pipeline's own log: which node started, ended or failed, when. */
  logLines(studyId: string, jobId: string): string[] {
    const job = this.get(studyId, jobId);
    return readLogLines(studyJobFolder(this.deps.config.dataDir, job.id).logFile);
  }

  setMetadata(studyId: string, jobId: string, metadata: Record<string, MetaValue>): StudyJobRecord {
    const job = this.get(studyId, jobId);
    return this.store.updateJob(job.id, (current) => ({ ...current, metadata }))!;
  }

  /** Marks study jobs that were running when the host stopped as failed (their node jobs are marked by the job service). */
  recover(): void {
    const reason: JobError = {
      loc: ['job'],
      msg: 'The local oSPARC host restarted while this study job was running or waiting to run, so it did not finish. Start a new job to run it again.',
      type: 'host_restarted',
    };
    for (const job of this.store.jobsInStates(ACTIVE_STATES)) {
      const folder = studyJobFolder(this.deps.config.dataDir, job.id);
      fs.mkdirSync(folder.root, { recursive: true });
      const log = new JobLogWriter(folder.logFile, this.deps.config.maxLogBytes);
      log.write([`[host] ${reason.msg}`]);
      log.close();
      this.store.updateJob(job.id, (current) => ({
        ...current,
        state: 'FAILED',
        progress: 100,
        stoppedAt: nowIso(),
        errors: [reason],
        nodes: Object.fromEntries(
          Object.entries(current.nodes).map(([id, node]) => [
            id,
            ACTIVE_STATES.includes(node.state) ? { ...node, state: 'FAILED' } : node,
          ]),
        ),
      }));
    }
  }

  /** Stops orchestrating when the host closes; the job service ends the node processes, the next start marks the jobs failed. */
  async shutdown(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.active.values()].map((control) => control.done));
  }
}

export type { Study };
