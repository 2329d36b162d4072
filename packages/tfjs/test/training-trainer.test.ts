import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../src/index.js';
import { loadCheckpoint, saveCheckpoint } from '../src/training/checkpoint-io.js';
import { runningRewardNormalizer } from '../src/training/reward-normalizer.js';
import type { StepMetrics } from '../src/training/step-metrics.js';
import { minibatchSizeError, objectiveTargetsError, objectiveWeightsError, type TrainingMethod } from '../src/training/trainer-options.js';
import { TrainingError } from '../src/training/training-error.js';
import { toyRun, useCpuBackend } from './training-fixtures.js';

let dir: string;
beforeAll(async () => {
  await useCpuBackend();
  dir = await mkdtemp(join(tmpdir(), 'pama-trainer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Metrics without the wall-clock fields, which legitimately differ between runs. */
function deterministicPart(m: StepMetrics): Omit<StepMetrics, 'timings' | 'totalMs'> {
  const { timings: _timings, totalMs: _totalMs, ...rest } = m;
  return rest;
}

describe('createTrainer options', () => {
  it('names the bad field', () => {
    expect(() => toyRun('bogus' as TrainingMethod, [3], 1)).toThrow(/method/);
    expect(() => toyRun('morlhf', [3, 4], 1, { objectiveWeights: [0.5, 0.6] })).toThrow(/objectiveWeights/);
    expect(() => toyRun('ppo', [3, 4], 1)).toThrow(/rewardSources\.length/);
    expect(() => toyRun('pama', [3, 4], 1, { ppo: { clipEpsilon: 1.5 } })).toThrow(/ppo\.clipEpsilon/);
    expect(() => toyRun('pama', [3, 4], 1, { ppo: { minibatchSize: 64 } })).toThrow(TrainingError);
  });
});

describe('objective targets (PAMA)', () => {
  it('names the bad field: another method, a batch-wide granularity, a wrong length, a non-finite target', () => {
    expect(() => toyRun('morlhf', [3, 4], 1, { objectiveWeights: [0.5, 0.5], objectiveTargets: [0.5, null] })).toThrow(
      /objectiveTargets.*'pama' only/,
    );
    expect(() => toyRun('pama', [3, 4], 1, { granularity: 'batch', objectiveTargets: [0.5, null] })).toThrow(
      /objectiveTargets.*'token' or 'sample'/,
    );
    expect(() => toyRun('pama', [3, 4], 1, { objectiveTargets: [0.5] })).toThrow(/objectiveTargets\.length/);
    expect(() => toyRun('pama', [3, 4], 1, { objectiveTargets: [Number.NaN, null] })).toThrow(/objectiveTargets\[0\]/);
  });

  it('an objective met on every response gets weight 0 and the other drives the update; a target never met changes nothing', async () => {
    // Token fractions lie in [0, 1], so a target of 0 is met by every response and 2 by none.
    for (const granularity of ['token', 'sample'] as const) {
      const met = toyRun('pama', [3, 4], 5, { granularity, objectiveTargets: [0, null] });
      const m = await met.trainer.step();
      met.dispose();
      expect(m.objectivesMet).toEqual([1, 0]);
      expect(m.objectiveWeights[0]).toBe(0);
      expect(m.objectiveWeights[1]).toBeCloseTo(1, 12);

      const never = toyRun('pama', [3, 4], 5, { granularity, objectiveTargets: [2, null] });
      const plain = toyRun('pama', [3, 4], 5, { granularity });
      const a = deterministicPart(await never.trainer.step());
      const b = deterministicPart(await plain.trainer.step());
      never.dispose();
      plain.dispose();
      expect(a.objectivesMet).toEqual([0, 0]);
      const { objectivesMet: _met, ...rest } = a;
      expect(rest).toEqual(b);
    }
  });
});

describe('createTrainer defaults', () => {
  it('the default minibatch shrinks to a smaller batch; an explicit larger one is refused', () => {
    const run = toyRun('ppo', [3], 1, { batchSize: 4, ppo: { learningRate: 3e-3 } });
    expect(run.trainer.options.ppo.minibatchSize).toBe(4);
    run.dispose();
    expect(() => toyRun('ppo', [3], 1, { batchSize: 4, ppo: { minibatchSize: 8 } })).toThrow(/ppo\.minibatchSize/);
  });
});

describe.each(['pama', 'morlhf', 'mgda-ub', 'ppo'] as const)('a %s step', (method) => {
  it('leaks no tensors: tf.memory().numTensors is equal after step k and step k+1, and the metrics are finite', async () => {
    const run = toyRun(method, method === 'ppo' ? [3] : [3, 4], 5, method === 'morlhf' ? { objectiveWeights: [0.7, 0.3] } : {});
    await run.trainer.step();
    const afterFirst = tf.memory().numTensors;
    const m = await run.trainer.step();
    expect(tf.memory().numTensors).toBe(afterFirst);
    await run.trainer.step();
    expect(tf.memory().numTensors).toBe(afterFirst);
    for (const x of [m.klToReference, m.entropy, m.clipFraction, m.approxKl, m.policyLoss, m.valueLoss, m.gradNorm, ...m.meanRewards]) {
      expect(Number.isFinite(x)).toBe(true);
    }
    const weightSum = m.objectiveWeights.reduce((a, b) => a + b, 0);
    expect(weightSum).toBeCloseTo(1, 6);
    expect(m.meanResponseLength).toBe(6);
    expect(m.step).toBe(2);
    run.dispose();
  });
});

describe('KL control', () => {
  it('a tiny targetKlEarlyStop stops the epoch loop after the first minibatch that moved the policy', async () => {
    const run = toyRun('pama', [3, 4], 8, { ppo: { learningRate: 3e-3, minibatchSize: 8, epochs: 2, targetKlEarlyStop: 1e-12 } });
    const m = await run.trainer.step();
    run.dispose();
    // 2 epochs × 2 minibatches would be 4; the first update moves π_θ away from π_old, the next minibatch sees it.
    expect(m.earlyStopped).toBe(true);
    expect(m.minibatches).toBeLessThanOrEqual(2);
    expect(m.epochs).toBe(1);
  });

  it('the adaptive coefficient rises while the KL to the reference exceeds its target', async () => {
    const run = toyRun('ppo', [3], 9, {
      ppo: { learningRate: 1e-2, minibatchSize: 8, epochs: 2, kl: { coef: 0.05, adaptive: true, target: 1e-3, horizon: 100 } },
    });
    const first = await run.trainer.step();
    const second = await run.trainer.step();
    const third = await run.trainer.step();
    run.dispose();
    expect(first.klCoef).toBe(0.05);
    expect(second.klToReference).toBeGreaterThan(1e-3);
    expect(third.klCoef).toBeGreaterThan(second.klCoef);
  });
});

describe('exact resume', () => {
  it('k steps, a checkpoint file, fresh model and trainer objects, restore, k more steps == 2k steps in one run, bit for bit', async () => {
    const k = 2;
    const options = {
      granularity: 'sample' as const,
      normalizer: runningRewardNormalizer(2),
      ppo: { learningRate: 3e-3, minibatchSize: 8, epochs: 2, kl: { coef: 0.05, adaptive: true, target: 1 } },
    };
    const straight = toyRun('pama', [3, 4], 42, options);
    const straightMetrics: StepMetrics[] = [];
    for (let s = 0; s < 2 * k; s++) straightMetrics.push(await straight.trainer.step());
    const straightWeights = await straight.model.exportWeights();
    straight.dispose();

    const first = toyRun('pama', [3, 4], 42, { ...options, normalizer: runningRewardNormalizer(2) });
    for (let s = 0; s < k; s++) await first.trainer.step();
    const path = join(dir, 'resume.ckpt');
    await saveCheckpoint(path, await first.trainer.checkpoint());
    first.dispose();

    // A different seed everywhere: everything that matters must come from the checkpoint.
    const second = toyRun('pama', [3, 4], 999, { ...options, normalizer: runningRewardNormalizer(2), rng: createRng(12345) });
    await second.trainer.restore(await loadCheckpoint(path));
    expect(second.trainer.stepCount).toBe(k);
    const resumedMetrics: StepMetrics[] = [];
    for (let s = 0; s < k; s++) resumedMetrics.push(await second.trainer.step());
    const resumedWeights = await second.model.exportWeights();
    second.dispose();

    expect(resumedMetrics.map(deterministicPart)).toEqual(straightMetrics.slice(k).map(deterministicPart));
    expect(Object.keys(resumedWeights)).toEqual(Object.keys(straightWeights));
    for (const name of Object.keys(straightWeights)) {
      expect(resumedWeights[name].data).toEqual(straightWeights[name].data);
    }
  });

  it('refuses a checkpoint of another method, naming the field', async () => {
    const a = toyRun('pama', [3, 4], 1);
    const b = toyRun('mgda-ub', [3, 4], 1);
    await expect(b.trainer.restore(await a.trainer.checkpoint())).rejects.toThrow(/method/);
    a.dispose();
    b.dispose();
  });

  it('refuses a checkpoint trained with other settings, naming the setting and both values', async () => {
    const a = toyRun('pama', [3, 4], 1);
    const b = toyRun('pama', [3, 4], 1, { ppo: { learningRate: 1e-3, minibatchSize: 8, epochs: 2, kl: { coef: 0.01 } } });
    const before = await b.model.exportWeights();
    await expect(b.trainer.restore(await a.trainer.checkpoint())).rejects.toThrow(
      /settings\.ppo\.learningRate.*trained with 0\.003, this trainer has 0\.001/,
    );
    expect(await b.model.exportWeights()).toEqual(before);
    expect(b.trainer.stepCount).toBe(0);
    a.dispose();
    b.dispose();
  });

  it('resumes with changed settings when asked to, and then trains with the new ones', async () => {
    const a = toyRun('pama', [3, 4], 1);
    await a.trainer.step();
    const b = toyRun('pama', [3, 4], 1, { batchSize: 8 });
    await b.trainer.restore(await a.trainer.checkpoint(), { allowChangedSettings: true });
    expect(b.trainer.stepCount).toBe(1);
    expect((await b.trainer.checkpoint()).settings.batchSize).toBe(8);
    const metrics = await b.trainer.step();
    expect(metrics.step).toBe(2);
    a.dispose();
    b.dispose();
  });

  it('refuses a checkpoint with a missing weight before changing anything', async () => {
    const run = toyRun('pama', [3, 4], 1);
    const saved = await run.trainer.checkpoint();
    const { 'value1.bias': _dropped, ...model } = saved.model;
    const before = await run.model.exportWeights();
    const beforeRng = run.trainer.options.rng.getState();
    await expect(run.trainer.restore({ ...saved, model, step: 5 })).rejects.toThrow(/model/);
    expect(await run.model.exportWeights()).toEqual(before);
    expect(run.trainer.options.rng.getState()).toEqual(beforeRng);
    expect(run.trainer.stepCount).toBe(0);
    run.dispose();
  });
});

describe('learning', () => {
  it('PPO on a toy vocabulary raises the frequency of one token from chance (1/8) above 0.5 within 20 steps', async () => {
    const run = toyRun('ppo', [3], 11);
    const rewards: number[] = [];
    for (let s = 0; s < 20; s++) rewards.push((await run.trainer.step()).meanRewards[0]);
    run.dispose();
    const start = rewards[0];
    const end = rewards.slice(-3).reduce((a, b) => a + b, 0) / 3;
    expect(start).toBeLessThan(0.25);
    expect(end).toBeGreaterThan(0.5);
  });
});

describe('the exported rules between fields', () => {
  it('are the ones createTrainer throws, so a config layer applies the same rules', () => {
    const minibatch = minibatchSizeError(64, 16);
    expect(minibatch?.field).toBe('ppo.minibatchSize');
    expect(() => toyRun('pama', [3, 4], 1, { ppo: { minibatchSize: 64 } })).toThrow(minibatch!.message);
    const sum = objectiveWeightsError([0.5, 0.6], 2);
    expect(() => toyRun('morlhf', [3, 4], 1, { objectiveWeights: [0.5, 0.6] })).toThrow(sum!.message);
    expect(objectiveWeightsError([0.5, 0.5 + 5e-7], 2)).toBeNull();
    const targets = objectiveTargetsError('pama', 'batch', [0.5, null], 2);
    expect(() => toyRun('pama', [3, 4], 1, { granularity: 'batch', objectiveTargets: [0.5, null] })).toThrow(targets!.message);
    expect(objectiveTargetsError('pama', 'token', undefined, 2)).toBeNull();
  });
});
