import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minNormElement, pamaScalar } from '../src/index.js';
import { exactMinNormSquared } from './exact-min-norm.js';
import { unwrap } from './unwrap.js';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
};
const combine = (vectors: readonly ArrayLike<number>[], c: ArrayLike<number>) => {
  const w = new Float64Array(vectors[0].length);
  vectors.forEach((v, i) => {
    for (let k = 0; k < w.length; k++) w[k] += c[i] * v[k];
  });
  return w;
};
const maxSquaredNorm = (vectors: readonly ArrayLike<number>[]) => Math.max(...vectors.map((v) => dot(v, v)));

const integerVectors = (maxN: number) =>
  fc
    .integer({ min: 1, max: 5 })
    .chain((d) => fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: d, maxLength: d }), { minLength: 1, maxLength: maxN }));

const floatVectors = fc
  .integer({ min: 1, max: 6 })
  .chain((d) =>
    fc.array(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: d, maxLength: d }), { minLength: 2, maxLength: 12 }),
  );

describe('min-norm element of a convex hull (MGDA sub-problem)', () => {
  it('for finite vectors (n = 2..12, d = 1..6): the returned w = Σ c_i v_i satisfies ⟨v_i, w⟩ ≥ ‖w‖² − frankWolfeGap − rounding for every i (frankWolfeGap = ‖w‖² − min_i ⟨v_i, w⟩), dualityGap ≤ 1e-10·max‖v_i‖², c is on the simplex and the solver converged', () => {
    fc.assert(
      fc.property(floatVectors, (vectors) => {
        const sol = unwrap(minNormElement(vectors));
        // + 1e-300: below that, squared norms are subnormal and carry no relative accuracy.
        const scale = maxSquaredNorm(vectors) + 1e-300;
        expect(sol.converged).toBe(true);
        expect(sol.dualityGap).toBeLessThanOrEqual(1e-10 * scale);
        const sum = sol.weights.reduce((s, x) => s + x, 0);
        expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
        sol.weights.forEach((x) => expect(x).toBeGreaterThanOrEqual(0));
        const w = combine(vectors, sol.weights);
        const ww = dot(w, w);
        expect(Math.abs(ww - sol.normSquared)).toBeLessThanOrEqual(1e-9 * scale);
        for (const v of vectors) expect(dot(v, w)).toBeGreaterThanOrEqual(ww - sol.frankWolfeGap - 1e-9 * scale);
      }),
      { numRuns: 300 },
    );
  });

  it('for small integer vectors (n = 1..6): the reported duality gap bounds the true error ‖w‖² − min² against an exact rational solve, and the error is ≥ 0', () => {
    fc.assert(
      fc.property(integerVectors(6), (vectors) => {
        const sol = unwrap(minNormElement(vectors));
        const exact = exactMinNormSquared(vectors);
        const rounding = 1e-12 * Math.max(1, maxSquaredNorm(vectors));
        expect(sol.normSquared - exact).toBeLessThanOrEqual(sol.dualityGap + rounding);
        expect(sol.normSquared - exact).toBeGreaterThanOrEqual(-rounding);
      }),
      { numRuns: 300 },
    );
  });

  it('for small integer vectors solved with maxIterations 1 (unconverged on purpose): the duality gap still bounds the true error', () => {
    fc.assert(
      fc.property(integerVectors(6), (vectors) => {
        const sol = unwrap(minNormElement(vectors, { maxIterations: 1 }));
        const exact = exactMinNormSquared(vectors);
        const rounding = 1e-12 * Math.max(1, maxSquaredNorm(vectors));
        expect(sol.normSquared - exact).toBeLessThanOrEqual(sol.dualityGap + rounding);
        if (!sol.converged) expect(sol.dualityGap).toBeGreaterThan(1e-10 * maxSquaredNorm(vectors));
        // The Frank–Wolfe gap alone is not a certificate: it may fall short of the true error by up to 2×.
        expect(sol.normSquared - exact).toBeLessThanOrEqual(2 * sol.frankWolfeGap + rounding);
      }),
      { numRuns: 200 },
    );
  });

  it('for two vectors plus points inside their hull (duplicates and convex mixes, n = 3..6): the iterative solver agrees with the two-vector closed form', () => {
    const pairs = fc.integer({ min: 1, max: 5 }).chain((d) => {
      const vec = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: d, maxLength: d });
      return fc.tuple(vec, vec, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }));
    });
    fc.assert(
      fc.property(pairs, ([v1, v2, mixes]) => {
        const diff = v1.map((x, k) => x - v2[k]);
        const curvature = dot(diff, diff);
        const t =
          curvature > 0
            ? Math.min(
                1,
                Math.max(
                  0,
                  dot(
                    v2.map((x, k) => x - v1[k]),
                    v2,
                  ) / curvature,
                ),
              )
            : 1;
        const closed = v1.map((x, k) => t * x + (1 - t) * v2[k]);
        const closedSq = dot(closed, closed);
        const inside = mixes.map((s) => v1.map((x, k) => s * x + (1 - s) * v2[k]));
        const sol = unwrap(minNormElement([v1, v2, ...inside]));
        const scale = Math.max(dot(v1, v1), dot(v2, v2), 1e-300);
        expect(sol.converged).toBe(true);
        expect(Math.abs(sol.normSquared - closedSq)).toBeLessThanOrEqual(1e-9 * scale);
        const two = unwrap(minNormElement([v1, v2]));
        expect(Math.abs(two.normSquared - closedSq)).toBeLessThanOrEqual(1e-12 * scale);
      }),
      { numRuns: 300 },
    );
  });

  it('for one-dimensional vectors (n = 1..40): normSquared equals pamaScalar(values).value² and w equals the value', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }), (a) => {
        const sol = unwrap(minNormElement(a.map((x) => [x])));
        const { value } = unwrap(pamaScalar(a));
        const scale = Math.max(...a.map((x) => x * x));
        expect(Math.abs(sol.normSquared - value * value)).toBeLessThanOrEqual(1e-10 * scale);
        const w = a.reduce((s, x, i) => s + sol.weights[i] * x, 0);
        expect(Math.abs(w - value)).toBeLessThanOrEqual(1e-5 * Math.sqrt(scale) + 1e-150);
      }),
      { numRuns: 300 },
    );
  });

  it('the Frank–Wolfe gap ‖w‖² − min_i ⟨v_i, w⟩ alone does not bound the error: after one step on [(−2,−3), (−4,−1), (3,−5)] it is 3.93 while the error is 4.31; dualityGap (6.62) does', () => {
    const vectors = [
      [-2, -3],
      [-4, -1],
      [3, -5],
    ];
    const sol = unwrap(minNormElement(vectors, { maxIterations: 1 }));
    const error = sol.normSquared - exactMinNormSquared(vectors);
    expect(error).toBeGreaterThan(sol.frankWolfeGap);
    expect(error).toBeLessThanOrEqual(sol.dualityGap);
  });

  it('collinear, duplicate and zero vectors: converged, with the known minimum', () => {
    const dup = unwrap(
      minNormElement([
        [1, 2],
        [1, 2],
        [1, 2],
        [3, -1],
      ]),
    );
    expect(dup.converged).toBe(true);
    expect(dup.normSquared).toBeCloseTo(
      exactMinNormSquared([
        [1, 2],
        [3, -1],
      ]),
      12,
    );
    const collinear = unwrap(
      minNormElement([
        [1, 1],
        [2, 2],
        [-3, -3],
        [5, 5],
      ]),
    );
    expect(collinear.converged).toBe(true);
    expect(collinear.normSquared).toBeLessThanOrEqual(1e-10 * 50);
    const withZero = unwrap(
      minNormElement([
        [4, 1],
        [0, 0],
        [-2, 7],
      ]),
    );
    expect(withZero.normSquared).toBe(0);
    expect(withZero.weights[1]).toBe(1);
    const allZero = unwrap(
      minNormElement([
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ]),
    );
    expect(allZero).toMatchObject({ normSquared: 0, converged: true });
    // The certificate keeps its underflow allowance (2·d·MIN_VALUE): the one-pass Gram does not look for tiny components.
    expect(allZero.dualityGap).toBeLessThanOrEqual(2 * 3 * Number.MIN_VALUE);
  });

  it('orthogonal vectors of dimension d = 10^6 (n = 5): c_i ∝ 1/‖v_i‖² and ‖w‖² = 1/Σ 1/‖v_i‖², in Float64 accumulation', () => {
    const d = 1_000_000;
    const n = 5;
    const block = d / n;
    const vectors = Array.from({ length: n }, (_, i) => {
      const v = new Float32Array(d);
      v.fill((i + 1) * 0.001, i * block, (i + 1) * block);
      return v;
    });
    const norms = vectors.map((v) => dot(v, v));
    const expected = 1 / norms.reduce((s, x) => s + 1 / x, 0);
    const sol = unwrap(minNormElement(vectors));
    expect(sol.converged).toBe(true);
    expect(Math.abs(sol.normSquared - expected)).toBeLessThanOrEqual(1e-9 * expected);
    sol.weights.forEach((c, i) => expect(c).toBeCloseTo(expected / norms[i], 9));
  });
});
