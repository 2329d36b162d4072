import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { preferenceCombine } from 'pama-core';
import { FieldError } from 'pama-core/support';
import { combineWithPamaCore, minNormWithPamaCore, preferenceCombinerWithPamaCore } from '../src/training/pama-core-solvers.js';
import { clippedSurrogateLoss } from '../src/training/ppo-loss.js';
import { TrainingError } from '../src/training/training-error.js';

/** The error `run` throws (failing the test if it returns). */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Noon-PPO loss with the PAMA combine (pama-core)', () => {
  it('matches a hand-worked case: token min of Noon advantages, zero past 1+ε, masked tokens ignored', () => {
    // Two objectives, three tokens, ε = 0.2. Advantages (A¹, A²): t0 (0.5, 2), t1 (−1, 1), t2 (3, 3) masked.
    // u = (1.0, 1.0, 1.0) first: Noon → t0 (0.5, 2) → s* = 0.5; t1 (0, 1) → s* = 0; t2 masked → 0.
    const request = {
      advantages: Float32Array.from([0.5, 2, -1, 1, 3, 3]),
      ratios: Float32Array.from([1, 1, 1]),
      mask: Float32Array.from([1, 1, 0]),
      rows: 1,
      length: 3,
      nObjectives: 2,
      clipEpsilon: 0.2,
      granularity: 'token' as const,
    };
    const atStart = combineWithPamaCore(request);
    expect(Array.from(atStart.combined)).toEqual([0.5, 0, 0]);
    // Now t0's ratio is 1.3 > 1+ε: the indicator zeroes it, so ŝ = 0 everywhere.
    const moved = combineWithPamaCore({ ...request, ratios: Float32Array.from([1.3, 1, 1]) });
    expect(Array.from(moved.combined)).toEqual([0, 0, 0]);
    // Loss at u = 1: −mean over valid tokens of u·ŝ = −(0.5 + 0)/2.
    const loss = clippedSurrogateLoss(
      tf.tensor2d([[0, 0, 0]]),
      tf.tensor2d([[0, 0, 0]]),
      tf.tensor2d(atStart.combined, [1, 3]),
      tf.tensor2d(request.mask, [1, 3]),
      0.2,
    );
    expect(loss.dataSync()[0]).toBeCloseTo(-0.25, 6);
    expect(atStart.meanWeights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('sample granularity reports the token-weighted mean of the per-response weights', () => {
    // Row 0: means (1, 2) → weights one-hot on objective 0; row 1: means (3, 1) → one-hot on 1.
    // Row 0 has 2 valid tokens, row 1 has 1, so the mean weights are (2/3, 1/3).
    const out = combineWithPamaCore({
      advantages: Float32Array.from([1, 2, 1, 2, 3, 1, 0, 0]),
      ratios: Float32Array.from([1, 1, 1, 1]),
      mask: Float32Array.from([1, 1, 1, 0]),
      rows: 2,
      length: 2,
      nObjectives: 2,
      clipEpsilon: 0.2,
      granularity: 'sample',
    });
    expect(out.meanWeights[0]).toBeCloseTo(2 / 3, 9);
    expect(out.meanWeights[1]).toBeCloseTo(1 / 3, 9);
  });

  it('bad input surfaces as a TrainingError naming the core field', () => {
    expect(() =>
      combineWithPamaCore({
        advantages: Float32Array.from([Number.NaN, 1]),
        ratios: Float32Array.from([1]),
        mask: Float32Array.from([1]),
        rows: 1,
        length: 1,
        nObjectives: 2,
        clipEpsilon: 0.2,
        granularity: 'token',
      }),
    ).toThrow(/combine\.advantages/);
  });

  it('a core Left becomes a TrainingError whose value is read from the input at the core field', () => {
    const request = {
      advantages: Float32Array.from([1, Number.NaN]),
      ratios: Float32Array.from([1]),
      mask: Float32Array.from([1]),
      rows: 1,
      length: 1,
      nObjectives: 2,
      clipEpsilon: 0.2,
      granularity: 'token' as const,
    };
    const error = thrown(() => combineWithPamaCore(request));
    expect(error).toBeInstanceOf(TrainingError);
    expect(error).toBeInstanceOf(FieldError);
    expect(error).toMatchObject({ field: 'combine.advantages.data[1]', value: Number.NaN });
    expect(error.message).toMatch(/^combine\.advantages\.data\[1\]: .* \(got NaN\)$/);
    const pref = thrown(() => preferenceCombinerWithPamaCore([1, -1])({ ...request, advantages: Float32Array.from([1, 2]) }));
    expect(pref).toBeInstanceOf(TrainingError);
    expect(pref).toMatchObject({ field: 'combine.preference[1]', value: -1 });
  });

  it('the preference combiner gives what pama-core preferenceCombine gives, with mean weights over valid tokens', () => {
    const request = {
      advantages: Float32Array.from([1, 2, 3, -1, 0.5, 0.5]),
      ratios: Float32Array.from([1, 1.1, 0.95]),
      mask: Float32Array.from([1, 1, 0]),
      rows: 1,
      length: 3,
      nObjectives: 2,
      clipEpsilon: 0.2,
      granularity: 'sample' as const,
    };
    const out = preferenceCombinerWithPamaCore([0.25, 0.75])(request);
    const core = preferenceCombine({
      advantages: { data: request.advantages, shape: [1, 3, 2] },
      ratios: { data: request.ratios, shape: [1, 3] },
      mask: { data: request.mask, shape: [1, 3] },
      clipEpsilon: 0.2,
      granularity: 'sample',
      preference: [0.25, 0.75],
    });
    if (core._tag === 'Left') throw new Error(core.left.message);
    expect(out.combined).toEqual(core.right.combined);
    // One response: its weights are the mean weights.
    expect(Array.from(out.meanWeights)).toEqual(Array.from(core.right.weights));
  });

  it('the min-norm solver picks the shorter vector when one dominates (MGDA-UB)', () => {
    const w = minNormWithPamaCore([Float32Array.from([1, 0]), Float32Array.from([3, 0])]);
    expect(w[0]).toBeCloseTo(1, 9);
    expect(w[1]).toBeCloseTo(0, 9);
  });
});
