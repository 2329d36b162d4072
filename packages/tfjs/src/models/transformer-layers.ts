// The differentiable building blocks of the transformer, in tfjs-core ops only so that
// tf.variableGrads / optimizer.minimize see every parameter.
import * as tf from '@tensorflow/tfjs-core';
import { affine } from './plain-matmul.js';

const LAYER_NORM_EPSILON = 1e-5;
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_K = 0.044715;

/** Affine map on the last axis: x B×L×Din · W Din×Dout + b → B×L×Dout. */
export function dense(x: tf.Tensor3D, weight: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor3D {
  const [b, l, dIn] = x.shape;
  return tf.reshape(affine(tf.reshape(x, [b * l, dIn]), weight, bias), [b, l, weight.shape[1]]);
}

/**
 * Layer norm over the last axis with learned gain and bias (ε = 1e-5 unless given). The gradient is written out (about a
 * dozen kernels instead of the ~25 that differentiating the composition op by op records):
 * with n = (x − μ)·r, r = 1/√(σ² + ε) and dn = dy·gain,
 * dx = r·(dn − mean(dn) − n·mean(dn·n)), dgain = Σ dy·n, dbias = Σ dy (sums over all but the last axis).
 */
export function layerNorm(x: tf.Tensor3D, gain: tf.Tensor1D, bias: tf.Tensor1D, epsilon = LAYER_NORM_EPSILON): tf.Tensor3D {
  const normalise = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, g, beta, save] = args as [tf.Tensor3D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const centred = tf.sub(input, tf.mean(input, -1, true));
    const inverseStd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), epsilon));
    const normed = tf.mul(centred, inverseStd);
    save([normed, inverseStd, g]);
    const value = tf.add(tf.mul(normed, g), beta);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [n, r, savedGain] = saved;
      const dn = tf.mul(dy, savedGain);
      const correction = tf.add(tf.mean(dn, -1, true), tf.mul(n, tf.mean(tf.mul(dn, n), -1, true)));
      const dx = tf.mul(tf.sub(dn, correction), r);
      return [dx, tf.sum(tf.mul(dy, n), [0, 1]), tf.sum(dy, [0, 1])];
    };
    return { value, gradFunc };
  });
  return normalise(x, gain, bias) as tf.Tensor3D;
}

/**
 * GELU, tanh approximation (as in GPT-2): 0.5·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³), computed
 * as the identical x·σ(2u) (the WebAssembly backend's sigmoid is vectorised, its tanh and pow are not).
 * The gradient is written out from the saved σ: s + x·s·(1 − s)·2√(2/π)·(1 + 3·0.044715·x²).
 */
export function gelu(x: tf.Tensor3D): tf.Tensor3D {
  const activate = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor3D, tf.GradSaveFunc];
    const squared = tf.square(input);
    const twoU = tf.mul(tf.add(tf.mul(squared, 2 * GELU_C * GELU_K), 2 * GELU_C), input);
    const gate = tf.sigmoid(twoU);
    save([input, gate]);
    const value = tf.mul(input, gate);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
      const [savedInput, s] = saved;
      const dTwoU = tf.add(tf.mul(tf.square(savedInput), 6 * GELU_C * GELU_K), 2 * GELU_C);
      const slope = tf.add(s, tf.mul(tf.mul(tf.mul(s, tf.sub(1, s)), savedInput), dTwoU));
      return tf.mul(dy, slope);
    };
    return { value, gradFunc };
  });
  return activate(x) as tf.Tensor3D;
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
