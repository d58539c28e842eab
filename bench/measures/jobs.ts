import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BenchRow, type Measurement, ratioRow } from '../measure.ts';
import { type HostProcess, startHostProcess, tempDir } from '../processes.ts';
import { EXIT_NOW_RELEASE, exitNowPackage } from '../solver-package.ts';

const JOBS = 500;

interface Status {
  state: string;
  stopped_at: string | null;
}

/** Runs `count` tasks with at most `limit` at once. */
async function withConcurrency(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
}

/** The reference: `count` bare spawns of the same command from Node, `concurrency` at a time; answers seconds. */
async function bareSpawnSeconds(script: string, concurrency: number, count: number): Promise<number> {
  const outputs = tempDir('bare-outputs');
  try {
    const started = performance.now();
    await withConcurrency(count, concurrency, async (index) => {
      const folder = path.join(outputs, String(index));
      fs.mkdirSync(folder);
      await new Promise<void>((resolve, reject) => {
        const child = spawn('bash', [script], { env: { ...process.env, OUTPUT_FOLDER: folder }, stdio: 'ignore' });
        child.once('error', reject);
        child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bare spawn exited with ${code}`))));
      });
    });
    return (performance.now() - started) / 1000;
  } finally {
    fs.rmSync(outputs, { recursive: true, force: true });
  }
}

/** Waits until every job has stopped; the queue is first in, first out, so it checks them in order. */
async function waitForAll(host: HostProcess, ids: string[]): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  let index = 0;
  for (;;) {
    while (index < ids.length) {
      const status = await host.json<Status>(`${EXIT_NOW_RELEASE}/jobs/${ids[index]}:inspect`, { method: 'POST' });
      if (!status.stopped_at) break;
      states.set(ids[index]!, status.state);
      index++;
    }
    if (index === ids.length) return states;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const jobs: Measurement = {
  name: 'jobs',
  async run(): Promise<BenchRow[]> {
    const solvers = exitNowPackage();
    const concurrency = os.availableParallelism();
    const host = await startHostProcess({
      OSPARC_LOCAL_SOLVERS: solvers.root,
      OSPARC_LOCAL_CONCURRENCY: String(concurrency),
    });
    try {
      // Warm the routes and the runner so the run measures steady work, not first-call compilation.
      const warm = await host.json<{ id: string }>(`${EXIT_NOW_RELEASE}/jobs`, {
        method: 'POST',
        body: { values: {} },
      });
      await host.json(`${EXIT_NOW_RELEASE}/jobs/${warm.id}:start`, { method: 'POST' });
      await waitForAll(host, [warm.id]);

      // Half the reference before the host's run and half after, so a machine that gets busier or
      // quieter meanwhile (it is shared) weighs on both figures alike.
      const bareBefore = await bareSpawnSeconds(solvers.script, concurrency, JOBS / 2);

      const started = performance.now();
      const ids = await Promise.all(
        Array.from({ length: JOBS }, async () => {
          const job = await host.json<{ id: string }>(`${EXIT_NOW_RELEASE}/jobs`, {
            method: 'POST',
            body: { values: {} },
          });
          await host.json(`${EXIT_NOW_RELEASE}/jobs/${job.id}:start`, { method: 'POST' });
          return job.id;
        }),
      );
      // Started in the order the host queued them: ask in creation order of the starts.
      const states = await waitForAll(host, ids);
      const hostRate = JOBS / ((performance.now() - started) / 1000);
      const succeeded = [...states.values()].filter((state) => state === 'SUCCESS').length;
      const bareAfter = await bareSpawnSeconds(solvers.script, concurrency, JOBS / 2);
      const bareRate = JOBS / (bareBefore + bareAfter);
      const row = ratioRow(
        {
          name: `jobs: ${JOBS} exit-at-once jobs (concurrency ${concurrency})`,
          figure: hostRate,
          unit: 'jobs/s',
          reference: bareRate,
          notes: `${succeeded}/${JOBS} SUCCESS, ${JOBS - states.size} lost; reference: bare spawns of the same script from Node, half before and half after`,
        },
        { atLeast: 0.5 },
        { alsoMet: succeeded === JOBS, alsoTarget: 'all SUCCESS' },
      );
      return [row];
    } finally {
      await host.stop();
      fs.rmSync(solvers.root, { recursive: true, force: true });
    }
  },
};
