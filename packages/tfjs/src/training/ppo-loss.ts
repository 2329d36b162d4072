// The differentiable pieces of a PPO update (docs/design.md §2.6), as tfjs ops over B×T response positions.
// The same clipped surrogate serves Noon-PPO (advantage ŝ ≥ 0 from the PAMA combine, already 0 where
// u > 1+ε) and standard PPO (advantages of either sign).
import * as tf from '@tensorflow/tfjs-core';
// Training differentiates through every op: make sure the gradient functions are registered.
import '../backends/register-gradients.js';

/** Flat indices row·V + target of each position's target into the B·T·V values of the logits. */
function flatTargetIndices(targets: tf.Tensor2D, vocab: number): tf.Tensor1D {
  const rows = targets.shape[0] * targets.shape[1];
  return tf.add(tf.mul(tf.range(0, rows, 1, 'int32'), tf.scalar(vocab, 'int32')), tf.reshape(targets, [rows])) as tf.Tensor1D;
}

/**
 * log π(a_t | s_t) of the taken tokens: logits B×T×V, targets int32 B×T → B×T.
 *
 * One softmax pass serves both directions. The value is x_target − max(x) + log max(p): the softmax's
 * largest entry is exp(0)/Z, so log max(p) = −log Z without a separate exp pass over B×T×V (the
 * WebAssembly backend's softmax is vectorised, its exp is not), and it stays exact where p_target
 * itself would underflow. The gradient is written out, dlp/dlogits = onehot(target) − p, from the
 * saved softmax; the one-hot part is a scatter of dy, so no float one-hot is built.
 *
 * @example
 * // Uniform logits over 4 tokens: every taken token has log-probability log(1/4).
 * tokenLogProbs(tf.zeros([1, 2, 4]) as tf.Tensor3D, tf.tensor2d([[0, 3]], undefined, 'int32')); // [[-1.3862944, -1.3862944]]
 */
export function tokenLogProbs(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Tensor2D {
  const [b, t, vocab] = logits.shape;
  const logProbs = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor3D, tf.GradSaveFunc];
    const probs = tf.softmax(x, -1);
    const flat = flatTargetIndices(targets, vocab);
    const picked = tf.reshape(tf.gather(tf.reshape(x, [b * t * vocab]), flat), [b, t]);
    const value = tf.add(tf.sub(picked, tf.max(x, -1)), tf.log(tf.max(probs, -1)));
    save([probs, flat]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
      const [savedProbs, savedFlat] = saved;
      const rows = b * t;
      const atTargets = tf.reshape(tf.scatterND(tf.reshape(savedFlat, [rows, 1]), tf.reshape(dy, [rows]), [rows * vocab]), [b, t, vocab]);
      return tf.sub(atTargets, tf.mul(savedProbs, tf.reshape(dy, [b, t, 1])));
    };
    return { value, gradFunc };
  });
  return logProbs(logits) as tf.Tensor2D;
}

/**
 * Entropy of the next-token distribution at each position: logits B×T×V → B×T.
 *
 * @example
 * tokenEntropy(tf.zeros([1, 1, 4])); // [[log 4]] ≈ [[1.386]]
 */
export function tokenEntropy(logits: tf.Tensor3D): tf.Tensor2D {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits, -1);
    return tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), -1)) as tf.Tensor2D;
  });
}

/**
 * Mean of x over the positions where mask = 1 (mask has x's shape or broadcasts to it).
 *
 * @example
 * maskedMean(tf.tensor1d([1, 2, 9]), tf.tensor1d([1, 1, 0])); // 1.5
 */
export function maskedMean(x: tf.Tensor, mask: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.div(tf.sum(tf.mul(x, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar);
}

/**
 * L(θ) = − mean_t min(u_t·A_t, clip(u_t, 1−ε, 1+ε)·A_t) over valid tokens, u_t = exp(logπ_θ − logπ_old).
 *
 * One op with a written-out gradient, differentiable in `logProbsNew` (the other arguments are data):
 * dL/dlogπ_t = −mask_t·u_t·A_t / Σmask where the gradient flows through the minimum as op-by-op
 * differentiation routes it (the unclipped term is the smaller, ties included, or u_t is inside the
 * clip range), else 0.
 *
 * @example
 * // One response of two tokens; the second is masked out. The ratio exp(log 1.5 − 0) = 1.5 is
 * // clipped to 1 + ε = 1.2, so the loss is −1.2 · A = −1.2.
 * const logProbsOld = tf.tensor2d([[0, 0]]);
 * clippedSurrogateLoss(tf.tensor2d([[Math.log(1.5), 0]]), logProbsOld, tf.tensor2d([[1, 3]]), tf.tensor2d([[1, 0]]), 0.2); // -1.2
 */
export function clippedSurrogateLoss(
  logProbsNew: tf.Tensor2D,
  logProbsOld: tf.Tensor2D,
  advantages: tf.Tensor2D,
  mask: tf.Tensor2D,
  clipEpsilon: number,
): tf.Scalar {
  const surrogate = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [logProbs, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const ratio = tf.exp(tf.sub(logProbs, logProbsOld));
    const unclipped = tf.mul(ratio, advantages);
    const clipped = tf.mul(tf.clipByValue(ratio, 1 - clipEpsilon, 1 + clipEpsilon), advantages);
    const count = tf.maximum(tf.sum(mask), 1);
    const value = tf.neg(tf.div(tf.sum(tf.mul(tf.minimum(unclipped, clipped), mask)), count));
    const inRange = tf.logicalAnd(tf.greaterEqual(ratio, 1 - clipEpsilon), tf.lessEqual(ratio, 1 + clipEpsilon));
    const flows = tf.logicalOr(tf.lessEqual(unclipped, clipped), inRange);
    const slope = tf.div(tf.mul(unclipped, mask), tf.neg(count));
    save([tf.where(flows, slope, tf.zerosLike(slope))]);
    return { value, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]) };
  });
  return tf.tidy(() => surrogate(logProbsNew) as tf.Scalar);
}

/** Options of {@link valueLoss}. */
export interface ValueLossOptions {
  /** Values at rollout time B×T×N; with clipRange the loss is the PPO clipped value loss. */
  readonly oldValues?: tf.Tensor3D;
  /** PPO value clipping range (needs `oldValues`); absent: unclipped. */
  readonly clipRange?: number;
}

/**
 * Σ_i mean_t (V^i_t − G^i_t)² over valid tokens; values and returns B×T×N, mask B×T. Differentiable
 * in `values`; without clipping one op with the gradient written out, 2·mask_t·(V − G) / Σmask.
 *
 * @example
 * valueLoss(tf.ones([1, 2, 1]), tf.zeros([1, 2, 1]), tf.tensor2d([[1, 0]])); // 1
 */
export function valueLoss(values: tf.Tensor3D, returns: tf.Tensor3D, mask: tf.Tensor2D, options: ValueLossOptions = {}): tf.Scalar {
  if (options.clipRange !== undefined && options.oldValues !== undefined) {
    const { oldValues, clipRange: c } = options;
    return tf.tidy(() => {
      const squared = tf.square(tf.sub(values, returns));
      const clippedValues = tf.add(oldValues, tf.clipByValue(tf.sub(values, oldValues), -c, c));
      // Sum over objectives of each objective's masked mean = masked mean of the per-token sum.
      return maskedMean(tf.sum(tf.maximum(squared, tf.square(tf.sub(clippedValues, returns))), -1), mask);
    });
  }
  const squaredError = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [v, save] = args as [tf.Tensor3D, tf.GradSaveFunc];
    const error = tf.sub(v, returns);
    const count = tf.maximum(tf.sum(mask), 1);
    const value = tf.div(tf.sum(tf.mul(tf.sum(tf.square(error), -1), mask)), count);
    save([tf.div(tf.mul(error, tf.mul(tf.expandDims(mask, 2), 2)), count)]);
    return { value, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]) };
  });
  return tf.tidy(() => squaredError(values) as tf.Scalar);
}

/** What {@link ratioDiagnostics} reports. */
export interface RatioDiagnostics {
  /** k3 estimator mean((u − 1) − log u) over valid tokens: an approximation of KL(π_old ‖ π_θ). */
  readonly approxKl: number;
  /** Fraction of valid tokens with |u − 1| > ε. */
  readonly clipFraction: number;
}

/**
 * Diagnostics of the current ratio u, from plain arrays (no gradient).
 *
 * @example
 * ratioDiagnostics([1, 1.5], [1, 1], 0.2); // { approxKl: ≈ 0.047, clipFraction: 0.5 }
 */
export function ratioDiagnostics(ratios: ArrayLike<number>, mask: ArrayLike<number>, clipEpsilon: number): RatioDiagnostics {
  let count = 0;
  let kl = 0;
  let clipped = 0;
  for (let k = 0; k < ratios.length; k++) {
    if (mask[k] === 0) continue;
    const u = ratios[k];
    count++;
    kl += u - 1 - Math.log(u);
    if (Math.abs(u - 1) > clipEpsilon) clipped++;
  }
  return { approxKl: count > 0 ? kl / count : 0, clipFraction: count > 0 ? clipped / count : 0 };
}
