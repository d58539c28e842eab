import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type HostClient, hostClient } from '../server/test/host-client.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Fixed credentials for the hosts the benchmarks start. */
export const BENCH_KEY = 'bench-key';
export const BENCH_SECRET = 'bench-secret';
export const BENCH_AUTH = `Basic ${Buffer.from(`${BENCH_KEY}:${BENCH_SECRET}`).toString('base64')}`;

/** A temporary folder that `cleanup()` removes. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `osparc-bench-${prefix}-`));
}

export interface Child {
  proc: ChildProcess;
  /** Everything the child printed so far (both streams), for error messages. */
  output(): string;
  /** Resolves with the first stdout match of the pattern; rejects when the child exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/** Process groups of the children still running: ended when the run exits, however it exits. */
const runningGroups = new Set<number>();
process.once('exit', () => {
  for (const pid of runningGroups) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // gone
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/** Starts a child process in its own process group and keeps what it prints. */
export function startChild(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = projectRoot): Child {
  const proc = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const group = proc.pid;
  if (group !== undefined) runningGroups.add(group);
  let printed = '';
  const listeners = new Set<() => void>();
  const keep = (chunk: Buffer) => {
    printed += chunk.toString('utf8');
    if (printed.length > 200_000) printed = printed.slice(-100_000);
    for (const listener of listeners) listener();
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) =>
    proc.once('exit', () => {
      if (group !== undefined) runningGroups.delete(group);
      resolve();
    }),
  );
  return {
    proc,
    output: () => printed,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(printed);
          if (match) {
            finish();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`${command} did not print ${pattern} within ${timeoutMs} ms:\n${printed.slice(-2000)}`));
        }, timeoutMs);
        const onExit = () => {
          finish();
          reject(new Error(`${command} ${args.join(' ')} exited before printing ${pattern}:\n${printed.slice(-2000)}`));
        };
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
          proc.off('exit', onExit);
        };
        listeners.add(check);
        proc.once('exit', onExit);
        check();
      });
    },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      // SIGTERM lets the host close its database and end its solver processes.
      try {
        process.kill(-proc.pid!, 'SIGTERM');
      } catch {
        return;
      }
      const forced = setTimeout(() => {
        try {
          process.kill(-proc.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      }, 10_000);
      await exited;
      clearTimeout(forced);
    },
  };
}

/** Node running a TypeScript file of the project (through tsx), with extra Node flags (e.g. --cpu-prof). */
export function startTs(file: string, args: string[], env: NodeJS.ProcessEnv, nodeFlags: string[] = []): Child {
  return startChild(process.execPath, [...nodeFlags, '--import', 'tsx', path.join(projectRoot, file), ...args], env);
}

/** The host's process, with fetch and JSON requests that send its credentials. */
export interface HostProcess extends HostClient {
  url: string;
  dataDir: string;
  child: Child;
  stop(): Promise<void>;
}

/**
 * The embedded host in its own process (`server/main.ts`), in a fresh data folder, so a load
 * generator in this process does not share its event loop. BENCH_HOST_CPU_PROF=<folder> profiles it.
 */
export async function startHostProcess(env: NodeJS.ProcessEnv = {}): Promise<HostProcess> {
  const dataDir = tempDir('host');
  const profile = process.env.BENCH_HOST_CPU_PROF;
  const child = startTs(
    'server/main.ts',
    [],
    {
      OSPARC_LOCAL_DATA: dataDir,
      OSPARC_LOCAL_PORT: '0',
      OSPARC_API_KEY: BENCH_KEY,
      OSPARC_API_SECRET: BENCH_SECRET,
      OSPARC_LOCAL_LOG_LEVEL: 'error',
      ...env,
    },
    profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
  );
  const [, url] = await child.waitFor(/^OSPARC_API_HOST=(\S+)$/m);
  return {
    url: url!,
    dataDir,
    child,
    ...hostClient(url!, BENCH_AUTH),
    async stop() {
      await child.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const endTasks: (() => Promise<void> | void)[] = [];

/** Registers clean-up for the end of the whole run (shared builds, browsers). */
export function atBenchEnd(task: () => Promise<void> | void): void {
  endTasks.push(task);
}

export async function runBenchEnd(): Promise<void> {
  for (const task of endTasks.splice(0).reverse()) {
    try {
      await task();
    } catch (error) {
      process.stderr.write(`bench: clean-up failed: ${(error as Error).message}\n`);
    }
  }
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
