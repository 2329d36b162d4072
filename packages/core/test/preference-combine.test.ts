import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noonPpoCombine, pamaScalar, preferenceCombine, preferenceScalar } from '../src/index.js';
import { unwrap } from './unwrap.js';

const value = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const nonNegative = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }));
const positivePref = fc.double({ min: 1e-3, max: 1, noNaN: true });

/** Values and a preference of the same length n (1..8); the preference may hold zeros but not only zeros. */
const valuesAndPreference = (entries: fc.Arbitrary<number>) =>
  fc.integer({ min: 1, max: 8 }).chain((n) =>
    fc.tuple(
      fc.array(entries, { minLength: n, maxLength: n }),
      fc.array(fc.oneof(fc.constant(0), positivePref), { minLength: n, maxLength: n }).filter((p) => p.some((x) => x > 0)),
    ),
  );

describe('preferenceScalar (Theorem 1 on preference-scaled values)', () => {
  it('with a uniform preference (any positive level) equals PAMA exactly: same weights, same value', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 16 }), positivePref, (a, level) => {
        const steered = unwrap(
          preferenceScalar(
            a,
            a.map(() => level),
          ),
        );
        const pama = unwrap(pamaScalar(a));
        expect(Array.from(steered.weights)).toEqual(Array.from(pama.weights));
        if (pama.value !== 0) expect(steered.value).toBe(pama.value);
        else expect(Math.abs(steered.value)).toBeLessThanOrEqual(1e-9 * Math.max(...a.map(Math.abs)));
      }),
      { numRuns: 300 },
    );
  });

  it('weights lie on the simplex, are 0 where the preference is 0, and the value is their mix of the values', () => {
    fc.assert(
      fc.property(valuesAndPreference(value), ([a, p]) => {
        const { weights, value: v } = unwrap(preferenceScalar(a, p));
        let sum = 0;
        let mix = 0;
        weights.forEach((w, i) => {
          expect(w).toBeGreaterThanOrEqual(0);
          if (p[i] === 0) expect(w).toBe(0);
          sum += w;
          mix += w * a[i];
        });
        expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-12);
        expect(v).toBeCloseTo(mix, 6);
        const kept = a.filter((_, i) => p[i] > 0);
        expect(v).toBeGreaterThanOrEqual(Math.min(...kept) - 1e-9 * Math.max(1, ...kept.map(Math.abs)));
        expect(v).toBeLessThanOrEqual(Math.max(...kept) + 1e-9 * Math.max(1, ...kept.map(Math.abs)));
      }),
      { numRuns: 300 },
    );
  });

  it("for non-negative values (Noon): raising p_j never lowers objective j's weight", () => {
    fc.assert(
      fc.property(valuesAndPreference(nonNegative), fc.nat(7), fc.double({ min: 1, max: 100, noNaN: true }), ([a, p], jRaw, factor) => {
        const j = jRaw % a.length;
        if (p[j] === 0) return;
        const before = unwrap(preferenceScalar(a, p)).weights[j];
        const raised = p.map((x, i) => (i === j ? x * factor : x));
        const after = unwrap(preferenceScalar(a, raised)).weights[j];
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('is invariant to rescaling the preference (only ratios matter) up to rounding', () => {
    fc.assert(
      fc.property(valuesAndPreference(nonNegative), fc.integer({ min: 1, max: 10 }), ([a, p], k) => {
        const one = unwrap(preferenceScalar(a, p));
        const scaled = unwrap(
          preferenceScalar(
            a,
            p.map((x) => x * 2 ** k),
          ),
        );
        expect(Array.from(scaled.weights)).toEqual(Array.from(one.weights));
      }),
      { numRuns: 200 },
    );
  });

  it('with mixed signs, monotonicity in p does not hold: documented counterexample', () => {
    // a = (−1, 2, 1.9): the mix of min and max gives objective 1 weight 1/3; raising p_1 makes
    // objective 2 the maximum instead and objective 1 drops to weight 0.
    expect(unwrap(preferenceScalar([-1, 2, 1.9], [1, 1, 1])).weights[1]).toBeCloseTo(1 / 3, 12);
    expect(unwrap(preferenceScalar([-1, 2, 1.9], [1, 1.5, 1])).weights[1]).toBe(0);
  });

  it('rejects a bad preference with the field named', () => {
    expect(preferenceScalar([1, 2], [1])).toMatchObject({ _tag: 'Left', left: { code: 'shape-mismatch', field: 'preference.length' } });
    expect(preferenceScalar([1, 2], [1, -0.5])).toMatchObject({ _tag: 'Left', left: { code: 'out-of-range', field: 'preference[1]' } });
    expect(preferenceScalar([1, 2], [0, 0])).toMatchObject({ _tag: 'Left', left: { code: 'out-of-range', field: 'preference' } });
    expect(preferenceScalar([1, 2], [1, Number.NaN])).toMatchObject({ _tag: 'Left', left: { code: 'non-finite' } });
    expect(preferenceScalar([1e300, 2], [1e-300, 1])).toMatchObject({ _tag: 'Left', left: { code: 'out-of-range', field: 'preference' } });
  });
});

/** B×T×N advantages, B×T ratios and mask for a small combine problem. */
const problem = fc
  .record({ b: fc.integer({ min: 1, max: 4 }), t: fc.integer({ min: 1, max: 5 }), n: fc.integer({ min: 1, max: 4 }) })
  .chain(({ b, t, n }) =>
    fc.record({
      shape: fc.constant([b, t, n] as const),
      adv: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: b * t * n, maxLength: b * t * n }),
      ratios: fc.array(fc.double({ min: 0.5, max: 1.5, noNaN: true }), { minLength: b * t, maxLength: b * t }),
      mask: fc.array(fc.constantFrom(0, 1, 1), { minLength: b * t, maxLength: b * t }),
      noon: fc.boolean(),
      granularity: fc.constantFrom('token' as const, 'sample' as const, 'batch' as const),
    }),
  );

describe('preferenceCombine (Noon PPO combine, steered)', () => {
  it('with a uniform preference reproduces noonPpoCombine at token, sample and batch granularity', () => {
    fc.assert(
      fc.property(problem, (q) => {
        const [b, t, n] = q.shape;
        const input = {
          advantages: { data: q.adv, shape: [b, t, n] },
          ratios: { data: q.ratios, shape: [b, t] },
          mask: { data: q.mask, shape: [b, t] },
          clipEpsilon: 0.2,
          granularity: q.granularity,
          noon: q.noon,
        };
        const pama = unwrap(noonPpoCombine(input));
        const steered = unwrap(preferenceCombine({ ...input, preference: new Array(n).fill(1 / n) }));
        expect(steered.weightsShape).toEqual(pama.weightsShape);
        for (let i = 0; i < steered.weights.length; i++) expect(steered.weights[i]).toBeCloseTo(pama.weights[i], 9);
        for (let i = 0; i < steered.combined.length; i++) expect(steered.combined[i]).toBeCloseTo(pama.combined[i], 5);
      }),
      { numRuns: 200 },
    );
  });

  it('sample weights are on the simplex per response and zero on a zero preference', () => {
    fc.assert(
      fc.property(problem, fc.array(fc.oneof(fc.constant(0), positivePref), { minLength: 4, maxLength: 4 }), (q, pFull) => {
        const [b, t, n] = q.shape;
        const p = pFull.slice(0, n);
        if (!p.some((x) => x > 0)) p[0] = 1;
        const out = unwrap(
          preferenceCombine({
            advantages: { data: q.adv, shape: [b, t, n] },
            clipEpsilon: 0.2,
            granularity: 'sample',
            noon: q.noon,
            preference: p,
          }),
        );
        for (let r = 0; r < b; r++) {
          const row = Array.from(out.weights.subarray(r * n, (r + 1) * n));
          expect(Math.abs(row.reduce((s, w) => s + w, 0) - 1)).toBeLessThanOrEqual(1e-12);
          row.forEach((w, i) => {
            expect(w).toBeGreaterThanOrEqual(0);
            if (p[i] === 0) expect(w).toBe(0);
          });
        }
      }),
      { numRuns: 150 },
    );
  });

  it("refuses 'gram' and a preference of the wrong length", () => {
    const base = { advantages: { data: [1, 2], shape: [1, 1, 2] }, clipEpsilon: 0.2 };
    expect(preferenceCombine({ ...base, granularity: 'gram', preference: [1, 1] })).toMatchObject({
      _tag: 'Left',
      left: { field: 'granularity' },
    });
    expect(preferenceCombine({ ...base, granularity: 'sample', preference: [1, 1, 1] })).toMatchObject({
      _tag: 'Left',
      left: { field: 'preference.length' },
    });
  });

  it('steers: the example from the doc comment picks the preferred objective', () => {
    const out = unwrap(
      preferenceCombine({
        advantages: { data: [0.3, 0.5], shape: [1, 1, 2] },
        clipEpsilon: 0.2,
        granularity: 'sample',
        preference: [0.2, 0.8],
      }),
    );
    expect(Array.from(out.weights)).toEqual([0, 1]);
    expect(out.combined[0]).toBeCloseTo(0.5, 6);
  });
});
