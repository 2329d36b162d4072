// nonDominatedSort on m points uniform in the unit cube [0, 1]³ (most points dominated; about
// m^(1/3)… fronts), timed against another pama-core build on the same points, interleaved round by
// round, with the fronts compared point by point. Also reached as `pareto-bench.mjs --suite nds-3d`.
//
//   npm run build -w pama-core
//   node bench/pareto-sort-3d.mjs [--sizes 10000,100000,1000000] [--samples 3]
//                                 [--baseline path/to/other/pama-core/dist/index.js] [--baseline-max 100000]
//
// --baseline-max: the largest m the baseline is run on (an O(m²)-worst-case build can take an hour
// at m = 10⁶).
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { nonDominatedSort } from '../packages/core/dist/index.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const sizes = option('sizes', '10000,100000,1000000').split(',').map(Number);
const samples = Number(option('samples', '3'));
const baselinePath = option('baseline', undefined);
const baselineMax = Number(option('baseline-max', 'Infinity'));
const baseline = baselinePath === undefined ? undefined : await import(new URL(baselinePath, `file://${process.cwd()}/`).href);

// Seeded generator (mulberry32), as in pareto-bench.mjs.
let seed = 20250807;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const cube = (m) => Array.from({ length: m }, () => [random(), random(), random()]);

const time = (sort, points) => {
  const start = performance.now();
  const result = sort(points);
  const ms = performance.now() - start;
  if (result._tag !== 'Right') throw new Error(`nonDominatedSort failed: ${JSON.stringify(result.left)}`);
  return { ms, fronts: result.right };
};
const sameFronts = (a, b) => a.length === b.length && a.every((f, k) => f.length === b[k].length && f.every((i, s) => i === b[k][s]));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const cases = sizes.map((m) => ({ m, points: cube(m), ours: [], theirs: [], agree: true, fronts: 0, first: 0 }));
nonDominatedSort(cube(5000)); // warm-up (JIT), past the radix-sort threshold (4096)
if (baseline !== undefined) baseline.nonDominatedSort(cube(5000));
for (let round = 0; round < samples; round++) {
  for (const c of cases) {
    const mine = time(nonDominatedSort, c.points);
    c.ours.push(mine.ms);
    c.fronts = mine.fronts.length;
    c.first = mine.fronts[0].length;
    let line = `m=${c.m}: ${mine.ms.toFixed(1)} ms`;
    if (baseline !== undefined && c.m <= baselineMax) {
      const other = time(baseline.nonDominatedSort, c.points);
      c.theirs.push(other.ms);
      c.agree &&= sameFronts(mine.fronts, other.fronts);
      line += ` / baseline ${other.ms.toFixed(1)} ms`;
    }
    process.stderr.write(`round ${round + 1}, ${line}\n`);
  }
}

const cpu = cpus();
console.log(`Node ${process.version}, ${cpu.length} logical CPUs, ${cpu[0]?.model ?? 'unknown CPU'}; ${samples} interleaved rounds\n`);
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
console.log('| m | d | fronts | front 0 | pama-core ms | baseline ms | pama-core ÷ baseline | fronts agree |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---|');
for (const c of cases) {
  const ran = c.theirs.length > 0;
  const ratio = ran ? median(c.ours.map((x, s) => x / c.theirs[s])) : undefined;
  console.log(
    `| ${c.m} | 3 | ${c.fronts} | ${c.first} | ${fmt(median(c.ours))} | ${ran ? fmt(median(c.theirs)) : 'not run'} | ${ran ? ratio.toPrecision(2) : '–'} | ${ran ? (c.agree ? 'yes' : 'NO') : '–'} |`,
  );
}
