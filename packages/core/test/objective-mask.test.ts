// noonPpoCombine's objectiveMask: objectives left out of a response's Theorem-1 problem.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noonPpoCombine, pamaScalarSubsetInto, type Granularity } from '../src/index.js';
import { combineCase, inputOf, type CombineCase } from './combine-arbitraries.js';
import { unwrap } from './unwrap.js';

const perResponse = fc.constantFrom<Granularity>('token', 'sample');

/** A case with a generated B×N objective mask (some rows may leave every objective out). */
const maskedCase = combineCase().chain((c) =>
  fc.record({
    c: fc.constant(c),
    objectiveMask: fc.array(fc.constantFrom(0, 1, 1), { minLength: c.B * c.N, maxLength: c.B * c.N }).map((a) => Float64Array.from(a)),
  }),
);

/** Row b of the case with only the objectives in `keep`, as its own one-response problem. */
function subProblem(c: CombineCase, b: number, keep: number[]): CombineCase {
  const advantages = new Float64Array(c.T * keep.length);
  for (let t = 0; t < c.T; t++) keep.forEach((i, j) => (advantages[t * keep.length + j] = c.advantages[(b * c.T + t) * c.N + i]));
  return {
    ...c,
    B: 1,
    N: keep.length,
    advantages,
    ratios: c.ratios.slice(b * c.T, (b + 1) * c.T),
    mask: c.mask.slice(b * c.T, (b + 1) * c.T),
  };
}

describe('objectiveMask', () => {
  it('for any problem, at token and sample granularity: a mask of all ones changes nothing', () => {
    fc.assert(
      fc.property(combineCase(), perResponse, fc.boolean(), (c, g, perToken) => {
        const tokenWeights = perToken ? ('per-token' as const) : ('mean' as const);
        const plain = unwrap(noonPpoCombine({ ...inputOf(c, g), tokenWeights }));
        const ones = { data: new Float64Array(c.B * c.N).fill(1), shape: [c.B, c.N] };
        const masked = unwrap(noonPpoCombine({ ...inputOf(c, g), tokenWeights, objectiveMask: ones }));
        expect(Array.from(masked.combined)).toEqual(Array.from(plain.combined));
        expect(Array.from(masked.weights)).toEqual(Array.from(plain.weights));
      }),
      { numRuns: 200 },
    );
  });

  it('for any problem and mask: each response is combined exactly as the sub-problem of its objectives that take part, the others weigh 0, and a response with none gets ŝ = 0', () => {
    fc.assert(
      fc.property(maskedCase, perResponse, ({ c, objectiveMask }, g) => {
        const tokenWeights = g === 'token' ? ('per-token' as const) : ('mean' as const);
        const out = unwrap(noonPpoCombine({ ...inputOf(c, g), tokenWeights, objectiveMask: { data: objectiveMask, shape: [c.B, c.N] } }));
        for (let b = 0; b < c.B; b++) {
          const keep = Array.from({ length: c.N }, (_, i) => i).filter((i) => objectiveMask[b * c.N + i] !== 0);
          const rowCombined = Array.from(out.combined.subarray(b * c.T, (b + 1) * c.T));
          // Weights of response b as T×N (token) or N (sample) rows.
          const rowWeights =
            g === 'token' ? out.weights.subarray(b * c.T * c.N, (b + 1) * c.T * c.N) : out.weights.subarray(b * c.N, (b + 1) * c.N);
          if (keep.length === 0) {
            expect(rowCombined.every((x) => x === 0)).toBe(true);
            expect(Array.from(rowWeights).every((x) => x === 0)).toBe(true);
            continue;
          }
          const sub = subProblem(c, b, keep);
          const expected = unwrap(noonPpoCombine({ ...inputOf(sub, g), tokenWeights }));
          expect(rowCombined).toEqual(Array.from(expected.combined));
          const groups = g === 'token' ? c.T : 1;
          for (let r = 0; r < groups; r++) {
            for (let i = 0; i < c.N; i++) {
              const j = keep.indexOf(i);
              const got = rowWeights[r * c.N + i];
              expect(got).toBe(j < 0 ? 0 : expected.weights[r * keep.length + j]);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('pamaScalarSubsetInto: for any values and inclusion, equals Theorem 1 on the included values, 0 elsewhere (and 0 with none included)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 8 }),
        (pairs) => {
          const values = pairs.map(([v]) => v);
          const include = pairs.map(([, k]) => (k ? 1 : 0));
          const n = values.length;
          const weights = new Float64Array(n).fill(7);
          const value = pamaScalarSubsetInto(values, include, { values: new Float64Array(n), weights: new Float64Array(n) }, weights);
          const kept = values.filter((_, i) => include[i] === 1);
          if (kept.length === 0) {
            expect(value).toBe(0);
            expect(Array.from(weights).every((w) => w === 0)).toBe(true);
            return;
          }
          const lo = Math.min(...kept);
          const hi = Math.max(...kept);
          expect(value).toBe(lo > 0 ? lo : hi < 0 ? hi : 0);
          let sum = 0;
          let dot = 0;
          weights.forEach((w, i) => {
            if (include[i] === 0) expect(w).toBe(0);
            expect(w).toBeGreaterThanOrEqual(0);
            sum += w;
            dot += w * values[i];
          });
          expect(sum).toBeCloseTo(1, 12);
          expect(dot).toBeCloseTo(value, 9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on bad input: a Left naming the field (batch/gram granularity, wrong shape, a NaN entry)', () => {
    const c: CombineCase = {
      B: 2,
      T: 3,
      N: 2,
      advantages: Float64Array.from({ length: 12 }, (_, k) => k - 5),
      ratios: new Float64Array(6).fill(1),
      mask: new Float64Array(6).fill(1),
      clipEpsilon: 0.2,
      noon: true,
    };
    const ok = { data: [1, 0, 1, 1], shape: [2, 2] };
    for (const g of ['batch', 'gram'] as Granularity[]) {
      const r = noonPpoCombine({ ...inputOf(c, g), objectiveMask: ok });
      expect(r._tag === 'Left' && r.left.field).toBe('objectiveMask');
    }
    const wrongShape = noonPpoCombine({ ...inputOf(c, 'sample'), objectiveMask: { data: [1, 1, 1], shape: [1, 3] } });
    expect(wrongShape._tag === 'Left' && wrongShape.left.field).toBe('objectiveMask.shape');
    for (const g of ['token', 'sample'] as Granularity[]) {
      const nan = noonPpoCombine({ ...inputOf(c, g), objectiveMask: { data: [1, Number.NaN, 1, 1], shape: [2, 2] } });
      expect(nan._tag === 'Left' && nan.left.field).toBe('objectiveMask.data[1]');
    }
  });
});
