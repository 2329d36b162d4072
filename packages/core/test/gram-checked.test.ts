import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gramMatrixChecked } from '../src/min-norm/gram-checked.js';
import { gramMatrixJs } from '../src/min-norm/gram-js.js';
import { gramMatrix } from '../src/min-norm/gram-matrix.js';

type Kind = 'f64' | 'f32' | 'array';
const NUMBER_BAD = [NaN, Infinity, -Infinity];
const OTHER_BAD: unknown[] = ['1', null, undefined, {}, 1n, true];

/** Small-integer vectors (exact Gram), d from 1 to 2100 (both the JS path and the kernel). */
const vectorSets = fc
  .tuple(fc.integer({ min: 1, max: 7 }), fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 600, max: 2100 })))
  .chain(([n, d]) =>
    fc.tuple(
      fc.array(
        fc.tuple(
          fc.array(fc.integer({ min: -300, max: 300 }), { minLength: d, maxLength: d }),
          fc.constantFrom<Kind>('f64', 'f32', 'array'),
        ),
        { minLength: n, maxLength: n },
      ),
      // Bad components to plant: (vector, index, which bad value); non-numbers only in plain arrays.
      fc.array(fc.tuple(fc.nat(n - 1), fc.nat(d - 1), fc.nat(NUMBER_BAD.length + OTHER_BAD.length - 1)), { maxLength: 3 }),
    ),
  );

describe('Gram with the finiteness check in the same pass', () => {
  it('names the first component (vector, then index order) that is not a finite number — NaN/±Infinity in typed or plain arrays, non-numbers in plain arrays — and otherwise returns the exact Gram', () => {
    fc.assert(
      fc.property(vectorSets, ([rows, plants]) => {
        const d = rows[0][0].length;
        const vectors: ArrayLike<unknown>[] = rows.map(([values, kind]) => {
          if (kind === 'array') return values.slice() as unknown[];
          return kind === 'f64' ? Float64Array.from(values) : Float32Array.from(values);
        });
        let first: { vector: number; index: number; value: unknown } | undefined;
        for (const [i, k, which] of plants) {
          const v = vectors[i];
          const value =
            which < NUMBER_BAD.length || !Array.isArray(v) ? NUMBER_BAD[which % NUMBER_BAD.length] : OTHER_BAD[which - NUMBER_BAD.length];
          (v as unknown[])[k] = value;
          const stored = (v as unknown[])[k];
          if (first === undefined || i < first.vector || (i === first.vector && k < first.index))
            first = { vector: i, index: k, value: stored };
          else if (i === first.vector && k === first.index) first = { vector: i, index: k, value: stored };
        }
        const result = gramMatrixChecked(vectors, d);
        if (first === undefined) {
          expect(result.bad).toBeUndefined();
          expect(Array.from(result.gram!)).toEqual(Array.from(gramMatrixJs(vectors as ArrayLike<number>[], d)));
        } else {
          expect(result.gram).toBeUndefined();
          expect(result.bad!.vector).toBe(first.vector);
          expect(result.bad!.index).toBe(first.index);
          expect(Object.is(result.bad!.value, first.value) || (typeof first.value === 'object' && result.bad!.value === first.value)).toBe(
            true,
          );
        }
      }),
      { numRuns: 80 },
    );
  });

  it('returns an overflowing Gram of finite components as it is (the caller reports the overflow), on both paths', () => {
    for (const d of [3, 20000]) {
      const v = new Float64Array(d).fill(1e200);
      const result = gramMatrixChecked([v, v], d);
      expect(result.bad).toBeUndefined();
      expect(result.gram![0]).toBe(Infinity);
    }
  });

  it('is not corrupted by a getter that computes another (larger) Gram during the copy: the inner call takes the JS path', () => {
    const d = 5000;
    const inner = Array.from({ length: 40 }, (_, i) => Float64Array.from({ length: d }, (_, k) => ((i + k) % 7) - 3));
    let innerGram: Float64Array | undefined;
    const plain = Array.from({ length: d }, (_, k) => (k % 3) - 1);
    const withGetter: Record<number, number> & { length: number } = { length: d };
    for (let k = 0; k < d; k++) {
      Object.defineProperty(withGetter, k, {
        get: () => {
          if (k === 10) innerGram = gramMatrix(inner, d);
          return plain[k];
        },
      });
    }
    const vectors = [Float64Array.from(plain, (x) => 2 * x), withGetter, Float32Array.from(plain, (x) => -x)];
    const result = gramMatrixChecked(vectors, d);
    expect(Array.from(result.gram!)).toEqual(Array.from(gramMatrixJs([vectors[0], plain, vectors[2]], d)));
    expect(Array.from(innerGram!)).toEqual(Array.from(gramMatrixJs(inner, d)));
  });

  it('reads every component exactly once on the kernel path and on the JS path (the values checked are the values used), for array-likes with getters', () => {
    for (const [n, d] of [
      [3, 5000],
      [2, 7],
    ] as const) {
      const reads = Array.from({ length: n }, () => new Int32Array(d));
      const vectors = reads.map((count, i) => {
        const v: Record<number, number> & { length: number } = { length: d };
        for (let k = 0; k < d; k++) {
          Object.defineProperty(v, k, {
            get: () => {
              count[k]++;
              return count[k] === 1 ? (i + 1) * ((k % 5) - 2) : NaN; // a second read would see NaN
            },
          });
        }
        return v;
      });
      const result = gramMatrixChecked(vectors, d);
      expect(result.bad).toBeUndefined();
      for (const count of reads) expect(Array.from(count).every((c) => c === 1)).toBe(true);
      let expected = 0;
      for (let k = 0; k < d; k++) expected += ((k % 5) - 2) ** 2;
      expect(result.gram![0]).toBe(expected);
      expect(result.gram![n * n - 1]).toBe(n * n * expected);
    }
  });
});
