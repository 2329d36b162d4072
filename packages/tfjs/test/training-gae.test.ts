import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { perObjectiveGae } from '../src/training/gae.js';

describe('perObjectiveGae', () => {
  it('matches a hand-worked case and bootstraps with 0 after the last valid token', () => {
    // γ = 0.9, λ = 0.8, mask [1, 1, 0]. t=1: δ = 2 + 0.9·0 − 1 = 1, A = 1, G = 2.
    // t=0: δ = 1 + 0.9·1 − 0.5 = 1.4, A = 1.4 + 0.72·1 = 2.12, G = 2.62. The padded t=2 is ignored.
    const { advantages, returns } = perObjectiveGae({
      rewards: [1, 2, 5],
      values: [0.5, 1, 7],
      mask: [1, 1, 0],
      batchSize: 1,
      length: 3,
      nObjectives: 1,
      gamma: 0.9,
      lambda: 0.8,
    });
    expect(advantages[0]).toBeCloseTo(2.12, 6);
    expect(advantages[1]).toBeCloseTo(1, 6);
    expect(advantages[2]).toBe(0);
    expect(returns[0]).toBeCloseTo(2.62, 6);
    expect(returns[1]).toBeCloseTo(2, 6);
    expect(returns[2]).toBe(0);
  });

  it('keeps objectives independent (interleaved B×T×N layout)', () => {
    // Objective 1 has rewards ×10 and values ×10 of objective 0, so its advantages are ×10 too.
    const { advantages } = perObjectiveGae({
      rewards: [1, 10, 2, 20],
      values: [0.5, 5, 1, 10],
      mask: [1, 1],
      batchSize: 1,
      length: 2,
      nObjectives: 2,
      gamma: 0.9,
      lambda: 0.8,
    });
    expect(advantages[1]).toBeCloseTo(10 * advantages[0], 4);
    expect(advantages[3]).toBeCloseTo(10 * advantages[2], 4);
  });

  it('with γ = λ = 1 and any prefix mask, returns equal the reward-to-go and A = G − V on valid tokens, 0 elsewhere', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 54, maxLength: 54 }),
        (T, N, lengths, pool) => {
          const B = lengths.length;
          const mask = new Float32Array(B * T);
          lengths.forEach((len, b) => {
            for (let t = 0; t < Math.min(len, T); t++) mask[b * T + t] = 1;
          });
          const rewards = Float32Array.from({ length: B * T * N }, (_, k) => pool[k % pool.length]);
          const values = Float32Array.from({ length: B * T * N }, (_, k) => pool[(k + 7) % pool.length]);
          const { advantages, returns } = perObjectiveGae({
            rewards,
            values,
            mask,
            batchSize: B,
            length: T,
            nObjectives: N,
            gamma: 1,
            lambda: 1,
          });
          for (let b = 0; b < B; b++) {
            for (let i = 0; i < N; i++) {
              let toGo = 0;
              for (let t = T - 1; t >= 0; t--) {
                const k = (b * T + t) * N + i;
                if (mask[b * T + t] === 0) {
                  expect(advantages[k]).toBe(0);
                  expect(returns[k]).toBe(0);
                  continue;
                }
                toGo += rewards[k];
                expect(returns[k]).toBeCloseTo(toGo, 3);
                expect(advantages[k]).toBeCloseTo(returns[k] - values[k], 3);
              }
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects γ outside [0, 1] and non-finite values, naming the field', () => {
    const base = { rewards: [1], values: [0], mask: [1], batchSize: 1, length: 1, nObjectives: 1, lambda: 0.9 };
    expect(() => perObjectiveGae({ ...base, gamma: 1.5 })).toThrow(/gamma/);
    expect(() => perObjectiveGae({ ...base, gamma: 0.9, values: [Number.POSITIVE_INFINITY] })).toThrow(/values\[0\]/);
  });
});
