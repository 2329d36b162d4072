import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearCombine, minNormElement, noonPpoCombine, pamaScalar, tchebycheffWeights, type PamaResult } from '../src/index.js';
import { granularity } from './combine-arbitraries.js';
import { unwrap } from './unwrap.js';

const expectLeft = <A>(result: PamaResult<A>, code: string, field: string) => {
  expect(result._tag).toBe('Left');
  if (result._tag !== 'Left') return;
  expect(result.left.code).toBe(code);
  expect(result.left.field).toBe(field);
};

/** B×T×N problems with small advantages (Float64, row-major) and a chosen token p = b·T + t. */
const problemWithToken = fc
  .record({ B: fc.integer({ min: 1, max: 3 }), T: fc.integer({ min: 1, max: 4 }), N: fc.integer({ min: 1, max: 4 }) })
  .chain(({ B, T, N }) =>
    fc.record({
      B: fc.constant(B),
      T: fc.constant(T),
      N: fc.constant(N),
      data: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: B * T * N, maxLength: B * T * N }),
      p: fc.nat({ max: B * T - 1 }),
      i: fc.nat({ max: N - 1 }),
      noon: fc.boolean(),
    }),
  );

describe('no wrong Right: overflow and malformed lengths are Lefts', () => {
  it('gram: an indicator column whose squared norm overflows (one advantage in [1.4e154, 1e300] at a valid, unclipped token) → Left out-of-range at advantages, never NaN weights', () => {
    fc.assert(
      fc.property(problemWithToken, fc.double({ min: 1.4e154, max: 1e300, noNaN: true }), ({ B, T, N, data, p, i, noon }, huge) => {
        const advantages = Float64Array.from(data);
        advantages[p * N + i] = huge;
        expectLeft(
          noonPpoCombine({ advantages: { data: advantages, shape: [B, T, N] }, clipEpsilon: 0.2, granularity: 'gram', noon }),
          'out-of-range',
          'advantages',
        );
      }),
      { numRuns: 100 },
    );
    const pinned = noonPpoCombine({ advantages: { data: [1e155, 1e155, 1e155], shape: [1, 1, 3] }, clipEpsilon: 0.2, granularity: 'gram' });
    expectLeft(pinned, 'out-of-range', 'advantages');
  });

  it('every granularity: a token whose N advantages all lie in [3.5e38, 1e100] (its ŝ exceeds Float32) → Left out-of-range naming combined[p]; the same values at 3.4e38 give a finite Right', () => {
    fc.assert(
      fc.property(
        problemWithToken,
        granularity,
        fc.array(fc.double({ min: 3.5e38, max: 1e100, noNaN: true }), { minLength: 4, maxLength: 4 }),
        ({ B, T, N, data, p, noon }, g, huge) => {
          const advantages = Float64Array.from(data);
          for (let i = 0; i < N; i++) advantages[p * N + i] = huge[i];
          expectLeft(
            noonPpoCombine({ advantages: { data: advantages, shape: [B, T, N] }, clipEpsilon: 0.2, granularity: g, noon }),
            'out-of-range',
            `combined[${p}]`,
          );
          for (let i = 0; i < N; i++) advantages[p * N + i] = 3.4e38;
          const fits = unwrap(
            noonPpoCombine({ advantages: { data: advantages, shape: [B, T, N] }, clipEpsilon: 0.2, granularity: g, noon }),
          );
          fits.combined.forEach((x) => expect(Number.isFinite(x)).toBe(true));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('linearCombine: a weighted sum beyond Float32 → Left out-of-range naming combined[p]', () => {
    fc.assert(
      fc.property(problemWithToken, fc.double({ min: 3.5e38, max: 1e300, noNaN: true }), ({ B, T, N, data, p, i }, huge) => {
        const advantages = Float64Array.from(data, (x) => Math.abs(x));
        advantages[p * N + i] = huge;
        const weights = new Array<number>(N).fill(1);
        expectLeft(linearCombine({ advantages: { data: advantages, shape: [B, T, N] }, weights }), 'out-of-range', `combined[${p}]`);
      }),
      { numRuns: 50 },
    );
  });

  it('sample and batch: indicator means whose running sum overflows (objective 0 at 1e308 on two tokens) still choose objective 1 (Theorem 1 on the true means), with ŝ = its advantages', () => {
    const advantages = { data: Float64Array.of(1e308, 0.5, 1e308, 0.25), shape: [1, 2, 2] };
    for (const g of ['sample', 'batch'] as const) {
      const r = unwrap(noonPpoCombine({ advantages, clipEpsilon: 0.2, granularity: g }));
      expect(Array.from(r.weights)).toEqual([0, 1]);
      expect(Array.from(r.combined)).toEqual([0.5, 0.25]);
    }
  });

  it('tchebycheffWeights: a distance λ(z* − J) that overflows → Left out-of-range, not Right(Infinity)', () => {
    expectLeft(tchebycheffWeights({ values: [0, -1e308], ideal: [1, 1e308] }), 'out-of-range', 'values[1]');
  });

  it('array-likes whose length is not a non-negative integer (2.5, NaN, −1, Infinity, "3") → Left invalid-type naming values.length / vectors[0].length / weights.length', () => {
    const badLength = fc.oneof(
      fc.double({ min: 0.01, max: 10, noNaN: true }).filter((x) => !Number.isInteger(x)),
      fc.constantFrom(Number.NaN, -1, Infinity, -Infinity, '3' as unknown as number),
    );
    fc.assert(
      fc.property(badLength, (length) => {
        const values = { length, 0: 0.5, 1: -0.25, 2: 1 } as unknown as ArrayLike<number>;
        expectLeft(pamaScalar(values), 'invalid-type', 'values.length');
        expectLeft(minNormElement([values, [1, 2, 3]]), 'invalid-type', 'vectors[0].length');
        expectLeft(tchebycheffWeights({ values, ideal: [1, 1, 1] }), 'invalid-type', 'values.length');
        expectLeft(linearCombine({ advantages: { data: [1, 2, 3], shape: [1, 1, 3] }, weights: values }), 'invalid-type', 'weights.length');
      }),
      { numRuns: 50 },
    );
  });
});
