// Causal multi-head self-attention, with an optional cache of past keys and values so that
// incremental decoding feeds one new position at a time.
import * as tf from '@tensorflow/tfjs-core';
import { affine } from './plain-matmul.js';
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

/** B×H×L×hd → B·L×D: the heads side by side again, per position. */
function mergeHeads(x: tf.Tensor4D): tf.Tensor2D {
  const [b, h, l, hd] = x.shape;
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [b * l, h * hd]);
}

// The products below are batched over B×H. On the WebAssembly backend a batched product runs its
// plain loop whatever the transpose flags, so they are passed as flags (no transposed copies); the
// other backends handle the flags natively too.

/** softmax(q·kᵀ/√hd + causal mask)·v for queries at positions past..past+L−1: context and probabilities. */
function attend(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, pastLength: number): { context: tf.Tensor4D; probs: tf.Tensor4D } {
  const queryLength = q.shape[2];
  const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(q.shape[3]));
  // A single new query may see every cached key, so the mask is only needed for L > 1.
  const masked = queryLength > 1 ? tf.add(scores, causalMask(queryLength, pastLength)) : scores;
  const probs = tf.softmax(masked, -1) as tf.Tensor4D;
  return { context: tf.matMul(probs, v), probs };
}

/** The gradient of attend() with respect to q, k and v, given dL/dcontext and the saved probabilities. */
function attendGradients(
  dContext: tf.Tensor4D,
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  probs: tf.Tensor4D,
): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] {
  const dv = tf.matMul(probs, dContext, true, false);
  const dProbs = tf.matMul(dContext, v, false, true);
  // Softmax backward, with the 1/√hd scale of the scores folded in.
  const dScores = tf.mul(tf.mul(probs, tf.sub(dProbs, tf.sum(tf.mul(dProbs, probs), -1, true))), 1 / Math.sqrt(q.shape[3]));
  return [tf.matMul(dScores, k), tf.matMul(dScores, q, true, false), dv] as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
}

/** attend() as one op with a written-out gradient; q B×H×L×hd, k and v B×H×T×hd (T = past + L). */
export function attentionCore(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, pastLength: number): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [queries, keys, values, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    const { context, probs } = attend(queries, keys, values, pastLength);
    save([queries, keys, values, probs]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [sq, sk, sv, sp] = saved as tf.Tensor4D[];
      return attendGradients(dy as tf.Tensor4D, sq, sk, sv, sp);
    };
    return { value: context, gradFunc };
  });
  return op(q, k, v) as tf.Tensor4D;
}

/**
 * From the fused projection qkv (B·L × 3D, queries, keys and values side by side) of a whole sequence
 * to the merged attention context (B·L × D), as one op with a written-out gradient: the head split,
 * the causal attention and the head merge record one tape entry instead of about twenty.
 */
function sequenceAttention(qkv: tf.Tensor2D, batch: number, nHeads: number): tf.Tensor2D {
  const rows = qkv.shape[0];
  const d = qkv.shape[1] / 3;
  const length = rows / batch;
  const headDim = d / nHeads;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [projected, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    // B×L×3H×hd → B×3H×L×hd (a rank-4 transpose), then queries, keys, values are its three H-slices.
    const heads = tf.transpose(tf.reshape(projected, [batch, length, 3 * nHeads, headDim]), [0, 2, 1, 3]);
    // Three slices rather than tf.split: the wasm SplitV copies its whole input once per part.
    const part = (i: number) => tf.slice(heads, [0, i * nHeads, 0, 0], [batch, nHeads, length, headDim]) as tf.Tensor4D;
    const [q, k, v] = [part(0), part(1), part(2)];
    const { context, probs } = attend(q, k, v, 0);
    save([q, k, v, probs]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
      const [sq, sk, sv, sp] = saved as tf.Tensor4D[];
      const dContext = tf.transpose(tf.reshape(dy, [batch, length, nHeads, headDim]), [0, 2, 1, 3]) as tf.Tensor4D;
      const dHeads = tf.concat(attendGradients(dContext, sq, sk, sv, sp), 1);
      return tf.reshape(tf.transpose(dHeads, [0, 2, 1, 3]), [rows, 3 * d]);
    };
    return { value: mergeHeads(context), gradFunc };
  });
  return op(qkv) as tf.Tensor2D;
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
  const [q, k, v] = tf.split(dense(x, weights.qkvWeight, weights.qkvBias), 3, 2) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  const queries = splitHeads(q, nHeads);
  let keys = splitHeads(k, nHeads);
  let values = splitHeads(v, nHeads);
  const pastLength = past ? past.keys.shape[2] : 0;
  if (past) {
    keys = tf.concat([past.keys, keys], 2);
    values = tf.concat([past.values, values], 2);
  }
  const merged = mergeHeads(attentionCore(queries, keys, values, pastLength));
  const output = tf.reshape(affine(merged, weights.outWeight, weights.outBias), [b, l, d]) as tf.Tensor3D;
  return { output, cache: { keys, values } };
}

/** causalSelfAttention over whole sequences when no key/value cache is wanted (training, scoring). */
export function causalSelfAttentionNoCache(x: tf.Tensor3D, weights: AttentionWeights, nHeads: number): tf.Tensor3D {
  const [b, l, d] = x.shape;
  const qkv = affine(tf.reshape(x, [b * l, d]), weights.qkvWeight, weights.qkvBias);
  const context = sequenceAttention(qkv, b, nHeads);
  return tf.reshape(affine(context, weights.outWeight, weights.outBias), [b, l, d]);
}
