// The core's benchmarks (a program, not tests): Theorem 1 per call, the token combine against the
// memory-bound floor of a summing pass, and the O(n²·d) min-norm solve against the O(n) closed form.
import { minNormElement } from '../min-norm/min-norm-element.js';
import { benchGram } from './gram-benchmarks.js';
import { gramMatrix } from '../min-norm/gram-matrix.js';
import { minNormFromGram } from '../min-norm/min-norm-gram.js';
import { noonPpoCombine } from '../combine/noon-ppo-combine.js';
import type { Granularity } from '../combine/combine-problem.js';
import { pamaScalar, pamaScalarInto } from '../combine/pama-scalar.js';
import type { BenchRow } from './bench-row.js';
import { seededRandom } from '../support/seeded-random.js';
import { interleavedMsPerCall, medianMsPerCall, type TimingOptions } from './timing.js';

/** Sizes and sampling of {@link runCoreBenchmarks}; every field has a default. */
export interface CoreBenchmarkOptions {
  /** Vector counts for pamaScalar (default [2, 8, 64]). */
  readonly scalarSizes?: readonly number[];
  /** B, T, N of the combine benchmark (default [256, 512, 8]). */
  readonly combineShape?: readonly [number, number, number];
  /** Vector counts for minNormElement (default [2, 8, 32]). */
  readonly minNormCounts?: readonly number[];
  /** Vector length for minNormElement (default 1 000 000). */
  readonly minNormDimension?: number;
  /** Samples per measurement (median is reported; default 5). */
  readonly samples?: number;
  /** Minimum duration of one sample in ms (default 100). */
  readonly minSampleMs?: number;
  readonly seed?: number;
}

/** Keeps results observable so the JIT cannot drop the measured work. */
let sink = 0;

const benchScalar = (sizes: readonly number[], timing: TimingOptions, random: () => number): BenchRow[] => {
  const rows: BenchRow[] = [];
  for (const n of sizes) {
    const pool = Array.from({ length: 256 }, () => Float64Array.from({ length: n }, () => random() * 2 - 1));
    const out = new Float64Array(n);
    let k = 0;
    const hot = medianMsPerCall(() => {
      sink += pamaScalarInto(pool[k++ & 255], out);
    }, timing);
    const checked = medianMsPerCall(() => {
      const r = pamaScalar(pool[k++ & 255]);
      if (r._tag === 'Right') sink += r.right.value;
    }, timing);
    rows.push({
      benchmark: 'pamaScalarInto (allocation-free)',
      size: `n = ${n}`,
      value: hot * 1e6,
      unit: 'ns/call',
      note: 'Theorem 1, O(n)',
    });
    rows.push({
      benchmark: 'pamaScalar (checked, allocates weights)',
      size: `n = ${n}`,
      value: checked * 1e6,
      unit: 'ns/call',
      note: 'validates, returns Either',
    });
  }
  return rows;
};

const benchCombine = (shape: readonly [number, number, number], timing: TimingOptions, random: () => number): BenchRow[] => {
  const [B, T, N] = shape;
  const elements = B * T * N;
  const data = Float32Array.from({ length: elements }, () => random() * 2 - 1);
  const ratios = Float32Array.from({ length: B * T }, () => 0.8 + 0.4 * random());
  const mask = Float32Array.from({ length: B * T }, () => (random() < 0.9 ? 1 : 0));
  const size = `B×T×N = ${B}×${T}×${N} f32`;
  const floorBody = () => {
    let s = 0;
    for (let i = 0; i < elements; i++) s += data[i];
    sink += s;
  };
  const advantages = { data, shape: [B, T, N] };
  const cases: { name: string; granularity: Granularity; extra: object }[] = [
    { name: 'noonPpoCombine token', granularity: 'token', extra: {} },
    {
      name: 'noonPpoCombine token + ratios + mask',
      granularity: 'token',
      extra: { ratios: { data: ratios, shape: [B, T] }, mask: { data: mask, shape: [B, T] } },
    },
    { name: 'noonPpoCombine token, Noon off', granularity: 'token', extra: { noon: false } },
    { name: 'noonPpoCombine sample', granularity: 'sample', extra: {} },
    { name: 'noonPpoCombine batch', granularity: 'batch', extra: {} },
    { name: 'noonPpoCombine gram', granularity: 'gram', extra: {} },
  ];
  const bodies = cases.map((c) => () => {
    const r = noonPpoCombine({ advantages, clipEpsilon: 0.2, granularity: c.granularity, ...c.extra });
    if (r._tag === 'Right') sink += r.right.combined[0];
  });
  const { ms, ratioToFirst } = interleavedMsPerCall([floorBody, ...bodies], timing);
  const perElement = (t: number) => (t * 1e6) / elements;
  const rows: BenchRow[] = [
    {
      benchmark: 'summing pass (memory-bound floor)',
      size,
      value: perElement(ms[0]),
      unit: 'ns/token-objective',
      note: `${ms[0].toFixed(3)} ms per pass`,
    },
  ];
  cases.forEach((c, k) => {
    rows.push({
      benchmark: c.name,
      size,
      value: perElement(ms[k + 1]),
      unit: 'ns/token-objective',
      note: `${ms[k + 1].toFixed(3)} ms per call`,
    });
    rows.push({
      benchmark: `${c.name} ÷ summing floor`,
      size,
      value: ratioToFirst[k + 1],
      unit: '×',
      note: 'median of interleaved samples',
    });
  });
  return rows;
};

const benchMinNorm = (counts: readonly number[], d: number, timing: TimingOptions, random: () => number): BenchRow[] => {
  const rows: BenchRow[] = [];
  const maxN = Math.max(...counts);
  // Correlated gradients (shared component + noise), as objectives' gradients tend to be.
  const shared = Float32Array.from({ length: d }, () => random() * 2 - 1);
  const vectors = Array.from({ length: maxN }, () => Float32Array.from(shared, (x) => 0.5 * x + (random() * 2 - 1)));
  const slow: TimingOptions = { samples: Math.min(timing.samples, 3), minSampleMs: 0 };
  for (const n of counts) {
    const subset = vectors.slice(0, n);
    let last = minNormElement(subset);
    const total = medianMsPerCall(() => {
      last = minNormElement(subset);
    }, slow);
    const gram = gramMatrix(subset, d);
    const solveOnly = medianMsPerCall(() => {
      sink += minNormFromGram(gram, n).normSquared;
    }, timing);
    const scalars = Float64Array.from({ length: n }, () => random() * 2 - 1);
    const out = new Float64Array(n);
    const closed = medianMsPerCall(() => {
      sink += pamaScalarInto(scalars, out);
    }, timing);
    const sol = last._tag === 'Right' ? last.right : undefined;
    const note = sol
      ? `${sol.iterations} solver steps, duality gap ${sol.dualityGap.toExponential(1)}, converged ${sol.converged}`
      : 'failed';
    rows.push({ benchmark: 'minNormElement (Gram + solve)', size: `n = ${n}, d = ${d}`, value: total, unit: 'ms', note });
    rows.push({
      benchmark: 'minNormFromGram (solve on n×n Gram only)',
      size: `n = ${n}`,
      value: solveOnly * 1e3,
      unit: 'µs',
      note: 'excludes the O(n²·d) Gram',
    });
    rows.push({
      benchmark: 'pamaScalarInto (O(n) closed form)',
      size: `n = ${n}`,
      value: closed * 1e6,
      unit: 'ns',
      note: `${(total / closed).toExponential(2)}× faster than minNormElement`,
    });
  }
  return rows;
};

/**
 * Runs every core benchmark and returns one row per measured quantity.
 *
 * @example
 * const rows = runCoreBenchmarks({ scalarSizes: [8], combineShape: [4, 16, 4], minNormCounts: [4], minNormDimension: 1000, samples: 1, minSampleMs: 1 });
 * console.log(formatBenchTable(rows));
 */
export const runCoreBenchmarks = (options: CoreBenchmarkOptions = {}): BenchRow[] => {
  const timing: TimingOptions = { samples: options.samples ?? 5, minSampleMs: options.minSampleMs ?? 100 };
  const random = seededRandom(options.seed ?? 20250807);
  const rows = [
    ...benchScalar(options.scalarSizes ?? [2, 8, 64], timing, random),
    ...benchCombine(options.combineShape ?? [256, 512, 8], timing, random),
    ...benchMinNorm(options.minNormCounts ?? [2, 8, 32], options.minNormDimension ?? 1_000_000, timing, random),
    ...benchGram(options.minNormCounts ?? [2, 8, 32], options.minNormDimension ?? 1_000_000, timing, random),
  ];
  if (sink === 0.123456789) rows.push({ benchmark: 'sink', size: '', value: sink, unit: '', note: '' });
  return rows;
};
