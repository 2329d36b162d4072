// The differentiable building blocks of the transformer, in tfjs-core ops only so that
// tf.variableGrads / optimizer.minimize see every parameter.
import * as tf from '@tensorflow/tfjs-core';
import { plainMatMul } from './plain-matmul.js';

const LAYER_NORM_EPSILON = 1e-5;
const GELU_C = Math.sqrt(2 / Math.PI);

/** Affine map on the last axis: x B×L×Din · W Din×Dout + b → B×L×Dout. */
export function dense(x: tf.Tensor3D, weight: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor3D {
  const [b, l, dIn] = x.shape;
  const y = tf.add(plainMatMul(tf.reshape(x, [b * l, dIn]), weight), bias);
  return tf.reshape(y, [b, l, weight.shape[1]]);
}

/** Layer norm over the last axis with learned gain and bias. */
export function layerNorm(x: tf.Tensor3D, gain: tf.Tensor1D, bias: tf.Tensor1D): tf.Tensor3D {
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON)));
  return tf.add(tf.mul(normed, gain), bias);
}

/** GELU, tanh approximation (as in GPT-2): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export function gelu(x: tf.Tensor3D): tf.Tensor3D {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), GELU_C);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

/**
 * Rows of `table` (V×D) at `ids` (B×L int32) → B×L×D. The gradient is a scatter-add (ScatterNd sums
 * duplicate indices) instead of tf.gather's UnsortedSegmentSum, which the WebAssembly backend lacks.
 * The ids go through `save` so they outlive any tidy around the forward pass until backprop runs.
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor2D): tf.Tensor3D {
  const [b, l] = ids.shape;
  const [vocab, d] = table.shape;
  const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [t, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    save([ids]);
    const value = tf.gather(t, ids) as unknown as tf.Tensor3D;
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor =>
      tf.scatterND(tf.reshape(saved[0], [b * l, 1]), tf.reshape(dy, [b * l, d]), [vocab, d]);
    return { value, gradFunc };
  });
  return lookup(table) as tf.Tensor3D;
}
