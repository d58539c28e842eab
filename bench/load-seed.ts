/**
 * Load: many simulated users at once, each walking the seed tutorial several times against
 * the embedded host (in its own process): upload a file with a number, read the release and
 * its ports, create and start a sleeper job, poll it, read its outputs, fetch the log zip and
 * download output_1. Every job must end in its expected state (some users ask the sleeper to
 * fail), every output file must hold an integer 1–9, and no request may fail.
 *
 *   npx tsx bench/load-seed.ts [--users 50] [--iterations 10] [--concurrency N] [--second-ms 10]
 *
 * Prints requests, errors, jobs and latency percentiles; exits non-zero when anything failed.
 */
import crypto from 'node:crypto';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { type HostProcess, startHostProcess } from './processes.ts';

export interface LoadSeedOptions {
  users: number;
  iterations: number;
  /** Every n-th user sets input_3 ("fail after sleep") and expects FAILED; 0 for none. */
  failingUserEvery: number;
  /** Length of one sleeper "second" in ms (OSPARC_SLEEPER_SECOND_MS), so jobs take little time. */
  sleeperSecondMs: number;
  /** input_2, the sleeper's interval in its seconds. */
  sleepSeconds: number;
  /** Pause between two `:inspect` polls of one user (the tutorial waits 3 s). */
  pollIntervalMs: number;
  /** Solver processes the host runs at once (OSPARC_LOCAL_CONCURRENCY); undefined keeps its default. */
  concurrency?: number;
  /** Progress lines, e.g. to stderr. */
  progress?: (line: string) => void;
}

export const DEFAULT_LOAD_SEED: LoadSeedOptions = {
  users: 50,
  iterations: 10,
  failingUserEvery: 5,
  sleeperSecondMs: 10,
  sleepSeconds: 1,
  pollIntervalMs: 200,
};

export interface LoadSeedReport {
  users: number;
  iterations: number;
  requests: number;
  /** Requests that failed (network error or unexpected status) and checks that did not hold. */
  errors: number;
  /** The first few of them, to say what went wrong. */
  errorSamples: string[];
  jobs: { total: number; asExpected: number; byState: Record<string, number> };
  outputFiles: { downloaded: number; right: number };
  latencyMs: { p50: number; p99: number; max: number };
  durationSeconds: number;
  ok: boolean;
}

const SOLVER_KEY = 'simcore/services/comp/itis/sleeper';
const VERSION = '2.1.6';
const RELEASE = `/v0/solvers/${encodeURIComponent(SOLVER_KEY)}/releases/${VERSION}`;

interface ApiFile {
  id: string;
  filename: string;
  checksum: string | null;
}

interface JobStatus {
  state: string;
  progress: number;
  stopped_at: string | null;
  errors: unknown[] | null;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Counts and times every request, and keeps what failed. */
class Recorder {
  readonly latencies: number[] = [];
  readonly errorSamples: string[] = [];
  errors = 0;

  constructor(private readonly host: HostProcess) {}

  fail(message: string): void {
    this.errors++;
    if (this.errorSamples.length < 20) this.errorSamples.push(message);
  }

  /** One request; `expected` statuses count as success, anything else (or no answer) as an error. */
  async request(
    pathname: string,
    init: RequestInit & { json?: unknown },
    expected: number[] = [200],
  ): Promise<Response | undefined> {
    const { json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) headers.set('content-type', 'application/json');
    const started = performance.now();
    let response: Response;
    let body: ArrayBuffer;
    try {
      response = await this.host.fetch(pathname, {
        ...rest,
        headers,
        body: json === undefined ? rest.body : JSON.stringify(json),
      });
      body = await response.arrayBuffer();
    } catch (error) {
      this.latencies.push(performance.now() - started);
      this.fail(`${rest.method ?? 'GET'} ${pathname}: ${(error as Error).message}`);
      return undefined;
    }
    this.latencies.push(performance.now() - started);
    if (!expected.includes(response.status)) {
      this.fail(
        `${rest.method ?? 'GET'} ${pathname}: ${response.status} ${Buffer.from(body).toString('utf8').slice(0, 300)}`,
      );
      return undefined;
    }
    // The body was read for the timing; hand it on as a fresh response.
    return new Response(response.status === 204 || response.status === 304 ? null : body, {
      status: response.status,
      headers: response.headers,
    });
  }

  async json<T>(
    pathname: string,
    init: RequestInit & { json?: unknown } = {},
    expected = [200],
  ): Promise<T | undefined> {
    const response = await this.request(pathname, init, expected);
    if (!response) return undefined;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

interface JobOutcome {
  expected: string;
  state: string | undefined;
  outputRight?: boolean;
}

/** The Python client's upload_file: search by checksum, else announce, PUT the chunk(s), complete. */
async function uploadFile(
  recorder: Recorder,
  host: HostProcess,
  filename: string,
  text: string,
): Promise<ApiFile | undefined> {
  const bytes = Buffer.from(text);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const found = await recorder.json<{ items: ApiFile[] }>(`/v0/files:search?sha256_checksum=${sha256}`);
  const reusable = found?.items.find((file) => file.filename === filename);
  if (reusable) return reusable;
  const client = { filename, filesize: bytes.length, sha256_checksum: sha256 };
  const announced = await recorder.json<{
    upload_schema: { chunk_size: number; urls: string[]; links: { complete_upload: string } };
  }>('/v0/files/content', { method: 'POST', json: client });
  if (!announced) return undefined;
  const { chunk_size: chunkSize, urls, links } = announced.upload_schema;
  const parts: { number: number; e_tag: string }[] = [];
  for (const [index, url] of urls.entries()) {
    const link = new URL(url);
    // Chunk links carry their own signed token: sent without Basic auth, as the Python client does.
    const started = performance.now();
    try {
      const response = await fetch(`${host.url.replace(/\/$/, '')}${link.pathname}${link.search}`, {
        method: 'PUT',
        body: new Uint8Array(bytes.subarray(index * chunkSize, (index + 1) * chunkSize)),
      });
      await response.arrayBuffer();
      recorder.latencies.push(performance.now() - started);
      if (response.status !== 200) {
        recorder.fail(`PUT chunk ${index + 1} of ${filename}: ${response.status}`);
        return undefined;
      }
      parts.push({ number: index + 1, e_tag: JSON.parse(response.headers.get('etag') ?? '""') as string });
    } catch (error) {
      recorder.latencies.push(performance.now() - started);
      recorder.fail(`PUT chunk ${index + 1} of ${filename}: ${(error as Error).message}`);
      return undefined;
    }
  }
  return recorder.json<ApiFile>(new URL(links.complete_upload).pathname, {
    method: 'POST',
    json: { client_file: client, uploaded_parts: { parts } },
  });
}

/** One walk through the seed tutorial; answers how its job ended. */
async function seedWalk(
  recorder: Recorder,
  host: HostProcess,
  options: LoadSeedOptions,
  user: number,
  iteration: number,
): Promise<JobOutcome> {
  const failing = options.failingUserEvery > 0 && user % options.failingUserEvery === options.failingUserEvery - 1;
  const expected = failing ? 'FAILED' : 'SUCCESS';
  const number = user * 1000 + iteration + 1;
  const inputFile = await uploadFile(recorder, host, `file_with_number_${user}_${iteration}.txt`, String(number));
  if (!inputFile) return { expected, state: undefined };

  await recorder.json(RELEASE);
  await recorder.json(`${RELEASE}/ports`);
  const job = await recorder.json<{ id: string }>(
    `${RELEASE}/jobs`,
    {
      method: 'POST',
      json: {
        values: {
          input_4: 2,
          input_3: failing ? 'true' : 'false',
          input_2: options.sleepSeconds,
          input_1: inputFile,
        },
      },
    },
    [201],
  );
  if (!job) return { expected, state: undefined };
  const jobPath = `${RELEASE}/jobs/${job.id}`;
  let status = await recorder.json<JobStatus>(`${jobPath}:start`, { method: 'POST' }, [202]);
  while (status && !status.stopped_at) {
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs));
    status = await recorder.json<JobStatus>(`${jobPath}:inspect`, { method: 'POST' });
  }
  if (!status) return { expected, state: undefined };
  if (status.state !== expected) {
    recorder.fail(
      `job ${job.id} of user ${user} ended ${status.state}, expected ${expected}: ${JSON.stringify(status.errors)}`,
    );
  }

  // The log zip exists for both outcomes and holds the sleeper's log.
  const zipResponse = await recorder.request(`${jobPath}/outputs/logfile`, {});
  if (zipResponse) {
    const zip = await JSZip.loadAsync(await zipResponse.arrayBuffer());
    const log = zip.file('sleeper_2.1.6.log');
    if (!log || !(await log.async('string')).includes('Entrypoint'))
      recorder.fail(`log zip of job ${job.id} lacks the sleeper log`);
  }

  if (status.state !== 'SUCCESS') {
    // A failed job has no outputs: the host says so with 409.
    await recorder.request(`${jobPath}/outputs`, {}, [409]);
    if (!status.errors?.length) recorder.fail(`failed job ${job.id} gives no reason`);
    return { expected, state: status.state };
  }
  const outputs = await recorder.json<{ results: { output_1: ApiFile; output_2: number } }>(`${jobPath}/outputs`);
  if (!outputs) return { expected, state: status.state };
  const { output_1: outputFile, output_2: interval } = outputs.results;
  if (!(Number.isInteger(interval) && interval >= 1 && interval <= 9)) {
    recorder.fail(`job ${job.id}: output_2 is ${JSON.stringify(interval)}, not an integer 1–9`);
  }
  const download = await recorder.request(`/v0/files/${outputFile.id}/content`, {});
  const text = download ? await download.text() : undefined;
  const outputRight = text !== undefined && /^[1-9]\n?$/.test(text);
  if (text !== undefined && !outputRight)
    recorder.fail(`output_1 of job ${job.id} holds ${JSON.stringify(text.slice(0, 40))}`);
  return { expected, state: status.state, outputRight };
}

/** Starts a host of its own, runs the users at once, stops the host, and reports. */
export async function runLoadSeed(overrides: Partial<LoadSeedOptions> = {}): Promise<LoadSeedReport> {
  const options: LoadSeedOptions = { ...DEFAULT_LOAD_SEED, ...overrides };
  const host = await startHostProcess({
    OSPARC_SLEEPER_SECOND_MS: String(options.sleeperSecondMs),
    OSPARC_LOCAL_SOLVER_ENV: 'OSPARC_SLEEPER_SECOND_MS',
    ...(options.concurrency ? { OSPARC_LOCAL_CONCURRENCY: String(options.concurrency) } : {}),
  });
  const recorder = new Recorder(host);
  const outcomes: JobOutcome[] = [];
  const started = performance.now();
  let finishedUsers = 0;
  try {
    await Promise.all(
      Array.from({ length: options.users }, async (_, user) => {
        for (let iteration = 0; iteration < options.iterations; iteration++) {
          try {
            outcomes.push(await seedWalk(recorder, host, options, user, iteration));
          } catch (error) {
            recorder.fail(`user ${user}, walk ${iteration}: ${(error as Error).message}`);
            outcomes.push({ expected: '?', state: undefined });
          }
        }
        finishedUsers++;
        if (finishedUsers % 10 === 0) options.progress?.(`${finishedUsers}/${options.users} users done`);
      }),
    );
  } finally {
    await host.stop();
  }
  const durationSeconds = (performance.now() - started) / 1000;
  const sorted = [...recorder.latencies].sort((a, b) => a - b);
  const byState: Record<string, number> = {};
  for (const outcome of outcomes) {
    const state = outcome.state ?? 'no answer';
    byState[state] = (byState[state] ?? 0) + 1;
  }
  const asExpected = outcomes.filter((outcome) => outcome.state === outcome.expected).length;
  const downloads = outcomes.filter((outcome) => outcome.outputRight !== undefined);
  const expectedJobs = options.users * options.iterations;
  return {
    users: options.users,
    iterations: options.iterations,
    requests: recorder.latencies.length,
    errors: recorder.errors,
    errorSamples: recorder.errorSamples,
    jobs: { total: outcomes.length, asExpected, byState },
    outputFiles: { downloaded: downloads.length, right: downloads.filter((outcome) => outcome.outputRight).length },
    latencyMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN },
    durationSeconds,
    ok: recorder.errors === 0 && outcomes.length === expectedJobs && asExpected === expectedJobs,
  };
}

export function formatLoadSeedReport(report: LoadSeedReport): string {
  const states = Object.entries(report.jobs.byState)
    .map(([state, count]) => `${count} ${state}`)
    .join(', ');
  return [
    `load-seed: ${report.users} users × ${report.iterations} seed walks in ${report.durationSeconds.toFixed(1)} s`,
    `requests: ${report.requests} (${(report.requests / report.durationSeconds).toFixed(0)}/s)`,
    `errors:   ${report.errors}`,
    `jobs:     ${report.jobs.total} (${states}); ${report.jobs.asExpected} in their expected state`,
    `outputs:  ${report.outputFiles.right}/${report.outputFiles.downloaded} output files hold an integer 1–9`,
    `latency:  p50 ${report.latencyMs.p50.toFixed(1)} ms, p99 ${report.latencyMs.p99.toFixed(1)} ms, max ${report.latencyMs.max.toFixed(1)} ms`,
    ...report.errorSamples.map((sample) => `  error: ${sample}`),
    report.ok ? 'OK' : 'FAILED',
  ].join('\n');
}

function optionsFromArgs(args: string[]): Partial<LoadSeedOptions> {
  const names: Record<string, keyof LoadSeedOptions> = {
    '--users': 'users',
    '--iterations': 'iterations',
    '--concurrency': 'concurrency',
    '--second-ms': 'sleeperSecondMs',
    '--sleep': 'sleepSeconds',
    '--fail-every': 'failingUserEvery',
    '--poll-ms': 'pollIntervalMs',
  };
  const options: Record<string, number> = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.split('=', 2) as [string, string | undefined];
    const key = names[flag];
    const value = Number(inline ?? args[++i]);
    if (!key || !Number.isInteger(value) || value < 0) {
      throw new Error(`Unknown option or value: ${args[i]} (options: ${Object.keys(names).join(', ')}, whole numbers)`);
    }
    options[key] = value;
  }
  return options as Partial<LoadSeedOptions>;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runLoadSeed({ ...optionsFromArgs(process.argv.slice(2)), progress: (line) => process.stderr.write(`${line}\n`) })
    .then((report) => {
      process.stdout.write(`${formatLoadSeedReport(report)}\n`);
      process.exit(report.ok ? 0 : 1);
    })
    .catch((error: unknown) => {
      process.stderr.write(`load-seed: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    });
}
