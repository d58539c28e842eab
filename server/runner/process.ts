import { spawn } from 'node:child_process';

export type OutputStream = 'stdout' | 'stderr';

export interface ProcessExit {
  /** Exit code, or null when a signal ended it or it never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. the command does not exist). */
  spawnError?: Error;
}

export interface SolverProcess {
  readonly pid: number | undefined;
  /** Resolves once the process has exited and its output is drained. */
  readonly exited: Promise<ProcessExit>;
  /** Signals the whole process group, so children the solver started end too. */
  kill(signal?: NodeJS.Signals): void;
}

export interface ProcessOptions {
  command: readonly string[];
  cwd: string;
  env: Record<string, string>;
  /** Complete lines, in order, per stream; a trailing partial line is delivered at exit. */
  onLines(lines: string[], stream: OutputStream): void;
}

/** Cuts a byte stream into lines; `\r` counts as a line end too, so progress bars yield lines. */
class LineSplitter {
  private rest = '';
  constructor(private readonly emit: (lines: string[]) => void) {}

  push(chunk: string): void {
    const parts = (this.rest + chunk).split(/\r\n|\n|\r/);
    this.rest = parts.pop() ?? '';
    const lines = parts.filter((line) => line.length > 0);
    if (lines.length) this.emit(lines);
  }

  end(): void {
    if (this.rest) this.emit([this.rest]);
    this.rest = '';
  }
}

/** What any program needs to start and behave: its search path, home, user, locale, time zone, temp folder. */
const SYSTEM_VARIABLES = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'TERM'];

/** The setting naming further variables (comma-separated) the host passes on to its solvers. */
export const SOLVER_ENV_SETTING = 'OSPARC_LOCAL_SOLVER_ENV';

/**
 * The environment a solver starts with: the system variables above and `LC_*`, the ones named in
 * OSPARC_LOCAL_SOLVER_ENV, then the job's own. Nothing else of the host's goes along: it holds
 * the API key and secret (and whatever else the user's shell exported), which no solver needs.
 */
export function solverEnvironment(
  jobEnv: Record<string, string>,
  parent: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const named = (parent[SOLVER_ENV_SETTING] ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const allowed = new Set([...SYSTEM_VARIABLES, ...named]);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && (allowed.has(name) || name.startsWith('LC_'))) env[name] = value;
  }
  return { ...env, ...jobEnv };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Runs one solver command in its own process group (detached), so stopping a job ends the
 * whole tree it started. `node` as the program means the Node that runs the host.
 */
export function startProcess(options: ProcessOptions): SolverProcess {
  const [program, ...args] = options.command;
  if (!program) throw new Error('The solver has no command to run');
  const child = spawn(program === 'node' ? process.execPath : program, args, {
    cwd: options.cwd,
    env: solverEnvironment(options.env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const splitters = {
    stdout: new LineSplitter((lines) => options.onLines(lines, 'stdout')),
    stderr: new LineSplitter((lines) => options.onLines(lines, 'stderr')),
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => splitters.stdout.push(chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => splitters.stderr.push(chunk));

  const exited = new Promise<ProcessExit>((resolve) => {
    let exit: ProcessExit | undefined;
    child.once('error', (error) => {
      // 'close' may not follow a failed spawn.
      if (child.pid === undefined) resolve({ code: null, signal: null, spawnError: error });
    });
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      // Whatever the solver left running in its group ends with it, so the pipes close.
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
    });
    child.once('close', (code, signal) => {
      splitters.stdout.end();
      splitters.stderr.end();
      resolve(exit ?? { code, signal });
    });
  });

  return {
    pid: child.pid,
    exited,
    kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.pid !== undefined) signalGroup(child.pid, signal);
    },
  };
}

/** Ends a process group: SIGTERM, then SIGKILL when it has not exited after `graceMs`. */
export async function stopProcess(proc: SolverProcess, graceMs = 3000): Promise<ProcessExit> {
  proc.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const forced = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      proc.kill('SIGKILL');
      resolve();
    }, graceMs);
  });
  await Promise.race([proc.exited, forced]);
  clearTimeout(timer);
  return proc.exited;
}
