import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minNormElement, minNormFromGram, type MinNormSolution } from '../src/index.js';
import { exactGram, exactMinNormFraction, exactQuadratic, fromDouble, lessOrEqual, sub, type Fraction } from './exact-min-norm.js';
import { unwrap } from './unwrap.js';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
};
const maxSquaredNorm = (vectors: readonly ArrayLike<number>[]) => Math.max(...vectors.map((v) => dot(v, v)));

/**
 * Checks the certificate exactly: with G the exact (rational) Gram of the input doubles and m the
 * exact min-norm², both the reported normSquared and the exact ‖Σ c_i v_i‖² of the returned c are
 * ≤ m + dualityGap, and normSquaredUpperBound ≥ the exact ‖Σ c_i v_i‖². (Either may fall below m
 * by rounding: Σ c_i is 1 only up to rounding, and normSquared is a computed value.)
 */
const expectCertified = (vectors: readonly number[][], sol: MinNormSolution) => {
  const gram = exactGram(vectors);
  const min = exactMinNormFraction(gram);
  const achieved = exactQuadratic(gram, sol.weights);
  const gap = fromDouble(sol.dualityGap);
  const within = (x: Fraction) => lessOrEqual(sub(x, min), gap);
  expect(within(achieved)).toBe(true);
  expect(within(fromDouble(sol.normSquared))).toBe(true);
  expect(lessOrEqual(achieved, fromDouble(sol.normSquaredUpperBound))).toBe(true);
};

/**
 * Affinely dependent sets: integer base vectors (doubled, so midpoints stay integral) plus
 * duplicates, midpoints of two of them, and points on the line through two of them beyond the
 * segment (collinear, not inside the hull), inserted at generated positions.
 */
const dependentVectors = fc.integer({ min: 1, max: 4 }).chain((d) => {
  const vec = fc.array(fc.integer({ min: -5, max: 5 }), { minLength: d, maxLength: d });
  const extra = fc.record({
    a: fc.nat(),
    b: fc.nat(),
    kind: fc.constantFrom('duplicate', 'midpoint', 'line'),
    t: fc.constantFrom(-2, -1, 2, 3),
    at: fc.nat(),
  });
  return fc.tuple(fc.array(vec, { minLength: 1, maxLength: 4 }), fc.array(extra, { minLength: 1, maxLength: 4 })).map(([base, extras]) => {
    const doubled = base.map((v) => v.map((x) => 2 * x));
    const out = doubled.map((v) => [...v]);
    for (const { a, b, kind, t, at } of extras) {
      const u = doubled[a % doubled.length];
      const v = doubled[b % doubled.length];
      const point =
        kind === 'duplicate' ? [...u] : kind === 'midpoint' ? u.map((x, k) => (x + v[k]) / 2) : u.map((x, k) => x + t * (v[k] - x));
      out.splice(at % (out.length + 1), 0, point);
    }
    return out;
  });
});

/**
 * Near-degenerate sets, the shape of the `gram` combine's indicator vectors: small-integer base
 * vectors (mostly 0/1) plus exact duplicates and near-duplicates, near-midpoints and near-collinear
 * points of them, each perturbed by δ ∈ {1e-14, …, 1e-6} (times a generated factor ±[½, 1]) in
 * one generated component or in all, inserted at generated positions (n ≤ 8).
 */
const nearDegenerateVectors = fc.integer({ min: 2, max: 6 }).chain((d) => {
  const vec = fc.array(fc.constantFrom<number>(0, 0, 1, 1, 1, -1, 2), { minLength: d, maxLength: d });
  const extra = fc.record({
    a: fc.nat(),
    b: fc.nat(),
    kind: fc.constantFrom('duplicate', 'near-duplicate', 'near-duplicate', 'near-midpoint', 'near-line'),
    t: fc.constantFrom(-1, 0.25, 2),
    delta: fc.constantFrom(1e-14, 1e-12, 1e-10, 3e-10, 1e-9, 1e-8, 3e-8, 1e-7, 3e-7, 1e-6),
    noise: fc.array(
      fc.tuple(fc.double({ min: 0.5, max: 1, noNaN: true }), fc.boolean()).map(([x, negative]) => (negative ? -x : x)),
      { minLength: d, maxLength: d },
    ),
    component: fc.option(fc.nat(), { nil: undefined, freq: 4 }),
    at: fc.nat(),
  });
  return fc.tuple(fc.array(vec, { minLength: 1, maxLength: 4 }), fc.array(extra, { minLength: 1, maxLength: 4 })).map(([base, extras]) => {
    const out = base.map((v) => [...v]);
    for (const { a, b, kind, t, delta, noise, component, at } of extras) {
      const u = base[a % base.length];
      const v = base[b % base.length];
      const point =
        kind === 'near-midpoint' ? u.map((x, k) => (x + v[k]) / 2) : kind === 'near-line' ? u.map((x, k) => x + t * (v[k] - x)) : [...u];
      if (kind !== 'duplicate') {
        for (let k = 0; k < d; k++) if (component === undefined || component % d === k) point[k] += delta * noise[k];
      }
      out.splice(at % (out.length + 1), 0, point);
    }
    return out;
  });
});

/** Doubles with full 53-bit mantissas (so the Gram's products round), in [−8, 8]. */
const fullMantissa = fc
  .tuple(fc.bigInt({ min: -(2n ** 52n), max: 2n ** 52n }), fc.integer({ min: -3, max: 3 }))
  .map(([m, e]) => (Number(m) / 2 ** 52) * 2 ** e);
const floatVectors = fc
  .integer({ min: 1, max: 4 })
  .chain((d) => fc.array(fc.array(fullMantissa, { minLength: d, maxLength: d }), { minLength: 2, maxLength: 5 }));

describe('min-norm: exact termination and the certificate against exact rational arithmetic', () => {
  it('the four nearly collinear 2-D vectors whose minimum is exactly 0 (origin inside their hull): converged in a few steps, ‖w‖² and the certified gap at rounding level', () => {
    const vectors = [
      [-0.3318258643140425, 0.4066345267633628],
      [-0.3263784028961697, 0.40233689777632226],
      [0.2932540198225977, -0.3596408773524034],
      [0.3073060386938437, -0.3754142201585712],
    ];
    const sol = unwrap(minNormElement(vectors));
    const scale = maxSquaredNorm(vectors);
    expect(sol.converged).toBe(true);
    expect(sol.iterations).toBeLessThanOrEqual(10);
    expect(sol.normSquared).toBeLessThanOrEqual(1e-15 * scale);
    expect(sol.dualityGap).toBeLessThanOrEqual(1e-14 * scale);
    expectCertified(vectors, sol);
  });

  it('for affinely dependent integer sets (duplicates, midpoints, collinear points beyond the segment; n ≤ 8, d ≤ 4): converged, dualityGap ≤ 1e-13·max‖v_i‖², and the certificate holds exactly against the rational optimum', () => {
    fc.assert(
      fc.property(dependentVectors, (vectors) => {
        const sol = unwrap(minNormElement(vectors));
        expect(sol.converged).toBe(true);
        expect(sol.dualityGap).toBeLessThanOrEqual(1e-13 * Math.max(maxSquaredNorm(vectors), 1e-300));
        expectCertified(vectors, sol);
      }),
      { numRuns: 150 },
    );
  });

  it('a near-duplicate that must swap in through two reductions (v₃ ≈ v₀ off by ~1e-9; the support {v₀, v₁, v₂} holds v₂ at weight ~1e-12, so v₂ leaves first, then v₀): converged at the exact optimum, certified', () => {
    const vectors = [
      [-1, 1, 1],
      [1, -1, 1],
      [1, 0.5, 0.9999999999992586],
      [-0.9999999994263933, 1.0000000007230956, 0.9999999992234226],
      [1, 1, 1],
      [-0.9999999999, 0.99999999995, 0.9999999999398591],
    ];
    const sol = unwrap(minNormElement(vectors));
    expect(sol.converged).toBe(true);
    expect(sol.weights[0]).toBe(0);
    expect(sol.weights[3]).toBeGreaterThan(0.4);
    expectCertified(vectors, sol);
  });

  it('for near-degenerate sets (indicator-like vectors with exact and near duplicates, near-midpoints and near-collinear points perturbed by 1e-14 … 1e-6; n ≤ 8, d ≤ 6): converged, and the certificate holds exactly against the rational optimum', () => {
    fc.assert(
      fc.property(nearDegenerateVectors, (vectors) => {
        const sol = unwrap(minNormElement(vectors));
        expect(sol.converged).toBe(true);
        expectCertified(vectors, sol);
      }),
      { numRuns: 150 },
    );
  });

  it('for doubles with full 53-bit mantissas (n = 2..5, d ≤ 4; the Gram rounds): the certificate bounds the error against exact arithmetic on the input vectors, with no slack', () => {
    fc.assert(
      fc.property(floatVectors, (vectors) => {
        expectCertified(vectors, unwrap(minNormElement(vectors)));
      }),
      { numRuns: 100 },
    );
  });

  it('for doubles with full mantissas solved with maxIterations 1 (unconverged on purpose): the certificate still holds exactly', () => {
    fc.assert(
      fc.property(floatVectors, (vectors) => {
        expectCertified(vectors, unwrap(minNormElement(vectors, { maxIterations: 1 })));
      }),
      { numRuns: 60 },
    );
  });

  it('for nearly collinear vectors on both sides of the origin (±(½..1½)·a + δ·noise, δ ∈ {1e-2, 1e-3, 1e-6}; n = 3..12, d = 2..3, the shape of the four vectors above): converged with dualityGap ≤ 1e-12·max‖v_i‖², in at most 4n solver steps', () => {
    const nearlyCollinear = fc
      .record({ d: fc.integer({ min: 2, max: 3 }), n: fc.integer({ min: 3, max: 12 }), delta: fc.constantFrom(1e-2, 1e-3, 1e-6) })
      .chain(({ d, n, delta }) => {
        const unit = fc.double({ min: -1, max: 1, noNaN: true });
        const row = fc.tuple(fc.double({ min: 0.5, max: 1.5, noNaN: true }), fc.array(unit, { minLength: d, maxLength: d }));
        return fc
          .tuple(fc.array(unit, { minLength: d, maxLength: d }), fc.array(row, { minLength: n, maxLength: n }))
          .map(([a, rows]) => rows.map(([t, noise], i) => a.map((x, k) => (i % 2 === 0 ? -t : t) * x + delta * noise[k])));
      });
    fc.assert(
      fc.property(nearlyCollinear, (vectors) => {
        const sol = unwrap(minNormElement(vectors));
        expect(sol.converged).toBe(true);
        expect(sol.dualityGap).toBeLessThanOrEqual(1e-12 * Math.max(maxSquaredNorm(vectors), 1e-300));
        expect(sol.iterations).toBeLessThanOrEqual(4 * vectors.length);
      }),
      { numRuns: 200 },
    );
  });

  it('minNormFromGram on a Gram with duplicate rows (v, v, −v): exactly the midpoint of v and −v, gap at rounding level', () => {
    // v = (3, 4): G = [[25, 25, −25], [25, 25, −25], [−25, −25, 25]].
    const sol = minNormFromGram(Float64Array.of(25, 25, -25, 25, 25, -25, -25, -25, 25), 3);
    expect(sol.converged).toBe(true);
    expect(sol.normSquared).toBe(0);
    expect(sol.weights[0] + sol.weights[1]).toBeCloseTo(0.5, 15);
    expect(sol.weights[2]).toBeCloseTo(0.5, 15);
    expect(sol.dualityGap).toBeLessThanOrEqual(1e-14 * 25);
  });
});
