#!/usr/bin/env node
// pama-core's min-norm solve (Gram + solve) on n vectors of length d against PyTorch (one
// matmul + the classic MGDA solver, one thread: bench/gram_peer.py), interleaved sample by
// sample on the same data, for Float64 and Float32 input.
//
//   npm run build -w pama-core
//   node bench/gram-vs-torch.mjs [--d 1000000] [--counts 2,8,32] [--repeats 9] [--out FILE]
//
// Rows: `minNormElement` (pama-core's checked entry point: a validation pass over every component,
// then the Gram, then the solve) and `gramMatrixChecked + minNormFromGram` (the same checks done in
// the Gram's own pass over the data, then the solve), each against the peer.
// Float32 input is compared with two peers: torch's Float32 matmul (fast, with Float32 sums) and
// torch converting to Float64 first (the conversion is timed; the same accuracy as pama-core,
// which promotes Float32 to Float64 in its kernel). Every sample runs each body once per call
// count (more calls for small n so a sample lasts milliseconds), alternating which side goes
// first; the table shows medians of wall time and of CPU time per call, and the median of the
// per-sample ratios (pama-core ÷ peer) of each, so load changes on a shared machine hit both
// sides alike. An accuracy section compares each Gram with a compensated (twice-Float64)
// reference. Writes the markdown to stdout and, with --out, atomically to FILE.
import { spawn } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gramMatrix, minNormElement, minNormFromGram } from 'pama-core';
import { seededRandom } from 'pama-core/support';
// Not part of the package's public entry point: the one-pass check-and-Gram.
import { gramMatrixChecked } from '../packages/core/dist/min-norm/gram-checked.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const d = Number(option('d', '1000000'));
const counts = option('counts', '2,8,32').split(',').map(Number);
const repeats = Number(option('repeats', '9'));
const outFile = option('out', undefined);
for (const [name, value] of [['d', d], ['repeats', repeats], ...counts.map((c) => ['counts', c])]) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got ${value}`);
}
const maxN = Math.max(...counts);
const callsFor = (n) => (n <= 2 ? 10 : n <= 8 ? 2 : 1);

// Correlated gradients (a shared component plus noise), as in the core's own benchmark.
const random = seededRandom(20250807);
const shared = Float64Array.from({ length: d }, () => random() * 2 - 1);
const f64 = Array.from({ length: maxN }, () => Float64Array.from(shared, (x) => 0.5 * x + (random() * 2 - 1)));
const f32 = f64.map((v) => Float32Array.from(v));

const dir = mkdtempSync(join(tmpdir(), 'gram-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const writeRows = (file, rows, Type) => {
  const all = new Type(rows.length * d);
  rows.forEach((v, i) => all.set(v, i * d));
  writeFileSync(file, new Uint8Array(all.buffer));
};
writeRows(join(dir, 'f64.bin'), f64, Float64Array);
writeRows(join(dir, 'f32.bin'), f32, Float32Array);

// The peer: one long-lived Python process answering one JSON line per command.
const python = spawn('/usr/bin/python3', [join(root, 'bench', 'gram_peer.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
const answers = createInterface({ input: python.stdout });
const pending = [];
answers.on('line', (line) => pending.shift()?.(JSON.parse(line)));
const ask = (cmd) =>
  new Promise((resolveAnswer, reject) => {
    pending.push((answer) => (answer.error ? reject(new Error(`peer: ${answer.error}`)) : resolveAnswer(answer)));
    python.stdin.write(`${JSON.stringify(cmd)}\n`);
  });

const info = await ask({ cmd: 'info' });
await ask({ cmd: 'load', path: join(dir, 'f64.bin'), rows: maxN, d, dtype: 'float64' });
await ask({ cmd: 'load', path: join(dir, 'f32.bin'), rows: maxN, d, dtype: 'float32' });

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
};
let sink = 0;
const ours = {
  minNormElement: (vectors) => {
    const r = minNormElement(vectors);
    if (r._tag !== 'Right') throw new Error(`minNormElement failed: ${r.left.message}`);
    return r.right.normSquared;
  },
  'gramMatrixChecked + minNormFromGram': (vectors) => {
    const { gram, bad } = gramMatrixChecked(vectors, d);
    if (bad !== undefined) throw new Error(`vectors[${bad.vector}][${bad.index}] is not finite`);
    return minNormFromGram(gram, vectors.length).normSquared;
  },
};
const timeOurs = (body, vectors, calls) => {
  const wall0 = performance.now();
  const cpu0 = cpuMs();
  for (let c = 0; c < calls; c++) sink += body(vectors);
  return { wall: (performance.now() - wall0) / calls, cpu: (cpuMs() - cpu0) / calls };
};

// Cases: input type × peer variant; our bodies run on the same input.
const cases = [];
for (const n of counts) {
  cases.push({ n, input: 'f64', vectors: f64.slice(0, n), dtype: 'float64', variant: 'f64', peer: 'torch f64 matmul' });
  cases.push({ n, input: 'f32', vectors: f32.slice(0, n), dtype: 'float32', variant: 'f32', peer: 'torch f32 matmul' });
  cases.push({ n, input: 'f32', vectors: f32.slice(0, n), dtype: 'float32', variant: 'f32->f64', peer: 'torch f32→f64, f64 matmul' });
}
const samples = new Map(); // key → { wall: [], cpu: [], wallRatio: [], cpuRatio: [] }
const record = (key, t, peer) => {
  if (!samples.has(key)) samples.set(key, { wall: [], cpu: [], wallRatio: [], cpuRatio: [] });
  const s = samples.get(key);
  s.wall.push(t.wall);
  s.cpu.push(t.cpu);
  if (peer) {
    s.wallRatio.push(t.wall / peer.wall_ms);
    s.cpuRatio.push(t.cpu / peer.cpu_ms);
  }
};
const normSquared = new Map();
const iterations = new Map();
const loads = [loadavg()[0]];
const started = performance.now();
// Warm-up: JIT, kernel compilation, the peer's first BLAS call.
for (const c of cases) {
  for (const body of Object.values(ours)) timeOurs(body, c.vectors, 1);
  await ask({ cmd: 'run', n: c.n, dtype: c.dtype, variant: c.variant, calls: 1 });
}
for (let r = 0; r < repeats; r++) {
  for (const c of cases) {
    const calls = callsFor(c.n);
    const runPeer = () => ask({ cmd: 'run', n: c.n, dtype: c.dtype, variant: c.variant, calls });
    const runOurs = () => Object.entries(ours).map(([name, body]) => [name, timeOurs(body, c.vectors, calls)]);
    let peer;
    let mine;
    if (r % 2 === 0) {
      mine = runOurs();
      peer = await runPeer();
    } else {
      peer = await runPeer();
      mine = runOurs();
    }
    const caseKey = `${c.n}|${c.input}|${c.variant}`;
    record(`peer|${caseKey}`, { wall: peer.wall_ms, cpu: peer.cpu_ms });
    record(`peer-gram|${caseKey}`, { wall: 0, cpu: peer.gram_cpu_ms });
    iterations.set(caseKey, peer.iterations);
    for (const [name, t] of mine) record(`${name}|${caseKey}`, t, peer);
    normSquared.set(`peer|${caseKey}`, peer.norm_squared);
  }
  loads.push(loadavg()[0]);
}
for (const c of cases) normSquared.set(`ours|${c.n}|${c.input}`, ours.minNormElement(c.vectors));
const elapsed = (performance.now() - started) / 1e3;

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const lines = [];
lines.push(
  `Node ${process.version}, ${cpus().length} logical CPUs, ${cpus()[0]?.model ?? 'unknown CPU'}; peer: Python ${info.python}, torch ${info.torch}, numpy ${info.numpy}, ${info.threads} thread.`,
);
lines.push(
  `d = ${d}, ${repeats} interleaved samples per cell (calls per sample: n = 2 → 10, n ≤ 8 → 2, else 1), ${elapsed.toFixed(0)} s; 1-minute load average during the run ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${cpus().length} CPUs.`,
);
lines.push('');
lines.push(
  '| n | input | pama-core body | peer | ours ms (wall) | peer ms (wall) | ratio (wall) | ours ms (CPU) | peer ms (CPU) | ratio (CPU) | peer matmul alone ms (CPU) |',
);
lines.push('|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const c of cases) {
  const caseKey = `${c.n}|${c.input}|${c.variant}`;
  const peer = samples.get(`peer|${caseKey}`);
  const peerGram = samples.get(`peer-gram|${caseKey}`);
  for (const name of Object.keys(ours)) {
    const s = samples.get(`${name}|${caseKey}`);
    lines.push(
      `| ${c.n} | ${c.input} | ${name} | ${c.peer} + MGDA solver (${iterations.get(caseKey)} steps) | ${fmt(median(s.wall))} | ${fmt(median(peer.wall))} | ${median(s.wallRatio).toFixed(2)} | ${fmt(median(s.cpu))} | ${fmt(median(peer.cpu))} | ${median(s.cpuRatio).toFixed(2)} | ${fmt(median(peerGram.cpu))} |`,
    );
  }
}
lines.push('');
lines.push('Min-norm value ‖w‖² found (pama-core minNormElement / peer):');
lines.push('');
for (const c of cases) {
  const mine = normSquared.get(`ours|${c.n}|${c.input}`);
  const theirs = normSquared.get(`peer|${c.n}|${c.input}|${c.variant}`);
  lines.push(`- n = ${c.n}, ${c.input} input, ${c.peer}: ${mine.toPrecision(10)} / ${theirs.toPrecision(10)}`);
}

// Accuracy: each Gram against a compensated dot product of the same (Float64 or promoted
// Float32) values, as max_ij |G_ij − ref_ij| / sqrt(ref_ii·ref_jj).
const twoProduct = (a, b) => {
  const p = a * b;
  const split = (x) => {
    const t = 134217729 * x;
    const hi = t - (t - x);
    return [hi, x - hi];
  };
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, al * bl - (p - ah * bh - al * bh - ah * bl)];
};
const dot2 = (x, y) => {
  let s = 0;
  let c = 0;
  for (let k = 0; k < x.length; k++) {
    const [p, pe] = twoProduct(x[k], y[k]);
    const t = s + p;
    const z = t - s;
    c += s - (t - z) + (p - z) + pe;
    s = t;
  }
  return s + c;
};
const accN = Math.min(8, maxN);
const relativeError = (gram, ref) => {
  let worst = 0;
  for (let i = 0; i < accN; i++) {
    for (let j = 0; j < accN; j++) {
      worst = Math.max(worst, Math.abs(gram[i * accN + j] - ref[i * accN + j]) / Math.sqrt(ref[i * accN + i] * ref[j * accN + j]));
    }
  }
  return worst;
};
lines.push('');
lines.push(
  `Gram accuracy at n = ${accN} (max_ij |G_ij − exact_ij| / sqrt(exact_ii·exact_jj), exact = compensated dot product of the same values):`,
);
lines.push('');
for (const [input, vectors, dtype, variants] of [
  ['f64', f64, 'float64', ['f64']],
  ['f32', f32, 'float32', ['f32', 'f32->f64']],
]) {
  const subset = vectors.slice(0, accN);
  const ref = new Float64Array(accN * accN);
  for (let i = 0; i < accN; i++) for (let j = i; j < accN; j++) ref[i * accN + j] = ref[j * accN + i] = dot2(subset[i], subset[j]);
  const parts = [`pama-core ${relativeError(gramMatrix(subset, d), ref).toExponential(1)}`];
  for (const variant of variants) {
    const { gram } = await ask({ cmd: 'gram', n: accN, dtype, variant });
    parts.push(`torch ${variant} ${relativeError(gram, ref).toExponential(1)}`);
  }
  lines.push(`- ${input} input: ${parts.join(', ')}`);
}
python.stdin.end();

const text = `${lines.join('\n')}\n`;
process.stdout.write(text);
if (outFile !== undefined) {
  writeFileSync(`${outFile}.tmp`, text);
  renameSync(`${outFile}.tmp`, outFile);
}
if (sink === 0.123456789) console.log(sink);
