import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pamaScalar, pamaScalarInto } from '../src/index.js';
import { unwrap } from './unwrap.js';

/** Independent minimum of (Σ c_i a_i)² over the simplex: the minimum of a convex function of a
 * linear form over a polytope is attained on an edge, so scan all pairs (i, j) in closed form. */
const minSquareOverEdges = (a: readonly number[]): number => {
  let best = Infinity;
  for (let i = 0; i < a.length; i++) {
    best = Math.min(best, a[i] * a[i]);
    for (let j = i + 1; j < a.length; j++) {
      // t·a_i + (1−t)·a_j crosses 0 inside the edge iff the endpoints differ in sign.
      if ((a[i] < 0 && a[j] > 0) || (a[i] > 0 && a[j] < 0)) best = 0;
      else best = Math.min(best, a[i] * a[i], a[j] * a[j]);
    }
  }
  return best;
};

const magnitude = fc.oneof(
  fc.constantFrom(0, 1e-12, 1e12, -1e-12, -1e12, 1, -1),
  fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -3, max: 3 }),
);
const scalars = fc.array(magnitude, { minLength: 1, maxLength: 64 });

describe('Theorem 1 (closed form pamaScalar)', () => {
  it('for finite values (n = 1..64, ties, zeros, mixed signs, |a| in [1e-12, 1e12]): value² equals the independent edge-scan minimum of (Σ c_i a_i)² over the simplex', () => {
    fc.assert(
      fc.property(scalars, (a) => {
        const { value } = unwrap(pamaScalar(a));
        expect(value * value).toBe(minSquareOverEdges(a));
        expect(value).toBeGreaterThanOrEqual(Math.min(...a));
        expect(value).toBeLessThanOrEqual(Math.max(...a));
      }),
      { numRuns: 400 },
    );
  });

  it('for finite values: the weights lie on the simplex, have at most two non-zeros, and Σ c_i a_i reproduces value (exactly when one-hot, to rounding when mixed)', () => {
    fc.assert(
      fc.property(scalars, (a) => {
        const { value, weights } = unwrap(pamaScalar(a));
        let total = 0;
        let nonZero = 0;
        let combo = 0;
        let scale = 0;
        for (let i = 0; i < a.length; i++) {
          expect(weights[i]).toBeGreaterThanOrEqual(0);
          total += weights[i];
          if (weights[i] !== 0) nonZero++;
          combo += weights[i] * a[i];
          scale = Math.max(scale, Math.abs(a[i]));
        }
        expect(Math.abs(total - 1)).toBeLessThanOrEqual(1e-15);
        expect(nonZero).toBeLessThanOrEqual(2);
        if (Math.min(...a) >= 0 || Math.max(...a) <= 0) expect(combo + 0).toBe(value);
        else expect(Math.abs(combo - value)).toBeLessThanOrEqual(4e-16 * scale);
      }),
      { numRuns: 400 },
    );
  });

  it('for finite values and any permutation: the value is unchanged and the weights permute with the values', () => {
    fc.assert(
      fc.property(
        scalars.chain((a) =>
          fc.tuple(
            fc.constant(a),
            fc.shuffledSubarray(
              a.map((_, i) => i),
              { minLength: a.length, maxLength: a.length },
            ),
          ),
        ),
        ([a, order]) => {
          const base = unwrap(pamaScalar(a));
          const permuted = unwrap(pamaScalar(order.map((i) => a[i])));
          expect(permuted.value).toBe(base.value);
          // Weight mass on each distinct value is the same (ties may move the one-hot within a tie).
          const massOn = (vals: number[], w: Float64Array) => {
            const m = new Map<number, number>();
            vals.forEach((v, i) => m.set(v, (m.get(v) ?? 0) + w[i]));
            return m;
          };
          const m1 = massOn(a, base.weights);
          const m2 = massOn(
            order.map((i) => a[i]),
            permuted.weights,
          );
          for (const [v, w] of m1) expect(m2.get(v) ?? 0).toBeCloseTo(w, 14);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('for finite values and k > 0: scaling the values by k scales value by k (exactly, barring under/overflow)', () => {
    fc.assert(
      fc.property(scalars, fc.constantFrom(0.5, 2, 4, 1024, 1 / 1024), (a, k) => {
        const base = unwrap(pamaScalar(a)).value;
        const scaled = unwrap(pamaScalar(a.map((x) => x * k))).value;
        expect(scaled).toBe(base * k + 0);
      }),
      { numRuns: 300 },
    );
  });

  it('for finite values: pamaScalarInto writes the same weights and returns the same value as pamaScalar', () => {
    const out = new Float64Array(64);
    fc.assert(
      fc.property(scalars, (a) => {
        const checked = unwrap(pamaScalar(a));
        out.fill(7);
        const value = pamaScalarInto(a, out);
        expect(value).toBe(checked.value);
        expect(Array.from(out.subarray(0, a.length))).toEqual(Array.from(checked.weights));
      }),
      { numRuns: 200 },
    );
  });

  it('signs differ (min < 0 < max): value is exactly 0 from a two-point mix of the first arg-min and arg-max', () => {
    const { value, weights } = unwrap(pamaScalar([3, -1, 2, -1, 3]));
    expect(value).toBe(0);
    expect(Array.from(weights)).toEqual([0.25, 0.75, 0, 0, 0]);
  });

  it('pamaScalarInto on a non-finite value or no values returns NaN rather than a plausible number', () => {
    expect(pamaScalarInto([1, Number.NaN], new Float64Array(2))).toBeNaN();
    expect(pamaScalarInto([1, Infinity], new Float64Array(2))).toBeNaN();
    expect(pamaScalarInto([], new Float64Array(0))).toBeNaN();
  });
});
