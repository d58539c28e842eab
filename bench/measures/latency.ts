import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import type { RecordedAnswer } from '../bare-server.ts';
import { type BenchRow, type Measurement, ratioRow } from '../measure.ts';
import { BENCH_AUTH, type HostProcess, startHostProcess, startTs, tempDir } from '../processes.ts';
import { EXIT_NOW_RELEASE, exitNowPackage } from '../solver-package.ts';

const CONNECTIONS = 200;
const SECONDS = 10;
/** Each side's seconds come in this many turns, host and bare alternating, so drift of the shared machine's load weighs on both. */
const TURNS = 2;
const P99_LIMIT_MS = 50;

interface Load {
  rate: number;
  p50: number;
  p99: number;
  failures: number;
}

interface Endpoint {
  label: string;
  method: 'GET' | 'POST';
  path: string;
}

async function load(url: string, endpoint: Endpoint, seconds: number): Promise<Load> {
  const result = await autocannon({
    url: new URL(endpoint.path, url).toString(),
    method: endpoint.method,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: BENCH_AUTH },
  });
  return {
    rate: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** The host's answer to the endpoint, recorded so the bare server sends the same bytes and headers. */
async function record(host: HostProcess, endpoint: Endpoint): Promise<RecordedAnswer> {
  const response = await host.fetch(endpoint.path, { method: endpoint.method });
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new Error(`${endpoint.method} ${endpoint.path}: ${response.status} ${body}`);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    // Node's server adds these itself.
    if (!['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)) headers[name] = value;
  });
  return { status: response.status, headers, bodyBase64: body.toString('base64') };
}

/** Turns of load: the rate over all of them, the worst p50 and p99 of any. */
function combined(turns: Load[]): Load {
  return {
    rate: turns.reduce((sum, turn) => sum + turn.rate, 0) / turns.length,
    p50: Math.max(...turns.map((turn) => turn.p50)),
    p99: Math.max(...turns.map((turn) => turn.p99)),
    failures: turns.reduce((sum, turn) => sum + turn.failures, 0),
  };
}

/** The host and the bare server answering the recorded bytes, loaded in alternating turns. */
async function hostAndBare(hostUrl: string, answer: RecordedAnswer, endpoint: Endpoint): Promise<[Load, Load]> {
  const folder = tempDir('bare');
  const file = path.join(folder, 'answer.json');
  fs.writeFileSync(file, JSON.stringify(answer));
  const bare = startTs('bench/bare-server.ts', [file], {});
  try {
    const [, bareUrl] = await bare.waitFor(/^BARE_URL=(\S+)$/m);
    const host: Load[] = [];
    const plain: Load[] = [];
    for (let turn = 0; turn < TURNS; turn++) {
      host.push(await load(hostUrl, endpoint, SECONDS / TURNS));
      plain.push(await load(bareUrl!, endpoint, SECONDS / TURNS));
    }
    return [combined(host), combined(plain)];
  } finally {
    await bare.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

export const latency: Measurement = {
  name: 'latency',
  async run(): Promise<BenchRow[]> {
    const solvers = exitNowPackage();
    const host = await startHostProcess({ OSPARC_LOCAL_SOLVERS: solvers.root });
    try {
      const job = await host.json<{ id: string }>(`${EXIT_NOW_RELEASE}/jobs`, { method: 'POST', body: { values: {} } });
      const endpoints: Endpoint[] = [
        { label: 'GET /v0/solvers/page', method: 'GET', path: '/v0/solvers/page' },
        { label: 'POST …/jobs/{id}:inspect', method: 'POST', path: `${EXIT_NOW_RELEASE}/jobs/${job.id}:inspect` },
      ];
      const rows: BenchRow[] = [];
      for (const endpoint of endpoints) {
        const answer = await record(host, endpoint);
        // A short warm-up so the measured seconds are not the JIT's first ones.
        await autocannon({
          url: new URL(endpoint.path, host.url).toString(),
          method: endpoint.method,
          connections: 20,
          duration: 1,
          headers: { authorization: BENCH_AUTH },
        });
        const [measured, bare] = await hostAndBare(host.url, answer, endpoint);
        rows.push(
          ratioRow(
            {
              name: `latency: ${endpoint.label}, ${CONNECTIONS} connections`,
              figure: measured.rate,
              unit: 'req/s',
              reference: bare.rate,
              notes:
                `p50 ${measured.p50} ms, p99 ${measured.p99} ms (bare: p50 ${bare.p50} ms, p99 ${bare.p99} ms), ` +
                `worst of ${TURNS} alternating turns of ${SECONDS / TURNS} s; ` +
                `${measured.failures} failed requests; ${Buffer.from(answer.bodyBase64, 'base64').length} B body`,
            },
            { atLeast: 0.3 },
            { alsoMet: measured.p99 < P99_LIMIT_MS && measured.failures === 0, alsoTarget: `p99 < ${P99_LIMIT_MS} ms` },
          ),
        );
      }
      return rows;
    } finally {
      await host.stop();
      fs.rmSync(solvers.root, { recursive: true, force: true });
    }
  },
};
