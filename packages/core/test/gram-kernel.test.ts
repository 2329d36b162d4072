import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gramMatrix } from '../src/min-norm/gram-matrix.js';
import { gramMatrixJs } from '../src/min-norm/gram-js.js';
import { gramKernelAvailable, gramMatrixWasm } from '../src/min-norm/gram-wasm.js';

const U = 2 ** -53;

/** a·b as an unevaluated sum hi + lo (Veltkamp/Dekker: exact while nothing over- or underflows). */
const twoProduct = (a: number, b: number): [number, number] => {
  const p = a * b;
  const split = (x: number): [number, number] => {
    const c = 134217729 * x; // 2^27 + 1
    const hi = c - (c - x);
    return [hi, x - hi];
  };
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, al * bl - (p - ah * bh - al * bh - ah * bl)];
};

/**
 * Compensated dot product (Ogita, Rump and Oishi's Dot2): as accurate as if computed in twice
 * Float64 precision, so against the kernel it is the exact value up to far below the kernel's
 * own error bound.
 */
const dot2 = (x: ArrayLike<number>, y: ArrayLike<number>): number => {
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

const absDot = (x: ArrayLike<number>, y: ArrayLike<number>): number => {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += Math.abs(x[k] * y[k]);
  return s;
};

type Kind = 'f64' | 'f32' | 'array' | 'i32';
const asKind = (values: readonly number[], kind: Kind): ArrayLike<number> =>
  kind === 'f64'
    ? Float64Array.from(values)
    : kind === 'f32'
      ? Float32Array.from(values)
      : kind === 'i32'
        ? Int32Array.from(values)
        : values.slice();

const kinds: readonly Kind[] = ['f64', 'f32', 'array', 'i32'];

/** n vectors of one length d, each of its own storage kind; d up to 2100 crosses block edges. */
const vectorSets = (value: fc.Arbitrary<number>, allowed: readonly Kind[]) =>
  fc
    .tuple(fc.integer({ min: 1, max: 9 }), fc.oneof(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1000, max: 2100 })))
    .chain(([n, d]) =>
      fc.array(fc.tuple(fc.array(value, { minLength: d, maxLength: d }), fc.constantFrom(...allowed)), { minLength: n, maxLength: n }),
    )
    .map((rows) => rows.map(([values, kind]) => asKind(values, kind)));

describe('WebAssembly SIMD Gram kernel', () => {
  it('is available on Node (the kernel is used, not silently replaced by the JS loop)', () => {
    expect(gramKernelAvailable()).toBe(true);
    const v = Float64Array.from({ length: 100 }, (_, k) => k);
    // Σ k² for k < 100 = 328350 in every entry (exact in Float64).
    expect(gramMatrixWasm([v, v], 100)).toEqual(Float64Array.of(328350, 328350, 328350, 328350));
  });

  it('on small-integer vectors (n = 1..9, d up to 2100, Float64/Float32/Int32/plain arrays mixed), where every sum is exact in Float64, equals the exact Gram bit for bit, as does the JS Gram', () => {
    fc.assert(
      fc.property(vectorSets(fc.integer({ min: -1024, max: 1024 }), kinds), (vectors) => {
        const n = vectors.length;
        const d = vectors[0].length;
        const wasm = gramMatrixWasm(vectors, d)!;
        const js = gramMatrixJs(vectors, d);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let exact = 0; // |products| ≤ 2^20, d ≤ 2100: every partial sum is an integer below 2^32
            for (let k = 0; k < d; k++) exact += vectors[i][k] * vectors[j][k];
            expect(wasm[i * n + j]).toBe(exact);
            expect(js[i * n + j]).toBe(exact);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('on real-valued vectors (magnitudes 1e-3..1e3) every entry is within the Float64 dot-product bound (d+2)·u·Σ|x_k·y_k| of a compensated reference, and so is the JS Gram; the matrix is exactly symmetric', () => {
    // |x| in [1e-3, 1e3] or 0, as the name says: a subnormal product would need an absolute
    // underflow term the relative bound below does not have.
    const magnitude = fc.oneof(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.double({ min: 1e-3, max: 1, noNaN: true }));
    const value = fc.oneof(
      { arbitrary: fc.tuple(magnitude, fc.boolean()).map(([m, negative]) => (negative ? -m : m)), weight: 9 },
      { arbitrary: fc.constant(0), weight: 1 },
    );
    fc.assert(
      fc.property(vectorSets(value, kinds), (vectors) => {
        const n = vectors.length;
        const d = vectors[0].length;
        const wasm = gramMatrixWasm(vectors, d)!;
        const js = gramMatrixJs(vectors, d);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const reference = dot2(vectors[i], vectors[j]);
            const bound = (d + 2) * U * absDot(vectors[i], vectors[j]) * 1.01;
            expect(Math.abs(wasm[i * n + j] - reference)).toBeLessThanOrEqual(bound);
            expect(Math.abs(js[i * n + j] - reference)).toBeLessThanOrEqual(bound);
            expect(wasm[i * n + j]).toBe(wasm[j * n + i]);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('accumulates Float32 input in Float64: ⟨v, v⟩ for v = (2^24, 1, …, 1) is 2^48 + d − 1 exactly (a Float32 sum would drop every 1)', () => {
    for (const d of [5, 1031, 4099]) {
      const v = new Float32Array(d).fill(1);
      v[0] = 2 ** 24;
      const w = Float32Array.from(v, (x, k) => (k % 2 === 0 ? x : -x));
      const gram = gramMatrix([v, w], d);
      expect(gram[0]).toBe(2 ** 48 + d - 1);
      expect(gram[3]).toBe(2 ** 48 + d - 1);
      // ⟨v, w⟩ = 2^48 + Σ_{k ≥ 1} (−1)^k = 2^48 − (1 when d − 1 is odd)
      expect(gram[1]).toBe(2 ** 48 - ((d - 1) % 2));
    }
  });

  it('crosses block edges: n = 1, 2, 3, 4, 7, 9 small-integer vectors of d = 33 001 (blocks of up to 16 384 for n ≤ 2, 4096 for more) give the exact Gram', () => {
    const d = 33_001;
    for (const n of [1, 2, 3, 4, 7, 9]) {
      const vectors = Array.from({ length: n }, (_, i) => Float64Array.from({ length: d }, (_, k) => ((k * (i + 5) + 3 * i) % 201) - 100));
      const wasm = gramMatrixWasm(vectors, d)!;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let exact = 0;
          for (let k = 0; k < d; k++) exact += vectors[i][k] * vectors[j][k];
          expect(wasm[i * n + j]).toBe(exact);
        }
      }
    }
  });

  it("reuses its memory safely: a shorter call after a larger one sees none of its data (each row's zero-padded tail is rewritten)", () => {
    const ints = (n: number, d: number, salt: number) =>
      Array.from({ length: n }, (_, i) => Float64Array.from({ length: d }, (_, k) => (((i + salt) * (k + 1)) % 17) - 8));
    gramMatrixWasm(ints(10, 2048, 3), 2048);
    const small = ints(3, 1501, 5); // second block: 477 values, padded to 480
    expect(Array.from(gramMatrixWasm(small, 1501)!)).toEqual(Array.from(gramMatrixJs(small, 1501)));
  });

  it('gramMatrix (the dispatcher) agrees with the JS Gram above and below the size where it switches to the kernel', () => {
    for (const [n, d] of [
      [2, 3],
      [3, 2000],
      [1, 40000],
      [12, 700],
    ] as const) {
      const vectors = Array.from({ length: n }, (_, i) => Float64Array.from({ length: d }, (_, k) => Math.sin(i * 7.1 + k * 0.37)));
      const ours = gramMatrix(vectors, d);
      const js = gramMatrixJs(vectors, d);
      for (let p = 0; p < n * n; p++) {
        const i = Math.floor(p / n);
        const bound = (d + 2) * U * absDot(vectors[i], vectors[p % n]) * 2.02;
        expect(Math.abs(ours[p] - js[p])).toBeLessThanOrEqual(bound);
      }
    }
  });
});
