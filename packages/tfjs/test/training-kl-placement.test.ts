// KL placement and Noon as trainer settings: where β enters, what the step reports, and that a
// resume with another placement or Noon setting is refused.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { combinedKlAdvantage, klLossTerm } from '../src/training/kl-placement.js';
import { toyRun, useCpuBackend } from './training-fixtures.js';

beforeAll(useCpuBackend);

describe('KL placement', () => {
  it('k3 in the loss: β · mean over valid tokens of exp(d) − d − 1 with d = lp_ref − lp, 0 where the policies agree', () => {
    const lpNew = tf.tensor2d([[-1, -2, -3]]);
    const lpRef = tf.tensor2d([[-1.5, -2, -1]]);
    const mask = tf.tensor2d([[1, 1, 0]]);
    const value = klLossTerm(lpNew, lpRef, mask, 0.5).dataSync()[0];
    const k3 = (d: number) => Math.exp(d) - d - 1;
    expect(value).toBeCloseTo((0.5 * (k3(-0.5) + k3(0))) / 2, 6);
    expect(klLossTerm(lpNew, lpNew, mask, 0.5).dataSync()[0]).toBe(0);
    tf.dispose([lpNew, lpRef, mask]);
  });

  it("'combined': the KL stream's reward-to-go, scaled, 0 on padding", () => {
    const out = combinedKlAdvantage({
      logProbsOld: [-1, -2, -3, 0],
      logProbsRef: [-1, -1, -1, 0],
      mask: [1, 1, 1, 0],
      batchSize: 1,
      length: 4,
      beta: 0.1,
      gamma: 1,
      scale: 2,
    });
    // Token rewards −0.1·(0, −1, −2) = (0, 0.1, 0.2); reward-to-go (0.3, 0.3, 0.2); times 2.
    expect(Array.from(out).map((x) => Number(x.toFixed(6)))).toEqual([0.6, 0.6, 0.4, 0]);
  });

  it.each(['combined', 'loss'] as const)(
    "'%s' trains, reports its placement and changes the update; a resume with another is refused",
    async (klPlacement) => {
      const moved = toyRun('pama', [3, 4], 4, { klPlacement });
      const plain = toyRun('pama', [3, 4], 4);
      await moved.trainer.step();
      await plain.trainer.step();
      const a = await moved.trainer.step();
      const b = await plain.trainer.step();
      expect(a.klPlacement).toBe(klPlacement);
      expect(b.klPlacement).toBe('per-objective');
      expect(a.policyLoss).not.toBe(b.policyLoss);
      expect(Number.isFinite(a.policyLoss)).toBe(true);
      const tensors = tf.memory().numTensors;
      await moved.trainer.step();
      expect(tf.memory().numTensors).toBe(tensors);
      await expect(plain.trainer.restore(await moved.trainer.checkpoint())).rejects.toThrow(
        new RegExp(`settings\\.klPlacement.*trained with ${klPlacement}, this trainer has per-objective`),
      );
      moved.dispose();
      plain.dispose();
    },
  );

  it('refuses an unknown placement, naming the field', () => {
    expect(() => toyRun('pama', [3, 4], 1, { klPlacement: 'everywhere' as never })).toThrow(/klPlacement/);
  });
});

describe('Noon as a setting', () => {
  it('defaults to on for pama and mgda-ub, off for morlhf; recorded in the metrics; a resume with the other value is refused', async () => {
    expect(toyRun('pama', [3, 4], 1).trainer.options.noon).toBe(true);
    expect(toyRun('mgda-ub', [3, 4], 1).trainer.options.noon).toBe(true);
    expect(toyRun('morlhf', [3, 4], 1, { objectiveWeights: [0.5, 0.5] }).trainer.options.noon).toBe(false);
    const off = toyRun('pama', [3, 4], 2, { noon: false });
    const on = toyRun('pama', [3, 4], 2);
    const m = await off.trainer.step();
    expect(m.noon).toBe(false);
    expect(m.vetoRate).toBeGreaterThanOrEqual(0);
    expect(m.vetoRate).toBeLessThanOrEqual(1);
    expect(m.advantageMean).toHaveLength(2);
    expect(m.advantageStd.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
    expect(m.rewardStd).toHaveLength(2);
    await expect(on.trainer.restore(await off.trainer.checkpoint())).rejects.toThrow(/settings\.noon/);
    off.dispose();
    on.dispose();
  });

  it('a combined advantage that is 0 on every token counts as vetoed: Noon on a morlhf stream vetoes the responses whose stream is ≤ 0', async () => {
    const run = toyRun('morlhf', [3, 4], 3, { objectiveWeights: [0.5, 0.5], noon: true });
    const m = await run.trainer.step();
    run.dispose();
    // Whitened streams have mean 0, so some responses sit below it everywhere and are clamped away.
    expect(m.vetoRate).toBeGreaterThan(0);
    expect(m.combinedAdvantageMean).toBeGreaterThan(0);
  });
});
