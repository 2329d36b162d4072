// runPolicyUpdate on a tiny model: the epoch and minibatch loop, what each method's advantage source
// receives and returns, and that the statistics it reports are those of the minibatches it ran.
import type * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyValueModel } from '../src/contracts.js';
import { createPolicyValueModel, createRng } from '../src/index.js';
import { createClippedAdam } from '../src/training/adam.js';
import type { AdvantageCombiner, CombineRequest, MinNormGramSolver } from '../src/training/combine-binding.js';
import { defaultNoon, objectiveCombinerFor } from '../src/training/combiners/index.js';
import { minNormFromGramWithPamaCore } from '../src/training/pama-core-solvers.js';
import { PhaseTimer } from '../src/training/phase-timer.js';
import { type PolicyUpdateContext, runPolicyUpdate } from '../src/training/policy-update.js';
import type { RolloutBuffers } from '../src/training/rollout-buffers.js';
import { DEFAULT_PPO, type TrainingMethod } from '../src/training/trainer-options.js';
import { TrainingError } from '../src/training/training-error.js';
import { toyConfig, useCpuBackend } from './training-fixtures.js';

const B = 6;
const P = 2;
const T = 3;
const N = 2;
const EPSILON = 0.2;

/** A rollout whose per-objective advantages label their row (row b holds b·10 + j), some tokens masked. */
function rollout(withScalar: boolean): RolloutBuffers {
  const rng = createRng(5);
  const mask = Float32Array.from({ length: B * T }, (_, k) => (k % T === T - 1 && k % 2 === 0 ? 0 : 1));
  return {
    tokens: Int32Array.from({ length: B * (P + T) }, () => rng.nextUint32() % 8),
    batchSize: B,
    promptLength: P,
    responseLength: T,
    nObjectives: N,
    mask,
    logProbsOld: new Float32Array(B * T).fill(-Math.log(8)),
    oldValues: new Float32Array(B * T * N),
    returns: Float32Array.from({ length: B * T * N }, (_, k) => (k % 5) / 5),
    perObjective: Float32Array.from({ length: B * T * N }, (_, k) => Math.floor(k / (T * N)) * 10 + (k % (T * N))),
    ...(withScalar ? { scalar: new Float32Array(B * T) } : {}),
  };
}

/** A combine that records its requests and returns advantage 1 everywhere and fixed mean weights. */
function recordingCombine(): { combine: AdvantageCombiner; requests: CombineRequest[]; ratios: Float32Array[] } {
  const requests: CombineRequest[] = [];
  const ratios: Float32Array[] = [];
  const combine: AdvantageCombiner = (request) => {
    requests.push(request);
    ratios.push(Float32Array.from(request.ratios));
    return { combined: new Float32Array(request.rows * request.length).fill(1), meanWeights: Float64Array.of(0.25, 0.75) };
  };
  return { combine, requests, ratios };
}

let model: PolicyValueModel;
const disposers: Array<() => void> = [];

function context(
  method: TrainingMethod,
  combine: AdvantageCombiner,
  ppo: Partial<PolicyUpdateContext['ppo']>,
  extra: { weights?: Float64Array; minNorm?: MinNormGramSolver } = {},
): PolicyUpdateContext {
  model = createPolicyValueModel(toyConfig(N), { seed: 3 });
  const optimizer = createClippedAdam(model.trainableVariables as tf.Variable[], { learningRate: 1e-2 });
  disposers.push(() => {
    optimizer.dispose();
    model.dispose();
  });
  return {
    model,
    optimizer,
    ppo: { ...DEFAULT_PPO, clipEpsilon: EPSILON, entropyCoef: 0, targetKlEarlyStop: undefined, ...ppo },
    temperature: 1,
    combiner: objectiveCombinerFor({
      method,
      granularity: 'token',
      noon: defaultNoon(method),
      weights: extra.weights ?? Float64Array.of(0.5, 0.5),
      combine,
      minNorm: extra.minNorm ?? minNormFromGramWithPamaCore,
    }),
    rng: createRng(9),
    timer: new PhaseTimer(),
  };
}

beforeAll(useCpuBackend);
afterEach(() => {
  for (const dispose of disposers.splice(0)) dispose();
});

describe('runPolicyUpdate', () => {
  it('pama: the combine gets every row once with its ratios and mask; its advantage and weights make the reported loss and weights', async () => {
    const buffers = rollout(false);
    const spy = recordingCombine();
    const stats = await runPolicyUpdate(context('pama', spy.combine, { epochs: 1, minibatchSize: B }), buffers);
    expect(spy.requests).toHaveLength(1);
    const [request] = spy.requests;
    expect(request).toMatchObject({ rows: B, length: T, nObjectives: N, clipEpsilon: EPSILON, granularity: 'token' });
    // The rows come shuffled: each request row is a rollout row (its label), each rollout row once.
    const rowsSeen = Array.from({ length: B }, (_, r) => request.advantages[r * T * N] / 10);
    expect([...rowsSeen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    rowsSeen.forEach((row, r) => {
      expect(Array.from(request.advantages.subarray(r * T * N, (r + 1) * T * N))).toEqual(
        Array.from(buffers.perObjective.subarray(row * T * N, (row + 1) * T * N)),
      );
      expect(Array.from(request.mask.subarray(r * T, (r + 1) * T))).toEqual(Array.from(buffers.mask.subarray(row * T, (row + 1) * T)));
    });
    // The reported losses and diagnostics are those of the ratios the combine saw, with advantage 1.
    const u = spy.ratios[0];
    expect(u.length).toBe(B * T);
    expect(u.every((x) => Number.isFinite(x) && x > 0)).toBe(true);
    let count = 0;
    let surrogate = 0;
    let kl = 0;
    let clipped = 0;
    for (let k = 0; k < u.length; k++) {
      if (request.mask[k] === 0) continue;
      count++;
      surrogate += Math.min(u[k], Math.min(Math.max(u[k], 1 - EPSILON), 1 + EPSILON));
      kl += u[k] - 1 - Math.log(u[k]);
      if (Math.abs(u[k] - 1) > EPSILON) clipped++;
    }
    expect(stats.policyLoss).toBeCloseTo(-surrogate / count, 5);
    expect(stats.approxKl).toBeCloseTo(kl / count, 6);
    expect(stats.clipFraction).toBeCloseTo(clipped / count, 12);
    expect(Array.from(stats.objectiveWeights)).toEqual([0.25, 0.75]);
    expect(stats.valueLoss).toBeGreaterThan(0);
    expect(Number.isFinite(stats.gradNorm) && stats.gradNorm > 0).toBe(true);
  });

  it('runs ⌈B / minibatchSize⌉ minibatches per epoch, each row once per epoch, and moves the parameters', async () => {
    const spy = recordingCombine();
    const ctx = context('pama', spy.combine, { epochs: 3, minibatchSize: 4 });
    const before = model.trainableVariables.map((v) => Array.from(v.dataSync()));
    const stats = await runPolicyUpdate(ctx, rollout(false));
    expect(stats).toMatchObject({ epochs: 3, minibatches: 6, earlyStopped: false });
    expect(spy.requests.map((r) => r.rows)).toEqual([4, 2, 4, 2, 4, 2]);
    for (let epoch = 0; epoch < 3; epoch++) {
      const labels = spy.requests
        .slice(2 * epoch, 2 * epoch + 2)
        .flatMap((r) => Array.from({ length: r.rows }, (_, row) => r.advantages[row * T * N] / 10));
      expect(labels.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    }
    const after = model.trainableVariables.map((v) => Array.from(v.dataSync()));
    expect(after.some((values, j) => values.some((x, k) => x !== before[j][k]))).toBe(true);
  });

  it('stops after the first minibatch whose approximate KL exceeds targetKlEarlyStop', async () => {
    const spy = recordingCombine();
    const stats = await runPolicyUpdate(
      context('pama', spy.combine, { epochs: 4, minibatchSize: 2, targetKlEarlyStop: -1 }),
      rollout(false),
    );
    expect(stats).toMatchObject({ epochs: 1, minibatches: 1, earlyStopped: true });
    expect(spy.requests).toHaveLength(1);
  });

  it('morlhf and ppo use the fixed scalar stream (the combine is never called) and report the fixed weights', async () => {
    const spy = recordingCombine();
    const stats = await runPolicyUpdate(
      context('morlhf', spy.combine, { epochs: 1, minibatchSize: 3 }, { weights: Float64Array.of(0.3, 0.7) }),
      rollout(true),
    );
    expect(spy.requests).toHaveLength(0);
    expect(Array.from(stats.objectiveWeights)).toEqual([0.3, 0.7]);
    // The scalar stream is all zero, so the policy term is zero.
    expect(Math.abs(stats.policyLoss)).toBe(0);
  });

  it('refuses a fixed-weight method without a scalar stream, naming it', async () => {
    const error = await runPolicyUpdate(context('ppo', recordingCombine().combine, { epochs: 1, minibatchSize: B }), rollout(false)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TrainingError);
    expect(error).toMatchObject({ field: 'scalar', reason: "method 'ppo' needs a fixed advantage stream" });
  });

  it('mgda-ub: weights on the simplex from its own min-norm solve, not from the combine', async () => {
    const spy = recordingCombine();
    const grams: Float64Array[] = [];
    const ctx = context(
      'mgda-ub',
      spy.combine,
      { epochs: 1, minibatchSize: B },
      {
        minNorm: (gram: Float64Array, n: number) => {
          grams.push(Float64Array.from(gram));
          return minNormFromGramWithPamaCore(gram, n);
        },
      },
    );
    const stats = await runPolicyUpdate(ctx, rollout(false));
    expect(spy.requests).toHaveLength(0);
    expect(grams).toHaveLength(1);
    expect(grams[0]).toHaveLength(N * N);
    expect(grams[0][1]).toBeCloseTo(grams[0][2], 6);
    const w = stats.objectiveWeights;
    expect(w.every((x) => x >= 0)).toBe(true);
    expect(w[0] + w[1]).toBeCloseTo(1, 9);
  });
});
