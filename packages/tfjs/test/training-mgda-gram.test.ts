import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPolicyValueModel, createRng } from '../src/index.js';
import { mgdaGram } from '../src/training/mgda-gram.js';
import { OpenTape } from '../src/training/open-tape.js';
import { clippedSurrogateLoss, tokenLogProbs } from '../src/training/ppo-loss.js';
import { randomiseWeights, TINY_CONFIG } from './model-fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('mgdaGram', () => {
  it('equals the Gram matrix of the N per-objective policy-loss gradients with respect to the last hidden states', async () => {
    const N = 3;
    const [B, T] = [3, 4];
    const temperature = 0.8;
    const clipEpsilon = 0.2;
    const model = createPolicyValueModel({ ...TINY_CONFIG, nValueHeads: N }, { seed: 5 });
    randomiseWeights(model, 6);
    const rng = createRng(7);
    const tokens = tf.tensor2d(
      Int32Array.from({ length: B * (T + 1) }, () => rng.nextUint32() % TINY_CONFIG.vocabSize),
      [B, T + 1],
      'int32',
    );
    const targets = tf.slice(tokens, [0, 1], [B, T]) as tf.Tensor2D;
    const hidden = tf.slice(model.hidden(tokens), [0, 0, 0], [B, T, TINY_CONFIG.dModel]) as tf.Tensor3D;
    const logProbs = (h: tf.Tensor) => tokenLogProbs(tf.div(model.logitsFromHidden(h as tf.Tensor3D), temperature) as tf.Tensor3D, targets);
    // Old log-probabilities spread so that some ratios exceed 1 + ε (their tokens drop out).
    const lpNow = logProbs(hidden).dataSync();
    const lpOldData = Float32Array.from(lpNow, (x, k) => x + [0.5, -0.4, 0, 0.1][k % 4]);
    const lpOld = tf.tensor2d(lpOldData, [B, T]);
    const maskData = Float32Array.from({ length: B * T }, (_, k) => (k === 7 ? 0 : 1));
    const mask = tf.tensor2d(maskData, [B, T]);
    const advantages = Float32Array.from({ length: B * T * N }, () => rng.nextFloat() * 2 - 1);

    // Reference: N backward passes, then inner products of the N gradients.
    const gradients = Array.from({ length: N }, (_, i) => {
      const noon = tf.tensor2d(
        Float32Array.from({ length: B * T }, (_, k) => Math.max(advantages[k * N + i], 0)),
        [B, T],
      );
      return Array.from(
        tf
          .grad((h: tf.Tensor) => clippedSurrogateLoss(logProbs(h), lpOld, noon, mask, clipEpsilon))(hidden)
          .dataSync(),
      );
    });
    const expected = Array.from({ length: N * N }, (_, k) => {
      const [i, j] = [Math.floor(k / N), k % N];
      return gradients[i].reduce((s: number, x: number, d: number) => s + x * gradients[j][d], 0);
    });

    // Closed form: one backward pass of Σ_t lp_t, then ‖∂lp_t/∂H_t‖² per position.
    const tape = new OpenTape();
    let pathNormsSquared: Float32Array;
    try {
      const h = tape.record(() => tf.clone(hidden));
      const total = tape.record(() => tf.sum(logProbs(h)) as tf.Scalar);
      const [g] = tape.gradients(total, [h]);
      pathNormsSquared = tf.tidy(() => tf.sum(tf.square(g), -1)).dataSync() as Float32Array;
      g.dispose();
    } finally {
      tape.close();
    }
    const ratios = Float32Array.from(lpNow, (x, k) => Math.exp(x - lpOldData[k]));
    expect(ratios.some((u) => u > 1 + clipEpsilon)).toBe(true);
    const gram = mgdaGram({ pathNormsSquared, ratios, mask: maskData, advantages, nObjectives: N, clipEpsilon });
    const scale = Math.max(...expected.map(Math.abs));
    expect(scale).toBeGreaterThan(0);
    gram.forEach((x, k) => expect(Math.abs(x - expected[k]) / scale).toBeLessThan(1e-5));
    tf.dispose([tokens, targets, hidden, lpOld, mask]);
    model.dispose();
  });
});
