// pama-core's hypervolume and nonDominatedSort against DEAP (Debian's python3-deap) on the same
// generated instances, interleaved: each round times ours and then the peer on every case, so a
// machine whose load changes affects both alike; the table reports medians and the median of the
// per-round ratios.
//
//   npm run build -w pama-core
//   node bench/pareto-bench.mjs [--suite hv|nds|all] [--samples 5] [--peer-budget-s 600] [--peers pyhv,hv-c,nds-log]
//                              [--families sphere,cube]
//   node bench/pareto-bench.mjs --suite nds-3d [options of pareto-sort-3d.mjs]
//
// Needs /usr/bin/python3 with python3-deap (apt-get install python3-deap), except --suite nds-3d
// (3-D sorting of 10⁴…10⁶ points against another pama-core build: bench/pareto-sort-3d.mjs).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { hypervolume, nonDominatedSort } from '../packages/core/dist/index.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const suite = option('suite', 'all');
if (suite === 'nds-3d') {
  await import('./pareto-sort-3d.mjs');
  process.exit(0);
}
const samples = Number(option('samples', '5'));
/** A peer case whose one call would push its samples past this many seconds gets fewer samples. */
const peerBudgetS = Number(option('peer-budget-s', '600'));
const minSampleMs = 300;
/** Which peers to run (default all): pyhv, hv-c, nds-log. */
const peerFilter = option('peers', 'pyhv,hv-c,nds-log').split(',');
/** Which hypervolume point families (default both): sphere, cube. */
const families = option('families', 'sphere,cube').split(',');

// Seeded generator (mulberry32) so that runs are repeatable.
let seed = 20250807;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/** m points on the positive unit sphere: mutually non-dominated, the usual hard case for hypervolume. */
const sphere = (m, d) =>
  Array.from({ length: m }, () => {
    const v = Array.from({ length: d }, () => Math.abs(gaussian()) + 1e-12);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
/** m points uniform in the unit cube: most are dominated. */
const cube = (m, d) => Array.from({ length: m }, () => Array.from({ length: d }, () => random()));

const cases = [];
if (suite === 'hv' || suite === 'all') {
  for (const family of families) {
    for (const d of [3, 4, 5]) {
      for (const m of [100, 400, 1000]) {
        const points = (family === 'sphere' ? sphere : cube)(m, d);
        const reference = new Array(d).fill(0);
        cases.push({
          kind: 'hv',
          label: `hypervolume, ${family}`,
          m,
          d,
          peers: ['pyhv', 'hv-c'].filter((p) => peerFilter.includes(p)),
          ours: () => hypervolume(points, reference),
          // DEAP minimises: negate points and reference (exact).
          instance: { kind: 'hv', points: points.map((p) => p.map((x) => -x)), reference: reference.map(() => 0) },
        });
      }
    }
  }
}
if (suite === 'nds' || suite === 'all') {
  for (const [m, d] of [
    [10_000, 2],
    [100_000, 2],
    [1_000_000, 2],
    [10_000, 3],
    [100_000, 3],
    [10_000, 5],
  ]) {
    const points = cube(m, d);
    cases.push({
      kind: 'nds',
      label: 'nonDominatedSort, cube',
      m,
      d,
      peers: ['nds-log'].filter((p) => peerFilter.includes(p)),
      ours: () => nonDominatedSort(points),
      instance: { kind: 'nds', points },
    });
  }
}

/** The peer process: one JSON command per line in, one JSON answer per line out. */
const startPeer = async (instances) => {
  const dir = mkdtempSync(join(tmpdir(), 'pareto-bench-'));
  const file = join(dir, 'instances.json');
  writeFileSync(file, JSON.stringify(instances));
  const child = spawn('/usr/bin/python3', [new URL('./pareto_peer.py', import.meta.url).pathname, file], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse((await lines.next()).value);
  await next(); // ready
  rmSync(dir, { recursive: true, force: true });
  return {
    time: async (caseIndex, impl, reps) => {
      child.stdin.write(`${JSON.stringify({ case: caseIndex, impl, reps })}\n`);
      return next();
    },
    stop: () => child.stdin.end(),
  };
};

const timeOurs = (body, reps) => {
  let value;
  const start = performance.now();
  for (let i = 0; i < reps; i++) value = body();
  return { ms: (performance.now() - start) / reps, value };
};

const summary = (value) => {
  if (value._tag === 'Left') return `Left ${value.left.code}`;
  return Array.isArray(value.right) ? [value.right.length, value.right[0]?.length ?? 0] : value.right;
};

const agrees = (kind, ours, peer) => {
  if (kind === 'hv') return typeof ours === 'number' && Math.abs(ours - peer) <= 1e-9 * Math.abs(peer);
  return JSON.stringify(ours) === JSON.stringify(peer);
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const peer = await startPeer(cases.map((c) => c.instance));
// Per case and peer: reps per sample, and the interleaved samples (ours, peer).
const plan = cases.map((c) => ({
  oursReps: 1,
  peers: Object.fromEntries(c.peers.map((p) => [p, { reps: 1, rounds: samples, ours: [], theirs: [], agree: true }])),
}));
for (let round = 0; round < samples; round++) {
  for (let k = 0; k < cases.length; k++) {
    const c = cases[k];
    const p = plan[k];
    if (round === 0) {
      c.ours(); // warm-up (JIT)
      const once = timeOurs(c.ours, 1).ms;
      p.oursReps = Math.max(1, Math.min(1000, Math.ceil(minSampleMs / Math.max(once, 1e-3))));
    }
    for (const impl of c.peers) {
      const q = p.peers[impl];
      if (round >= q.rounds) continue;
      const ours = timeOurs(c.ours, p.oursReps);
      const theirs = await peer.time(k, impl, q.reps);
      q.ours.push(ours.ms);
      q.theirs.push(theirs.ms);
      q.agree &&= agrees(c.kind, summary(ours.value), theirs.value);
      q.value = summary(ours.value);
      if (round === 0) {
        // Python has no JIT: the first call is a valid sample. Size the later ones.
        q.reps = Math.max(1, Math.min(1000, Math.ceil(minSampleMs / Math.max(theirs.ms, 1e-3))));
        q.rounds = Math.max(1, Math.min(samples, Math.floor((peerBudgetS * 1e3) / (theirs.ms * q.reps))));
      }
      process.stderr.write(`${c.label} m=${c.m} d=${c.d} vs ${impl}: ${ours.ms.toFixed(3)} ms / ${theirs.ms.toFixed(3)} ms\n`);
    }
  }
}
peer.stop();

const cpu = cpus();
console.log(
  `Node ${process.version}, ${cpu.length} logical CPUs, ${cpu[0]?.model ?? 'unknown CPU'}; ${samples} interleaved rounds (fewer where noted)\n`,
);
console.log('| problem | m | d | pama-core ms | peer | peer ms | pama-core ÷ peer | samples | results agree |');
console.log('|---|---:|---:|---:|---|---:|---:|---:|---|');
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toPrecision(2));
cases.forEach((c, k) => {
  for (const impl of c.peers) {
    const q = plan[k].peers[impl];
    const ratio = median(q.ours.map((x, s) => x / q.theirs[s]));
    const name = { pyhv: 'DEAP pyhv (pure Python)', 'hv-c': 'DEAP hv (C extension)', 'nds-log': 'DEAP sortLogNondominated' }[impl];
    console.log(
      `| ${c.label} | ${c.m} | ${c.d} | ${fmt(median(q.ours))} | ${name} | ${fmt(median(q.theirs))} | ${ratio.toPrecision(2)} | ${q.ours.length} | ${q.agree ? 'yes' : `NO (${JSON.stringify(q.value)})`} |`,
    );
  }
});
