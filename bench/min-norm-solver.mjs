#!/usr/bin/env node
// The min-norm solver on generated Gram matrices: how often it converges, how small its certified
// duality gap is (relative to max_i ‖v_i‖²), how many steps and how long one solve takes. With
// --baseline it runs a second pama-core build on the same Grams, interleaved instance by instance,
// and prints both side by side (time: median ms per solve, and the median over instances of the
// ratio this/baseline).
//   node bench/min-norm-solver.mjs [--baseline path/to/other/pama-core/dist/index.js] [--reps 20]
// Families: gaussian (independent), correlated (shared component + noise), dependent (duplicates
// and convex mixes of a base set: affinely dependent), collinear (±a + δ·noise, the origin inside
// or near the hull), low-rank (rank-2 vectors in d dimensions), near-duplicate (0/1 indicator
// vectors and copies perturbed by 1e-6 … 1e-14 in one component).
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at < 0 ? fallback : args[at + 1];
};
const here = await import('pama-core');
const baselinePath = option('--baseline', undefined);
const baseline = baselinePath === undefined ? undefined : await import(new URL(baselinePath, `file://${process.cwd()}/`).href);
const reps = Number(option('--reps', '20'));

const random = here.seededRandom(20250807);
const gauss = () => {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
};
const vector = (d) => Array.from({ length: d }, gauss);
const families = {
  gaussian: (n, d) => Array.from({ length: n }, () => vector(d)),
  correlated: (n, d) => {
    const shared = vector(d);
    return Array.from({ length: n }, () => shared.map((x) => 0.5 * x + gauss()));
  },
  dependent: (n, d) => {
    const base = Array.from({ length: Math.max(2, n >> 1) }, () => vector(d));
    const out = [...base];
    while (out.length < n) {
      const a = base[Math.floor(random() * base.length)];
      const b = base[Math.floor(random() * base.length)];
      const t = random() < 0.3 ? 1 : random();
      out.push(a.map((x, k) => t * x + (1 - t) * b[k]));
    }
    return out;
  },
  collinear: (n, d) => {
    const a = vector(d);
    const delta = [1e-2, 1e-3, 1e-6][Math.floor(random() * 3)];
    return Array.from({ length: n }, (_, i) => a.map((x) => (i % 2 ? 1 : -1) * (0.5 + random()) * x + delta * gauss()));
  },
  'low-rank': (n, d) => {
    const [p, q] = [vector(d), vector(d)];
    return Array.from({ length: n }, () => {
      const [s, t] = [gauss(), gauss()];
      return p.map((x, k) => s * x + t * q[k]);
    });
  },
  'near-duplicate': (n, d) => {
    // 0/1 indicator vectors (the gram combine's shape) and copies of them perturbed by ±δ in one
    // component, δ = 1e-6 … 1e-14: numerically inside the hull of their twin and its neighbours.
    const base = Array.from({ length: Math.max(2, n >> 1) }, () => Array.from({ length: d }, () => (random() < 0.5 ? 1 : 0)));
    const out = [...base];
    while (out.length < n) {
      const v = [...base[Math.floor(random() * base.length)]];
      const delta = 10 ** -(6 + Math.floor(random() * 9));
      v[Math.floor(random() * d)] += random() < 0.5 ? -delta : delta;
      out.splice(Math.floor(random() * (out.length + 1)), 0, v);
    }
    return out;
  },
};
const sizes = [
  [4, 2],
  [8, 4],
  [16, 64],
  [32, 1000],
  [64, 32],
  [128, 256],
];

const solve = (lib, gram, n) => {
  const start = performance.now();
  const sol = lib.minNormFromGram(gram, n);
  return { sol, ms: performance.now() - start };
};

// Warm-up (JIT) on throw-away instances of every size, for both builds.
for (const [n, d] of sizes) {
  for (let k = 0; k < 20; k++) {
    const vectors = families.gaussian(n, d);
    const gram = here.gramMatrix(vectors, d);
    solve(here, gram, n);
    if (baseline !== undefined) solve(baseline, gram, n);
  }
}

const fmt = (x) => (x === 0 ? '0' : x.toExponential(1));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const header = ['family', 'n', 'd', 'unconverged', 'median gap/scale', 'max gap/scale', 'max steps', 'median ms/solve'];
const columns =
  baseline === undefined
    ? header
    : [...header, 'baseline unconverged', 'baseline max gap/scale', 'baseline max steps', 'baseline median ms/solve', 'median time ratio'];
console.log(`| ${columns.join(' | ')} |`);
console.log(`|${columns.map(() => '---').join('|')}|`);
for (const [name, generate] of Object.entries(families)) {
  for (const [n, d] of sizes) {
    const rows = [];
    for (let rep = 0; rep < reps; rep++) {
      const vectors = generate(n, d);
      const gram = here.gramMatrix(vectors, d);
      let scale = 0;
      for (let i = 0; i < n; i++) scale = Math.max(scale, gram[i * n + i]);
      // Interleaved: the order alternates so drifting load hits both builds alike.
      const first = rep % 2 === 0;
      const a = first ? solve(here, gram, n) : undefined;
      const b = baseline === undefined ? undefined : solve(baseline, gram, n);
      const mine = a ?? solve(here, gram, n);
      rows.push({ scale, mine, other: b });
    }
    const stats = (pick) => {
      const solved = rows.map(pick);
      const gaps = solved.map(({ sol }, k) => sol.dualityGap / rows[k].scale);
      return {
        unconverged: solved.filter(({ sol }) => !sol.converged).length,
        median: median(gaps),
        max: Math.max(...gaps),
        steps: Math.max(...solved.map(({ sol }) => sol.iterations)),
        ms: median(solved.map(({ ms }) => ms)),
      };
    };
    const m = stats((r) => r.mine);
    const cells = [name, n, d, `${m.unconverged}/${reps}`, fmt(m.median), fmt(m.max), m.steps, m.ms.toFixed(3)];
    if (baseline !== undefined) {
      const o = stats((r) => r.other);
      const ratio = median(rows.map(({ mine, other }) => mine.ms / Math.max(other.ms, 1e-6)));
      cells.push(`${o.unconverged}/${reps}`, fmt(o.max), o.steps, o.ms.toFixed(3), ratio.toFixed(2));
    }
    console.log(`| ${cells.join(' | ')} |`);
  }
}
