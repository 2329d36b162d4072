#!/usr/bin/env node
// Scoring throughput (texts/s) and single-text latency of a DistilBERT-sized sequence classifier
// (6 layers, d 768, 12 heads, vocabulary 30522; random weights in the real shape, exported by
// packages/rewards-onnx/test/fixtures/make_fixtures.py --distilbert into a temporary folder unless
// --model names one): in process on onnxruntime-node and on onnxruntime-web, through
// pama-reward-server (--classifier, onnxruntime-node) on loopback, and beside PyTorch on the same
// shape and token ids (bench/classifier_peer.py). One thread each. Rounds are interleaved, so machine
// load falls on every contestant alike; the table gives the median over rounds.
//   npm run build && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-save onnxruntime-node
//   node bench/classifier-scoring.mjs [--model DIR] [--rounds 3] [--texts 64] [--out docs/bench/classifier-scoring.md]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpReward } from 'pama-rewards';
import { classifierReward, createTextEncoder, loadClassifier, readClassifierFolder } from 'pama-rewards-onnx';

const root = fileURLToPath(new URL('..', import.meta.url));
const argument = (name, fallback) => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? process.argv[k + 1] : fallback;
};
const rounds = Number(argument('rounds', '3'));
const count = Number(argument('texts', '64'));
const python = argument('python', '/usr/bin/python3');
const out = argument('out', undefined);
const MAX_LENGTH = 128;
const BATCH = 16;
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

let model = argument('model', undefined);
let temporary;
if (model === undefined) {
  temporary = mkdtempSync(join(tmpdir(), 'pama-distilbert-'));
  model = join(temporary, 'distilbert');
  process.stderr.write(`exporting a DistilBERT-sized classifier to ${model} …\n`);
  execFileSync(python, [join(root, 'packages/rewards-onnx/test/fixtures/make_fixtures.py'), '--distilbert', model], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

// Review-like texts of 2 to 4 sentences from the labelled sample (about 20 to 50 tokens).
const sample = JSON.parse(readFileSync(join(root, 'packages/rewards/test/fixtures/sentiment-sample.json'), 'utf8')).map((s) => s.text);
const texts = Array.from({ length: count }, (_, i) =>
  Array.from({ length: 2 + (i % 3) }, (_, k) => sample[(i * 7 + k * 13) % sample.length]).join(' '),
);
const items = texts.map((response) => ({ prompt: '', response }));
const encoder = createTextEncoder(readClassifierFolder(model));
const tokens = texts.map((t) => encoder.encode(t, null, MAX_LENGTH).ids.length);
const singles = texts.slice(0, 12);

/** CPU seconds of this process, and of another one (the server) read from /proc, so far. */
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const childCpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
};

async function timeSource(source, serverPid) {
  const start = performance.now();
  const cpu = cpuSeconds() + (serverPid === undefined ? 0 : childCpuSeconds(serverPid));
  const result = await source.score(items)();
  if (result._tag === 'Left') throw result.left;
  const throughput = (count / (performance.now() - start)) * 1000;
  const perCpuSecond = count / (cpuSeconds() + (serverPid === undefined ? 0 : childCpuSeconds(serverPid)) - cpu);
  const latencies = [];
  for (const response of singles) {
    const t = performance.now();
    const r = await source.score([{ prompt: '', response }])();
    if (r._tag === 'Left') throw r.left;
    latencies.push(performance.now() - t);
  }
  return { throughput, perCpuSecond, p50: median(latencies), scores: result.right };
}

function startServer() {
  const bin = join(root, 'apps/reward-server/bin/pama-reward-server.js');
  const spec = `sentiment=${model}:POSITIVE:maxLength=${MAX_LENGTH}:batchSize=${BATCH}:threads=1:runtime=onnxruntime-node`;
  const child = spawn(process.execPath, [bin, '--port', '0', '--classifier', spec, '--max-items', '4096'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (c) => {
      text += c;
      const m = /listening on (\S+)/.exec(text);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`reward server exited ${code}`)));
  });
}

function torchPeer() {
  const file = join(temporary ?? tmpdir(), `batches-${process.pid}.json`);
  const ids = texts.map((t) => encoder.encode(t, null, MAX_LENGTH).ids);
  const throughput = [];
  for (let i = 0; i < ids.length; i += BATCH) throughput.push(ids.slice(i, i + BATCH));
  writeFileSync(file, JSON.stringify({ throughput, single: ids.slice(0, singles.length) }));
  const r = JSON.parse(
    execFileSync(python, [join(root, 'bench/classifier_peer.py'), '--batches', file, '--threads', '1', '--repeats', '1'], {
      encoding: 'utf8',
    }),
  );
  rmSync(file, { force: true });
  return { throughput: r.texts / r.seconds, perCpuSecond: r.texts / r.cpu_seconds, p50: r.single_p50_ms, version: r.torch };
}

const load = loadavg()[0];
const nodeClassifier = await loadClassifier(model, { runtime: 'onnxruntime-node', threads: 1, maxLength: MAX_LENGTH, batchSize: BATCH });
const webClassifier = await loadClassifier(model, { runtime: 'onnxruntime-web', threads: 1, maxLength: MAX_LENGTH, batchSize: BATCH });
const inNode = classifierReward({ name: 'sentiment', classifier: nodeClassifier, label: 'POSITIVE' });
const inWeb = classifierReward({ name: 'sentiment', classifier: webClassifier, label: 'POSITIVE' });
const server = await startServer();
const remote = httpReward({
  name: 'sentiment',
  url: `${server.url}/v1/score`,
  protocol: 'score',
  maxBatchSize: BATCH,
  concurrency: 1,
  timeoutMs: 600_000,
});

const results = { node: [], web: [], server: [], torch: [] };
let torchVersion = '';
for (let round = 0; round < rounds; round++) {
  const node = await timeSource(inNode);
  const served = await timeSource(remote, server.child.pid);
  for (let i = 0; i < count; i++) if (Math.abs(node.scores[i] - served.scores[i]) > 1e-5) throw new Error(`server score ${i} differs`);
  results.node.push(node);
  results.server.push(served);
  results.web.push(await timeSource(inWeb));
  const peer = torchPeer();
  torchVersion = peer.version;
  results.torch.push(peer);
  process.stderr.write(
    `round ${round + 1}: node ${node.throughput.toFixed(1)} texts/s, server ${served.throughput.toFixed(1)}, web ${results.web.at(-1).throughput.toFixed(1)}, torch ${peer.throughput.toFixed(1)}\n`,
  );
}
server.child.kill('SIGTERM');
await nodeClassifier.release();
await webClassifier.release();
if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true });

const row = (label, key) => {
  const throughput = median(results[key].map((r) => r.throughput));
  const p50 = median(results[key].map((r) => r.p50));
  const ratio = median(results[key].map((r, i) => r.throughput / results.torch[i].throughput));
  const perCpu = median(results[key].map((r) => r.perCpuSecond));
  const cpuRatio = median(results[key].map((r, i) => r.perCpuSecond / results.torch[i].perCpuSecond));
  return `| ${label} | ${throughput.toFixed(1)} | ${p50.toFixed(0)} ms | ${ratio.toFixed(2)} | ${perCpu.toFixed(1)} | ${cpuRatio.toFixed(2)} |`;
};
const blasLink = '/etc/alternatives/libblas.so.3-x86_64-linux-gnu';
const blas = existsSync(blasLink) ? readlinkSync(blasLink) : 'unknown';
const ortVersion = JSON.parse(readFileSync(join(root, 'node_modules/onnxruntime-node/package.json'), 'utf8')).version;
const report = `# Classifier rewards: a DistilBERT-sized model in process, through the reward server, and in PyTorch

Command: \`node bench/classifier-scoring.mjs --rounds ${rounds} --texts ${count}${out === undefined ? '' : ` --out ${out}`}\`

Machine: ${cpus().length} cores (\`nproc\`), ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}; 1-minute load average ${load.toFixed(2)} when the run started (the machine is shared). onnxruntime-node and onnxruntime-web ${ortVersion}, PyTorch ${torchVersion} (its matmuls through the system BLAS, \`${blas}\`); one thread each (the server's model too).

Model: DistilBERT-base's shape (6 layers, d 768, 12 heads, FFN 3072, vocabulary 30522; 67 M parameters, 268 MB ONNX), random weights, exported by \`make_fixtures.py --distilbert\`. Texts: ${count} review-like texts of 2–4 sentences (${Math.min(...tokens)}–${Math.max(...tokens)} tokens, mean ${(tokens.reduce((a, b) => a + b, 0) / tokens.length).toFixed(0)}), scored as the probability of \`POSITIVE\` in batches of ${BATCH} padded to their longest text. Throughput: all ${count} texts in one \`score\` call; latency: one text per call (median of ${singles.length}). Median over ${rounds} interleaved rounds; the ratio is taken per round.

| how | texts/s (wall) | latency, one text | × PyTorch (wall) | texts per CPU-second | × PyTorch (CPU) |
| --- | ---: | ---: | ---: | ---: | ---: |
${row('in process, onnxruntime-node', 'node')}
${row('through pama-reward-server (onnxruntime-node), loopback', 'server')}
${row('in process, onnxruntime-web (WebAssembly)', 'web')}
${row('PyTorch (bench/classifier_peer.py)', 'torch')}

Texts per CPU-second count the CPU time of every process that works for the scores (through the server: the client's and the server's, read from \`/proc\`; PyTorch: \`time.process_time\`), which a busy shared machine disturbs far less than wall time. Every round checks that the server's scores equal the in-process ones (to 1e-5).
`;
if (out !== undefined) {
  writeFileSync(`${out}.tmp`, report);
  const { renameSync } = await import('node:fs');
  renameSync(`${out}.tmp`, out);
}
process.stdout.write(report);
