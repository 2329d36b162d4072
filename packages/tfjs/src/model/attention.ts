// Causal multi-head self-attention, with an optional cache of past keys and values so that
// incremental decoding feeds one new position at a time.
import * as tf from '@tensorflow/tfjs-core';
import { plainMatMul, plainMatMulTransposed } from './plain-matmul.js';
import { dense } from './transformer-layers.js';

export interface AttentionWeights {
  /** D×3D: query, key and value projections side by side (one matmul instead of three). */
  readonly qkvWeight: tf.Tensor2D;
  readonly qkvBias: tf.Tensor1D;
  readonly outWeight: tf.Tensor2D;
  readonly outBias: tf.Tensor1D;
}

/** Keys and values of the positions seen so far, each B×H×T×(D/H). */
export interface KeyValueCache {
  readonly keys: tf.Tensor4D;
  readonly values: tf.Tensor4D;
}

/** Additive mask L×T: query i (absolute position past + i) may attend to key j iff j ≤ past + i. */
function causalMask(queryLength: number, pastLength: number): tf.Tensor2D {
  const total = pastLength + queryLength;
  const mask = new Float32Array(queryLength * total);
  for (let i = 0; i < queryLength; i++) {
    for (let j = pastLength + i + 1; j < total; j++) mask[i * total + j] = -1e9;
  }
  return tf.tensor2d(mask, [queryLength, total]);
}

function splitHeads(x: tf.Tensor3D, nHeads: number): tf.Tensor4D {
  const [b, l, d] = x.shape;
  return tf.transpose(tf.reshape(x, [b, l, nHeads, d / nHeads]), [0, 2, 1, 3]);
}

/**
 * x B×L×D (already layer-normed) → attention output B×L×D, plus the keys and values of all
 * positions so far (past ones from `past`, then these L) for the next incremental call.
 */
export function causalSelfAttention(
  x: tf.Tensor3D,
  weights: AttentionWeights,
  nHeads: number,
  past?: KeyValueCache,
): { output: tf.Tensor3D; cache: KeyValueCache } {
  const [b, l, d] = x.shape;
  const headDim = d / nHeads;
  const [q, k, v] = tf.split(dense(x, weights.qkvWeight, weights.qkvBias), 3, 2) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  const queries = splitHeads(q, nHeads);
  let keys = splitHeads(k, nHeads);
  let values = splitHeads(v, nHeads);
  const pastLength = past ? past.keys.shape[2] : 0;
  if (past) {
    keys = tf.concat([past.keys, keys], 2);
    values = tf.concat([past.values, values], 2);
  }
  const scores = tf.mul(plainMatMulTransposed(queries, keys), 1 / Math.sqrt(headDim));
  // A single new query may see every cached key, so the mask is only needed for L > 1.
  const masked = l > 1 ? tf.add(scores, causalMask(l, pastLength)) : scores;
  const context = plainMatMul(tf.softmax(masked, -1), values);
  const merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [b, l, d]) as tf.Tensor3D;
  return { output: dense(merged, weights.outWeight, weights.outBias), cache: { keys, values } };
}
