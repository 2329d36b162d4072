import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearCombine, mgdaWeights, minNormElement, tchebycheffWeights } from '../src/index.js';
import { combineCase } from './combine-arbitraries.js';
import { unwrap } from './unwrap.js';

describe('baseline weightings', () => {
  it('linear scalarisation: for any problem and non-negative weights, ŝ_t = Σ_i w_i A^i_t on valid tokens and 0 on masked ones', () => {
    fc.assert(
      fc.property(
        combineCase().chain((c) =>
          fc.tuple(fc.constant(c), fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: c.N, maxLength: c.N })),
        ),
        ([c, w]) => {
          const { combined } = unwrap(
            linearCombine({
              advantages: { data: c.advantages, shape: [c.B, c.T, c.N] },
              mask: { data: c.mask, shape: [c.B, c.T] },
              weights: w,
            }),
          );
          for (let p = 0; p < c.B * c.T; p++) {
            const expected = c.mask[p] === 0 ? 0 : w.reduce((s, wi, i) => s + wi * c.advantages[p * c.N + i], 0);
            expect(combined[p]).toBe(Math.fround(expected));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('Tchebycheff: for any values, ideal point and preferences, the one-hot weight sits on an objective attaining max_i λ_i (z*_i − J_i)', () => {
    const vec = (n: number) => fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n });
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((n) => fc.tuple(vec(n), vec(n), fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: n, maxLength: n }))),
        ([values, ideal, preference]) => {
          const r = unwrap(tchebycheffWeights({ values, ideal, preference }));
          const gaps = values.map((v, i) => preference[i] * (ideal[i] - v));
          expect(r.distance).toBe(Math.max(...gaps) + 0);
          expect(gaps[r.objective] + 0).toBe(r.distance);
          expect(r.weights[r.objective]).toBe(1);
          expect(r.weights.reduce((s, x) => s + x, 0)).toBe(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('MGDA: mgdaWeights is the min-norm solve over the supplied gradients', () => {
    const grads = [
      [1, 0, 2],
      [0, 1, -1],
      [2, 2, 0],
    ];
    expect(unwrap(mgdaWeights(grads))).toEqual(unwrap(minNormElement(grads)));
  });
});
