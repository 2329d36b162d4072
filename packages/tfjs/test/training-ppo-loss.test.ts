import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { clippedSurrogateLoss, ratioDiagnostics, tokenEntropy, tokenLogProbs, valueLoss } from '../src/training/ppo-loss.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('clippedSurrogateLoss', () => {
  it('matches a hand-worked case, value and gradient', () => {
    // u = [1.5, 1.5, 1]; A = [1, −1, 2]; mask [1, 1, 0]; ε = 0.2.
    // t0: min(1.5, 1.2)·1 = 1.2 (clipped, no gradient); t1: min(−1.5, −1.2) = −1.5 (gradient flows);
    // loss = −(1.2 − 1.5)/2 = 0.15; ∂loss/∂logπ_1 = −½·u·A = 0.75.
    const lpOld = tf.tensor2d([[0, 0, 0]]);
    const adv = tf.tensor2d([[1, -1, 2]]);
    const mask = tf.tensor2d([[1, 1, 0]]);
    const lpNew = tf.tensor2d([[Math.log(1.5), Math.log(1.5), 0]]);
    const loss = clippedSurrogateLoss(lpNew, lpOld, adv, mask, 0.2);
    expect(loss.dataSync()[0]).toBeCloseTo(0.15, 6);
    const grad = tf.grad((lp: tf.Tensor) => clippedSurrogateLoss(lp as tf.Tensor2D, lpOld, adv, mask, 0.2))(lpNew);
    const g = grad.dataSync();
    expect(g[0]).toBeCloseTo(0, 6);
    expect(g[1]).toBeCloseTo(0.75, 6);
    expect(g[2]).toBeCloseTo(0, 6);
    tf.dispose([lpOld, adv, mask, lpNew, loss, grad]);
  });

  it('with a non-negative (Noon) advantage, a token whose ratio exceeds 1+ε contributes no gradient', () => {
    const lpOld = tf.tensor2d([[0, 0]]);
    const adv = tf.tensor2d([[2, 2]]);
    const mask = tf.tensor2d([[1, 1]]);
    const lpNew = tf.tensor2d([[Math.log(1.3), Math.log(0.9)]]);
    const grad = tf.grad((lp: tf.Tensor) => clippedSurrogateLoss(lp as tf.Tensor2D, lpOld, adv, mask, 0.2))(lpNew);
    const g = grad.dataSync();
    expect(g[0]).toBe(0);
    expect(g[1]).toBeCloseTo(-0.5 * 0.9 * 2, 6);
    tf.dispose([lpOld, adv, mask, lpNew, grad]);
  });
});

describe('valueLoss', () => {
  it("is Σ_i of each objective's masked mean squared error (hand-worked)", () => {
    const values = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    const returns = tf.tensor3d([
      [
        [0, 0],
        [3, 6],
      ],
    ]);
    const both = valueLoss(values, returns, tf.tensor2d([[1, 1]]));
    const first = valueLoss(values, returns, tf.tensor2d([[1, 0]]));
    // Both tokens: (1 + 0)/2 + (4 + 4)/2 = 4.5; first only: 1 + 4 = 5.
    expect(both.dataSync()[0]).toBeCloseTo(4.5, 6);
    expect(first.dataSync()[0]).toBeCloseTo(5, 6);
  });

  it('clips the value change like PPO: max((V − G)², (V_old + clip(V − V_old) − G)²)', () => {
    const values = tf.tensor3d([[[2]]]);
    const oldValues = tf.tensor3d([[[0]]]);
    const returns = tf.tensor3d([[[2]]]);
    // Unclipped error 0; clipped value 0.5 → error 2.25; the max is 2.25.
    const loss = valueLoss(values, returns, tf.tensor2d([[1]]), { oldValues, clipRange: 0.5 });
    expect(loss.dataSync()[0]).toBeCloseTo(2.25, 6);
  });
});

describe('token log-probabilities, entropy and ratio diagnostics', () => {
  it('tokenLogProbs picks log softmax of the target; entropy of a uniform distribution is log V', () => {
    const logits = tf.tensor3d([
      [
        [0, 0, 0, 0],
        [Math.log(3), 0, 0, 0],
      ],
    ]);
    const lp = tokenLogProbs(logits, tf.tensor2d([[2, 0]], [1, 2], 'int32')).dataSync();
    expect(lp[0]).toBeCloseTo(Math.log(0.25), 6);
    expect(lp[1]).toBeCloseTo(Math.log(0.5), 6);
    expect(tokenEntropy(logits).dataSync()[0]).toBeCloseTo(Math.log(4), 6);
  });

  it('tokenLogProbs has the gradient of log softmax at the target (its written-out gradient vs automatic differentiation)', () => {
    const logits = tf.tensor3d(
      Array.from({ length: 2 * 3 * 5 }, (_, k) => Math.sin(k * 1.7) * 2),
      [2, 3, 5],
    );
    const targets = tf.tensor2d(
      [
        [0, 4, 2],
        [1, 1, 3],
      ],
      [2, 3],
      'int32',
    );
    const weights = tf.tensor2d([
      [1, -2, 0.5],
      [3, 0, -1],
    ]);
    const viaCustom = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tokenLogProbs(x as tf.Tensor3D, targets), weights)))(logits);
    const viaAuto = tf.grad((x: tf.Tensor) =>
      tf.sum(tf.mul(tf.sum(tf.mul(tf.logSoftmax(x, -1), tf.oneHot(targets, 5, 1, 0, 'float32')), -1), weights)),
    )(logits);
    const a = viaCustom.dataSync();
    const b = viaAuto.dataSync();
    expect(a.length).toBe(30);
    a.forEach((x, k) => expect(Math.abs(x - b[k])).toBeLessThan(1e-6));
    tf.dispose([logits, targets, weights, viaCustom, viaAuto]);
  });

  it('ratioDiagnostics counts clipped tokens and averages the k3 KL estimate over valid tokens', () => {
    const d = ratioDiagnostics([1.5, 1, 0.7], [1, 1, 0], 0.2);
    expect(d.clipFraction).toBe(0.5);
    expect(d.approxKl).toBeCloseTo((0.5 - Math.log(1.5)) / 2, 12);
  });
});
