#!/usr/bin/env node
// Interleaved tokens/s comparison of pama-tfjs's PAMA training minibatch step (WebAssembly backend,
// one thread) with the same step in PyTorch (bench/torch_step.py, one thread), at the default width
// and at the 4× wider model. Each round runs, for each width, the tfjs benchmark and then the PyTorch
// one, so machine load falls on both alike; the ratio is taken per round, then the median.
// Two ratios: of wall-clock tokens/s (the figure `pama bench trainer --json` prints), and of tokens
// per second of process CPU time (the tfjs step measured by bench-train-step-profile, PyTorch's by
// time.process_time), which a busy shared machine disturbs far less than wall time.
//   npm run build && node bench/trainer-vs-torch.mjs [--rounds 3] [--widths 64,256] [--python /usr/bin/python3]
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const argument = (name, fallback) => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? process.argv[k + 1] : fallback;
};
const rounds = Number(argument('rounds', '3'));
const widths = argument('widths', '64,256').split(',').map(Number);
const python = argument('python', '/usr/bin/python3');
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1];

function tfjs(d) {
  const out = execFileSync(
    'node',
    [`${root}apps/cli/bin/pama.js`, 'bench', 'trainer', '--json', '--train-step-only', '--d-model', String(d)],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const report = JSON.parse(out.trim().split('\n').pop());
  const wasm = report.backends.find((b) => b.backend === 'wasm');
  if (wasm.wasmThreads) throw new Error('the wasm backend runs multi-threaded here: the comparison wants one thread each');
  return { tokensPerSecond: wasm.trainTokensPerSecond, ms: wasm.trainStepMs, parameters: report.parameters };
}

function tfjsCpu(d) {
  const script = `${root}packages/tfjs/dist/bench/bench-train-step-profile.js`;
  const out = execFileSync('node', [script, '--json', '--repeats', '10', '--d-model', String(d)], { cwd: root, encoding: 'utf8' });
  const r = JSON.parse(out.trim().split('\n').pop());
  return { cpuMs: r.cpuMs, tokens: r.tokens };
}

function torch(d) {
  const out = execFileSync(python, [`${root}bench/torch_step.py`, '--threads', '1', '--repeats', '10', '--d-model', String(d)], {
    encoding: 'utf8',
  });
  const r = JSON.parse(out);
  if (r.threads !== 1) throw new Error(`PyTorch ran ${r.threads} threads`);
  if (r.os_threads !== null && r.os_threads !== 1)
    throw new Error(`the PyTorch process had ${r.os_threads} OS threads (its BLAS not held to one)`);
  return {
    tokensPerSecond: r.train_tokens_per_second,
    ms: r.train_step_ms,
    cpuMs: r.train_step_cpu_ms,
    parameters: r.parameters,
    version: r.torch,
  };
}

const rows = Object.fromEntries(widths.map((d) => [d, []]));
for (let r = 1; r <= rounds; r++) {
  for (const d of widths) {
    const a = tfjs(d);
    const c = tfjsCpu(d);
    const b = torch(d);
    // Same tokens per step on both sides, so the ratio of tokens/s is the inverse ratio of step times.
    rows[d].push({ a, b, c, ratio: a.tokensPerSecond / b.tokensPerSecond, cpuRatio: b.cpuMs / c.cpuMs });
    process.stderr.write(
      `round ${r}, d = ${d}: tfjs ${a.ms.toFixed(1)} ms (CPU ${c.cpuMs.toFixed(1)}), torch ${b.ms.toFixed(1)} ms (CPU ${b.cpuMs.toFixed(1)}), ` +
        `ratio ${(a.tokensPerSecond / b.tokensPerSecond).toFixed(3)} (CPU ${(b.cpuMs / c.cpuMs).toFixed(3)})\n`,
    );
  }
}
console.log(
  `| d | parameters (tfjs / torch) | tfjs wasm ms (median) | PyTorch ms (median) | tokens/s ratio tfjs ÷ PyTorch (median of ${rounds} rounds) | per round | ` +
    'tfjs CPU ms (median) | PyTorch CPU ms (median) | CPU-time ratio (median) | per round |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const d of widths) {
  const rs = rows[d];
  console.log(
    `| ${d} | ${rs[0].a.parameters} / ${rs[0].b.parameters} | ${median(rs.map((x) => x.a.ms)).toFixed(1)} | ${median(rs.map((x) => x.b.ms)).toFixed(1)} | ` +
      `**${median(rs.map((x) => x.ratio)).toFixed(3)}** | ${rs.map((x) => x.ratio.toFixed(3)).join(', ')} | ` +
      `${median(rs.map((x) => x.c.cpuMs)).toFixed(1)} | ${median(rs.map((x) => x.b.cpuMs)).toFixed(1)} | ` +
      `**${median(rs.map((x) => x.cpuRatio)).toFixed(3)}** | ${rs.map((x) => x.cpuRatio.toFixed(3)).join(', ')} |`,
  );
}
console.log(`\nNode ${process.version}, PyTorch ${rows[widths[0]][0].b.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}.`);
