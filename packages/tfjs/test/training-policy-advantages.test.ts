// computePolicyAdvantages: what each method's policy update consumes, checked against a float64
// reference GAE and whitening written out here, independently of gae.ts and whiten.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computePolicyAdvantages, type PolicyAdvantageInput } from '../src/training/policy-advantages.js';

/** GAE of one B×T stream (float64): a masked position ends the episode, as the trainer documents. */
function referenceGae(
  rewards: ArrayLike<number>,
  values: ArrayLike<number>,
  mask: ArrayLike<number>,
  B: number,
  T: number,
  gamma: number,
  lambda: number,
) {
  const advantages = new Float64Array(B * T);
  const returns = new Float64Array(B * T);
  for (let b = 0; b < B; b++) {
    let carry = 0;
    let next = 0;
    for (let t = T - 1; t >= 0; t--) {
      const k = b * T + t;
      if (mask[k] === 0) {
        carry = 0;
        next = 0;
        continue;
      }
      carry = rewards[k] + gamma * next - values[k] + gamma * lambda * carry;
      advantages[k] = carry;
      returns[k] = carry + values[k];
      next = values[k];
    }
  }
  return { advantages, returns };
}

/** Valid entries to mean 0, variance 1 (population, with the trainer's 1e-8 floor); masked stay 0. */
function referenceWhiten(stream: ArrayLike<number>, mask: ArrayLike<number>): Float64Array {
  const valid = Array.from(mask, (m, k) => (m === 0 ? null : stream[k])).filter((x): x is number => x !== null);
  const out = new Float64Array(stream.length);
  if (valid.length === 0) return out;
  const mean = valid.reduce((a, b) => a + b, 0) / valid.length;
  const variance = valid.reduce((a, x) => a + (x - mean) ** 2, 0) / valid.length;
  for (let k = 0; k < stream.length; k++) if (mask[k] !== 0) out[k] = (stream[k] - mean) / Math.sqrt(variance + 1e-8);
  return out;
}

/** Column i of a B×T×N array. */
const column = (data: ArrayLike<number>, N: number, i: number) => Float64Array.from({ length: data.length / N }, (_, k) => data[k * N + i]);

/**
 * Whitening divides by the stream's standard deviation, so the float32 rounding of the advantages (a
 * few ulps of the largest, per step of the recursion over T) grows by 1/σ: a stream of nearly equal
 * advantages (σ ≪ |A|) is compared within that, not within 1e-4.
 */
function whitenSlack(stream: ArrayLike<number>, mask: ArrayLike<number>, T: number): number {
  const valid = Array.from(mask, (m, k) => (m === 0 ? null : stream[k])).filter((x): x is number => x !== null);
  if (valid.length === 0) return 0;
  const mean = valid.reduce((a, b) => a + b, 0) / valid.length;
  const variance = valid.reduce((a, x) => a + (x - mean) ** 2, 0) / valid.length;
  return (4 * T * 2 ** -23 * Math.max(...valid.map(Math.abs))) / Math.sqrt(variance + 1e-8);
}

/** |actual − expected| within float32 rounding of values of this size, plus `slack`. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, slack = 0): void {
  expect(actual.length, what).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) {
    const tolerance = 1e-4 * (1 + Math.abs(expected[k])) + slack;
    if (!(Math.abs(actual[k] - expected[k]) <= tolerance)) {
      throw new Error(`${what}[${k}] = ${actual[k]}, expected ${expected[k]} (±${tolerance})`);
    }
  }
}

const f32 = (min: number, max: number) => fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true, noDefaultInfinity: true });

/** A rollout: B×T×N rewards and values, a B×T mask with holes anywhere, weights, γ and λ. */
const rollouts = fc
  .record({ B: fc.integer({ min: 1, max: 3 }), T: fc.integer({ min: 1, max: 6 }), N: fc.integer({ min: 1, max: 4 }) })
  .chain(({ B, T, N }) =>
    fc.record({
      B: fc.constant(B),
      T: fc.constant(T),
      N: fc.constant(N),
      rewards: fc.array(f32(-10, 10), { minLength: B * T * N, maxLength: B * T * N }),
      values: fc.array(f32(-10, 10), { minLength: B * T * N, maxLength: B * T * N }),
      mask: fc.array(fc.constantFrom(0, 1), { minLength: B * T, maxLength: B * T }),
      weights: fc.array(f32(0, 1), { minLength: N, maxLength: N }),
      gamma: f32(0, 1),
      lambda: f32(0, 1),
    }),
  );

type Rollout = {
  B: number;
  T: number;
  N: number;
  rewards: number[];
  values: number[];
  mask: number[];
  weights: number[];
  gamma: number;
  lambda: number;
};

const inputOf = (r: Rollout, method: PolicyAdvantageInput['method'], whiten: boolean): PolicyAdvantageInput => ({
  method,
  rewards: Float32Array.from(r.rewards),
  values: Float32Array.from(r.values),
  mask: Float32Array.from(r.mask),
  batchSize: r.B,
  length: r.T,
  nObjectives: r.N,
  gamma: r.gamma,
  lambda: r.lambda,
  whiten,
  weights: Float64Array.from(r.weights),
});

/** Σ_i w_i x^i per position, of a B×T×N array given as float32. */
const weighted = (data: readonly number[], weights: readonly number[], N: number) =>
  Float64Array.from({ length: data.length / N }, (_, k) => weights.reduce((s, w, i) => s + w * Math.fround(data[k * N + i]), 0));

/** The reference GAE of the weighted reward Σ wᵢ rⁱ with the weighted value Σ wᵢ Vⁱ. */
const weightedReferenceGae = (r: Rollout) =>
  referenceGae(weighted(r.rewards, r.weights, r.N), weighted(r.values, r.weights, r.N), r.mask, r.B, r.T, r.gamma, r.lambda);

describe('computePolicyAdvantages', () => {
  it('morlhf: Σᵢ wᵢ·A′ⁱ is the GAE of the weighted reward Σᵢ wᵢ rⁱ with the weighted value Σᵢ wᵢ Vⁱ (property)', () => {
    fc.assert(
      fc.property(rollouts, (r) => {
        const out = computePolicyAdvantages(inputOf(r, 'morlhf', false));
        const gae = weightedReferenceGae(r);
        expect(out.scalar).toBeInstanceOf(Float32Array);
        expectClose(out.scalar as Float32Array, gae.advantages, 'scalar');
      }),
      { numRuns: 150 },
    );
  });

  it('morlhf with whitening: the scalar stream is the weighted GAE whitened once, not a sum of whitened streams (property)', () => {
    fc.assert(
      fc.property(rollouts, (r) => {
        const out = computePolicyAdvantages(inputOf(r, 'morlhf', true));
        const gae = weightedReferenceGae(r);
        expectClose(
          out.scalar as Float32Array,
          referenceWhiten(gae.advantages, r.mask),
          'scalar',
          whitenSlack(gae.advantages, r.mask, r.T),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('pama and mgda-ub: per-objective GAE (whitened per objective when asked), returns Gⁱ = A′ⁱ + Vⁱ, no scalar stream (property)', () => {
    fc.assert(
      fc.property(rollouts, fc.constantFrom('pama' as const, 'mgda-ub' as const), fc.boolean(), (r, method, whiten) => {
        const out = computePolicyAdvantages(inputOf(r, method, whiten));
        expect(out.scalar).toBeUndefined();
        expect(out.perObjective.length).toBe(r.B * r.T * r.N);
        expect(out.returns.length).toBe(r.B * r.T * r.N);
        for (let i = 0; i < r.N; i++) {
          const gae = referenceGae(
            column(r.rewards.map(Math.fround), r.N, i),
            column(r.values.map(Math.fround), r.N, i),
            r.mask,
            r.B,
            r.T,
            r.gamma,
            r.lambda,
          );
          expectClose(column(out.returns, r.N, i), gae.returns, `returns(objective ${i})`);
          expectClose(
            column(out.perObjective, r.N, i),
            whiten ? referenceWhiten(gae.advantages, r.mask) : gae.advantages,
            `perObjective(objective ${i})`,
            whiten ? whitenSlack(gae.advantages, r.mask, r.T) : 0,
          );
        }
      }),
      { numRuns: 100 },
    );
  });

  it('ppo: one objective, its GAE is the scalar stream, scaled by the weight', () => {
    // γ = λ = 1, one row of 3 tokens, the last masked: A = [r0 + r1 − V0, r1 − V1, 0].
    const input: PolicyAdvantageInput = {
      method: 'ppo',
      rewards: Float32Array.of(1, 2, 100),
      values: Float32Array.of(0.5, 1, 100),
      mask: Float32Array.of(1, 1, 0),
      batchSize: 1,
      length: 3,
      nObjectives: 1,
      gamma: 1,
      lambda: 1,
      whiten: false,
      weights: Float64Array.of(1),
    };
    const out = computePolicyAdvantages(input);
    expect(Array.from(out.scalar as Float32Array)).toEqual([2.5, 1, 0]);
    expect(Array.from(out.perObjective)).toEqual([2.5, 1, 0]);
    expect(Array.from(out.returns)).toEqual([3, 2, 0]);
    // One objective has no weights to apply: the stream is its advantage whatever `weights` holds.
    expect(Array.from(computePolicyAdvantages({ ...input, weights: Float64Array.of(2) }).scalar as Float32Array)).toEqual([2.5, 1, 0]);
  });

  it('leaves masked positions at 0 in every stream', () => {
    const out = computePolicyAdvantages({
      method: 'morlhf',
      rewards: Float32Array.of(1, 2, 3, 4, 5, 6),
      values: Float32Array.of(1, 1, 1, 1, 1, 1),
      mask: Float32Array.of(1, 0, 1),
      batchSize: 1,
      length: 3,
      nObjectives: 2,
      gamma: 0.9,
      lambda: 0.9,
      whiten: true,
      weights: Float64Array.of(0.5, 0.5),
    });
    expect([out.perObjective[2], out.perObjective[3], out.returns[2], out.returns[3], (out.scalar as Float32Array)[1]]).toEqual([
      0, 0, 0, 0, 0,
    ]);
  });
});
