// The ops whose gradients are written out by hand (for fewer, larger kernels) against automatic
// differentiation of the plain tfjs composition they replace: values and gradients with respect to
// every input, on the cpu and the wasm backend, within float32 tolerance.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { causalSelfAttention, causalSelfAttentionNoCache } from '../src/models/attention.js';
import { affine, affineTransposed } from '../src/models/plain-matmul.js';
import { gelu, layerNorm } from '../src/models/transformer-layers.js';
import { clippedSurrogateLoss, tokenLogProbs, valueLoss } from '../src/training/ppo-loss.js';
import { expectClose, expectSameFunction, normal } from './gradient-check.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

// The compositions the written-out ops replace, differentiated op by op by tfjs.
function plainLayerNorm(x: tf.Tensor, gain: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), gain), bias);
}

function plainGelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

/** Causal multi-head self-attention written plainly (x B×L×D, fused qkv projection, then output projection). */
function plainAttention(x: tf.Tensor, wQkv: tf.Tensor, bQkv: tf.Tensor, wOut: tf.Tensor, bOut: tf.Tensor, nHeads: number): tf.Tensor {
  const [b, l, d] = x.shape;
  const hd = d / nHeads;
  const qkv = tf.add(tf.matMul(tf.reshape(x, [b * l, d]), wQkv), bQkv);
  const heads = (part: number) => tf.transpose(tf.reshape(tf.slice(qkv, [0, part * d], [b * l, d]), [b, l, nHeads, hd]), [0, 2, 1, 3]);
  const mask = tf.tensor2d(
    Array.from({ length: l * l }, (_, k) => (k % l > Math.floor(k / l) ? -1e9 : 0)),
    [l, l],
  );
  const scores = tf.add(tf.div(tf.matMul(heads(0), heads(1), false, true), Math.sqrt(hd)), mask);
  const context = tf.matMul(tf.softmax(scores, -1), heads(2));
  const merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [b * l, d]);
  return tf.reshape(tf.add(tf.matMul(merged, wOut), bOut), [b, l, d]);
}

describe.each(['cpu', 'wasm'])('written-out gradients on the %s backend', (backend) => {
  it('uses the backend', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    await tf.ready();
  });

  it('tokenLogProbs: log softmax at the target, value and gradient', () => {
    const [b, t, v] = [3, 4, 37];
    const logits = normal([b, t, v], 1, 3) as tf.Tensor3D;
    const targets = tf.tensor2d(
      Array.from({ length: b * t }, (_, k) => (k * 7) % v),
      [b, t],
      'int32',
    );
    const plain = (x: tf.Tensor) => {
      const picked = tf.mul(tf.logSoftmax(x, -1), tf.cast(tf.oneHot(targets, v), 'float32'));
      return tf.sum(picked, -1);
    };
    expectSameFunction((x) => tokenLogProbs(x as tf.Tensor3D, targets), plain, [logits], 1e-5);
    tf.dispose([logits, targets]);
  });

  it('layerNorm: value and gradients with respect to input, gain and bias', () => {
    const x = normal([2, 5, 16], 2, 2, 0.5);
    const gain = normal([16], 3, 0.3, 1);
    const bias = normal([16], 4, 0.3);
    expectSameFunction((a, g, b) => layerNorm(a as tf.Tensor3D, g as tf.Tensor1D, b as tf.Tensor1D), plainLayerNorm, [x, gain, bias], 2e-5);
    tf.dispose([x, gain, bias]);
  });

  it('gelu: x·σ(2u) equals the tanh form, value and gradient, over a wide range of inputs', () => {
    const x = normal([3, 4, 24], 5, 3);
    expectSameFunction((a) => gelu(a as tf.Tensor3D), plainGelu, [x], 1e-5);
    x.dispose();
  });

  it('affine: x·W + bias in one fused kernel, gradients with respect to x, W and bias', () => {
    const x = normal([7, 6], 6);
    const w = normal([6, 9], 7, 0.5);
    const bias = normal([9], 8);
    const plain = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.add(tf.matMul(a, b), c);
    expectSameFunction((a, b, c) => affine(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor1D), plain, [x, w, bias], 1e-5);
    tf.dispose([x, w, bias]);
  });

  it('affineTransposed: x·tableᵀ + bias (tied output layer), gradients with respect to x, the table and bias', () => {
    const x = normal([7, 6], 9);
    const table = normal([13, 6], 10, 0.5);
    const bias = normal([13], 11);
    const plain = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.add(tf.matMul(a, b, false, true), c);
    expectSameFunction((a, b, c) => affineTransposed(a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor1D), plain, [x, table, bias], 1e-5);
    tf.dispose([x, table, bias]);
  });

  it('attention: the one-op sequence attention and the cached path both equal the plain composition, with gradients', () => {
    const [b, l, d, h] = [2, 5, 12, 3];
    const inputs = [
      normal([b, l, d], 12),
      normal([d, 3 * d], 13, 0.4),
      normal([3 * d], 14, 0.2),
      normal([d, d], 15, 0.4),
      normal([d], 16, 0.2),
    ];
    const weightsOf = (w: tf.Tensor[]) => ({
      qkvWeight: w[0] as tf.Tensor2D,
      qkvBias: w[1] as tf.Tensor1D,
      outWeight: w[2] as tf.Tensor2D,
      outBias: w[3] as tf.Tensor1D,
    });
    const plain = (x: tf.Tensor, ...w: tf.Tensor[]) => plainAttention(x, w[0], w[1], w[2], w[3], h);
    const oneOp = (x: tf.Tensor, ...w: tf.Tensor[]) => causalSelfAttentionNoCache(x as tf.Tensor3D, weightsOf(w), h);
    const cached = (x: tf.Tensor, ...w: tf.Tensor[]) => causalSelfAttention(x as tf.Tensor3D, weightsOf(w), h).output;
    expectSameFunction(oneOp, plain, inputs, 2e-5);
    expectSameFunction(cached, plain, inputs, 2e-5);
    tf.dispose(inputs);
  });

  it('attention: decoding the last position with the cache of the first L−1 equals the full pass there', () => {
    const [b, l, d, h] = [2, 6, 8, 2];
    const w = [normal([d, 3 * d], 17, 0.4), normal([3 * d], 18, 0.2), normal([d, d], 19, 0.4), normal([d], 20, 0.2)];
    const weights = {
      qkvWeight: w[0] as tf.Tensor2D,
      qkvBias: w[1] as tf.Tensor1D,
      outWeight: w[2] as tf.Tensor2D,
      outBias: w[3] as tf.Tensor1D,
    };
    const x = normal([b, l, d], 21) as tf.Tensor3D;
    tf.tidy(() => {
      const full = causalSelfAttentionNoCache(x, weights, h);
      const first = causalSelfAttention(tf.slice(x, [0, 0, 0], [b, l - 1, d]), weights, h);
      const last = causalSelfAttention(tf.slice(x, [0, l - 1, 0], [b, 1, d]), weights, h, first.cache);
      expectClose(last.output, tf.slice(full, [0, l - 1, 0], [b, 1, d]), 1e-5);
    });
    tf.dispose([...w, x]);
  });

  it('clippedSurrogateLoss and valueLoss: value and gradient equal the plain compositions (clipped, in range, ties, masked)', () => {
    // Ratios e^lp spread over both sides of the clip range, advantages of both signs, exact ties
    // (u = 1 inside the range; u = 1 + ε exactly) and masked tokens.
    const lpOld = tf.zeros([2, 6]);
    const lpNew = tf.tensor2d([
      [-0.6, -0.1, 0, Math.log(1.2), 0.3, 0.05],
      [0.4, -0.3, 0.1, 0, -0.05, 0.25],
    ]);
    const adv = tf.tensor2d([
      [1, -2, 0.5, 1, -1, 0],
      [-0.5, 2, -1, 3, 1, -2],
    ]);
    const mask = tf.tensor2d([
      [1, 1, 1, 1, 1, 0],
      [1, 1, 1, 0, 1, 1],
    ]);
    const eps = 0.2;
    const plainSurrogate = (lp: tf.Tensor) => {
      const u = tf.exp(tf.sub(lp, lpOld));
      const m = tf.minimum(tf.mul(u, adv), tf.mul(tf.clipByValue(u, 1 - eps, 1 + eps), adv));
      return tf.neg(tf.div(tf.sum(tf.mul(m, mask)), tf.maximum(tf.sum(mask), 1)));
    };
    expectSameFunction(
      (lp) => clippedSurrogateLoss(lp as tf.Tensor2D, lpOld as tf.Tensor2D, adv, mask, eps),
      plainSurrogate,
      [lpNew],
      1e-6,
    );
    const values = normal([2, 6, 3], 22);
    const returns = normal([2, 6, 3], 23);
    const plainValue = (v: tf.Tensor) =>
      tf.div(tf.sum(tf.mul(tf.sum(tf.square(tf.sub(v, returns)), -1), mask)), tf.maximum(tf.sum(mask), 1));
    expectSameFunction((v) => valueLoss(v as tf.Tensor3D, returns as tf.Tensor3D, mask), plainValue, [values], 1e-5);
    tf.dispose([lpOld, lpNew, adv, mask, values, returns]);
  });

  it('tokenLogProbs stays finite and exact where the target probability underflows float32', () => {
    // Target logit 200 below the largest: p_target = e^-200 is 0 in float32, log p_target is not.
    const logits = tf.tensor3d([[[200, 0, 0, 0]]]);
    const lp = tokenLogProbs(logits, tf.tensor2d([[1]], [1, 1], 'int32')).dataSync()[0];
    expect(lp).toBeCloseTo(-200, 4);
    tf.dispose(logits);
  });
});
