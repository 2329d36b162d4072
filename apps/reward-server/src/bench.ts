import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { httpReward, type RewardItem, type RewardSource } from 'pama-rewards';
import { benchmarkItems } from './bench-corpus.js';
import { builtinSources } from './builtin-sources.js';

export interface RewardsBenchmarkOptions {
  /** Seconds each throughput measurement runs (default 3). */
  readonly throughputSeconds?: number;
  /** Seconds of the autocannon load run (default 10). */
  readonly loadSeconds?: number;
  /** Concurrent connections of the load run (default 64). */
  readonly connections?: number;
  /** Items per throughput batch (default 256, sent as 4 requests of 64 through the server). */
  readonly batchSize?: number;
  /** Items per request in the load run (default 8). */
  readonly loadItemsPerRequest?: number;
  readonly log?: (line: string) => void;
}

export interface ThroughputRow {
  readonly source: string;
  readonly mode: 'in-process' | 'reward-server';
  readonly items: number;
  readonly seconds: number;
  readonly itemsPerSecond: number;
}

export interface LoadRunResult {
  readonly objective: string;
  readonly connections: number;
  readonly seconds: number;
  readonly itemsPerRequest: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
}

export interface RewardsBenchmarkReport {
  readonly machine: { readonly nproc: number; readonly cpu: string; readonly node: string; readonly loadAverage1m: number };
  readonly serverArgs: ReadonlyArray<string>;
  readonly throughput: ReadonlyArray<ThroughputRow>;
  readonly load: ReadonlyArray<LoadRunResult>;
}

const servedSources = 'length,sentiment,sentiment-afinn';
const serverArgs = ['--port', '0', '--sources', servedSources, '--concurrency', '4', '--queue', '1024'];

/**
 * Measures (1) items/s of each built-in source scored in-process versus through a reward-server
 * child process on loopback, and (2) an autocannon load run against that server.
 */
export async function runRewardsBenchmarks(options: RewardsBenchmarkOptions = {}): Promise<RewardsBenchmarkReport> {
  const log = options.log ?? (() => undefined);
  const throughputSeconds = options.throughputSeconds ?? 3;
  const batch = benchmarkItems(options.batchSize ?? 256);
  const loadAverage1m = loadavg()[0];
  const server = await spawnServer(serverArgs);
  try {
    const throughput: ThroughputRow[] = [];
    for (const local of builtinSources(servedSources)) {
      const remote = httpReward({
        name: local.name,
        url: `${server.url}/v1/score`,
        protocol: 'score',
        objective: local.name,
        maxBatchSize: 64,
        concurrency: 4,
      });
      for (const [mode, source] of [
        ['in-process', local],
        ['reward-server', remote],
      ] as const) {
        const row = await measureThroughput(source, mode, batch, throughputSeconds);
        log(`${row.source} ${row.mode}: ${Math.round(row.itemsPerSecond)} items/s`);
        throughput.push(row);
      }
    }
    const load: LoadRunResult[] = [];
    for (const objective of servedSources.split(',')) {
      const run = await loadRun(server.url, objective, options);
      log(
        `load ${objective}: ${Math.round(run.requestsPerSecond)} req/s, p50 ${run.latencyP50Ms} ms, p99 ${run.latencyP99Ms} ms, errors ${run.errors}`,
      );
      load.push(run);
    }
    return {
      machine: { nproc: availableParallelism(), cpu: cpus()[0]?.model.trim() ?? 'unknown', node: process.version, loadAverage1m },
      serverArgs,
      throughput,
      load,
    };
  } finally {
    await server.stop();
  }
}

async function measureThroughput(
  source: RewardSource,
  mode: ThroughputRow['mode'],
  batch: RewardItem[],
  seconds: number,
): Promise<ThroughputRow> {
  await scoreOrThrow(source, batch); // warm-up: JIT, connections
  let items = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    await scoreOrThrow(source, batch);
    items += batch.length;
  }
  const elapsed = (performance.now() - start) / 1000;
  return { source: source.name, mode, items, seconds: elapsed, itemsPerSecond: items / elapsed };
}

async function scoreOrThrow(source: RewardSource, batch: RewardItem[]): Promise<void> {
  const result = await source.score(batch)();
  if (result._tag === 'Left') throw result.left;
}

async function loadRun(url: string, objective: string, options: RewardsBenchmarkOptions): Promise<LoadRunResult> {
  const connections = options.connections ?? 64;
  const seconds = options.loadSeconds ?? 10;
  const itemsPerRequest = options.loadItemsPerRequest ?? 8;
  const result = await autocannon({
    url: `${url}/v1/score`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ items: benchmarkItems(itemsPerRequest, 7), objectives: [objective] }),
    connections,
    duration: seconds,
  });
  return {
    objective,
    connections,
    seconds,
    itemsPerRequest,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Set by the bundler (`npm run bundle`): the server's entry beside the bundle. */
declare const PAMA_BUNDLED_SERVER: string | undefined;

/** Starts the real bin in a child process (so the server has its own event loop and core). */
async function spawnServer(args: ReadonlyArray<string>): Promise<{ url: string; stop(): Promise<void> }> {
  const bin = fileURLToPath(new URL(typeof PAMA_BUNDLED_SERVER === 'string' ? PAMA_BUNDLED_SERVER : './bin.js', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`reward-server exited with code ${code} before listening`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The report as the markdown section recorded in the benchmarks document. */
export function formatRewardsBenchmarkMarkdown(report: RewardsBenchmarkReport, command: string): string {
  const r = (x: number) => Math.round(x).toLocaleString('en-US');
  const pairs = new Map<string, { local?: ThroughputRow; remote?: ThroughputRow }>();
  for (const row of report.throughput) {
    const entry = pairs.get(row.source) ?? {};
    if (row.mode === 'in-process') entry.local = row;
    else entry.remote = row;
    pairs.set(row.source, entry);
  }
  const first = report.load[0];
  return [
    '# Rewards: in-process vs reward-server, and a load run',
    '',
    `Command: \`${command}\``,
    '',
    `Machine: ${report.machine.nproc} cores (\`nproc\`), ${report.machine.cpu}, Node ${report.machine.node}; 1-minute load average ${report.machine.loadAverage1m.toFixed(2)} when the run started (other work on the machine inflates latencies). Server: \`pama-reward-server ${report.serverArgs.join(' ')}\` as a child process on loopback.`,
    '',
    '## Scoring throughput of the same source',
    '',
    'Batches of 256 generated items (10–80 words each); through the server the `httpReward` source sends 4 requests of 64 items, 4 in flight.',
    '',
    '| source | in-process items/s | through reward-server items/s | ratio |',
    '|---|---:|---:|---:|',
    ...[...pairs].map(
      ([source, { local, remote }]) =>
        `| ${source} | ${local ? r(local.itemsPerSecond) : '—'} | ${remote ? r(remote.itemsPerSecond) : '—'} | ${local && remote ? (remote.itemsPerSecond / local.itemsPerSecond).toFixed(2) : '—'} |`,
    ),
    '',
    `## Load runs (autocannon, ${first?.connections} connections, ${first?.seconds} s each, POST /v1/score with ${first?.itemsPerRequest} items asking for one objective)`,
    '',
    '| objective | req/s (mean) | requests | p50 latency | p99 latency | errors | timeouts | non-2xx |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...report.load.map(
      (l) =>
        `| ${l.objective} | ${r(l.requestsPerSecond)} | ${r(l.requests)} | ${l.latencyP50Ms} ms | ${l.latencyP99Ms} ms | ${l.errors} | ${l.timeouts} | ${l.non2xx} |`,
    ),
    '',
    '## Reading the numbers',
    '',
    '- For cheap sources (length, AFINN) the server costs far more than the scoring: JSON encoding, parsing',
    '  and loopback HTTP dominate, so in-process scoring is the right choice on one machine. The server pays',
    '  off when a source is expensive enough (a neural reward model) that scoring must move to other machines.',
    '- Both throughput columns are one core of scoring (the client process or the server process), so when a',
    '  source is expensive (VADER) the ratio is about 1 and what remains is noise from other load on the machine.',
    '- VADER (`sentiment`, the default analyser, chosen for accuracy) is the slowest source by far (its',
    '  JavaScript port spends about a millisecond on a response of 50–80 words). Its load run is CPU-bound:',
    '  latency there is queueing behind the 64 connections, not server overhead. AFINN is the fast alternative.',
    '- Built-in sources are synchronous, so one server process uses one core; scale out with one process per',
    '  core behind a load balancer.',
    '',
  ].join('\n');
}
