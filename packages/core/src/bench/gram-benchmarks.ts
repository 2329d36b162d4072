// The Gram matrix at large d: the WebAssembly SIMD kernel (what `gramMatrix` uses) against the
// plain-JS fallback, interleaved, for Float64 and Float32 input. The peer comparison with PyTorch
// is bench/gram-vs-torch.mjs (a separate program: it needs Python).
import { gramMatrixJs } from '../min-norm/gram-js.js';
import { gramMatrixWasm } from '../min-norm/gram-wasm.js';
import type { BenchRow } from './bench-row.js';
import { interleavedMsPerCall, type TimingOptions } from './timing.js';

/** The JS fallback takes seconds per call past this many vectors at d = 10⁶: it is timed up to here. */
const MAX_JS_COUNT = 8;

let sink = 0;

/** Rows: kernel ms per call for each n and input type, and the fallback ÷ kernel ratio where timed. */
export const benchGram = (counts: readonly number[], d: number, timing: TimingOptions, random: () => number): BenchRow[] => {
  const rows: BenchRow[] = [];
  const maxN = Math.max(...counts);
  const shared = Float64Array.from({ length: d }, () => random() * 2 - 1);
  const f64 = Array.from({ length: maxN }, () => Float64Array.from(shared, (x) => 0.5 * x + (random() * 2 - 1)));
  const f32 = f64.map((v) => Float32Array.from(v));
  const slow: TimingOptions = { samples: Math.min(timing.samples, 3), minSampleMs: 0 };
  for (const n of counts) {
    for (const [input, vectors] of [
      ['f64', f64.slice(0, n)],
      ['f32', f32.slice(0, n)],
    ] as const) {
      const kernel = () => {
        const g = gramMatrixWasm(vectors, d);
        if (g === undefined) throw new Error('the WebAssembly Gram kernel is unavailable');
        sink += g[0];
      };
      const fallback = () => {
        sink += gramMatrixJs(vectors, d)[0];
      };
      const size = `n = ${n}, d = ${d}, ${input}`;
      if (n <= MAX_JS_COUNT) {
        const { ms, ratioToFirst } = interleavedMsPerCall([kernel, fallback], slow);
        rows.push({
          benchmark: 'gramMatrix, WebAssembly SIMD kernel',
          size,
          value: ms[0],
          unit: 'ms',
          note: `plain-JS fallback ${ms[1].toFixed(1)} ms`,
        });
        rows.push({
          benchmark: 'gramMatrix, plain-JS fallback ÷ kernel',
          size,
          value: ratioToFirst[1],
          unit: '×',
          note: 'median of interleaved samples',
        });
      } else {
        const { ms } = interleavedMsPerCall([kernel], slow);
        rows.push({
          benchmark: 'gramMatrix, WebAssembly SIMD kernel',
          size,
          value: ms[0],
          unit: 'ms',
          note: `fallback not timed past n = ${MAX_JS_COUNT}`,
        });
      }
    }
  }
  if (sink === 0.123456789) rows.push({ benchmark: 'sink', size: '', value: sink, unit: '', note: '' });
  return rows;
};
