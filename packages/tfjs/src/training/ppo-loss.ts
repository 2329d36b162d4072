// The differentiable pieces of a PPO update (DESIGN §2), as tfjs ops over B×T response positions.
// The same clipped surrogate serves Noon-PPO (advantage ŝ ≥ 0 from the PAMA combine, already 0 where
// u > 1+ε) and standard PPO (advantages of either sign).
import * as tf from '@tensorflow/tfjs-core';
// Training differentiates through every op: make sure the gradient functions are registered.
import '../model/register-gradients.js';

/**
 * log π(a_t | s_t) of the taken tokens: logits B×T×V, targets int32 B×T → B×T.
 *
 * The value is the target's logit − logsumexp (one full-size pass fewer than a log-softmax). The
 * gradient is written out, dlp/dlogits = onehot(target) − softmax(logits), because differentiating
 * logsumexp op by op costs a dozen B×T×V kernels, one of them a broadcast comparison that the wasm
 * backend runs as slow generic code.
 *
 * @example
 * const logProbs = tokenLogProbs(model.forward(tokens).logits, targets); // B×T
 */
export function tokenLogProbs(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Tensor2D {
  const vocab = logits.shape[2];
  const logProbs = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor3D, tf.GradSaveFunc];
    const oneHot = tf.oneHot(targets, vocab, 1, 0, 'float32');
    const logNormaliser = tf.logSumExp(x, -1, true);
    save([x, logNormaliser, oneHot]);
    const value = tf.sub(tf.sum(tf.mul(x, oneHot), -1), tf.squeeze(logNormaliser, [2]));
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
      const [savedLogits, savedNormaliser, savedOneHot] = saved;
      const softmax = tf.exp(tf.sub(savedLogits, savedNormaliser));
      return tf.mul(tf.sub(savedOneHot, softmax), tf.expandDims(dy, 2));
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
 * @example
 * const loss = clippedSurrogateLoss(tokenLogProbs(logits, targets), logProbsOld, combinedAdvantages, mask, 0.2);
 */
export function clippedSurrogateLoss(
  logProbsNew: tf.Tensor2D,
  logProbsOld: tf.Tensor2D,
  advantages: tf.Tensor2D,
  mask: tf.Tensor2D,
  clipEpsilon: number,
): tf.Scalar {
  return tf.tidy(() => {
    const ratio = tf.exp(tf.sub(logProbsNew, logProbsOld));
    const unclipped = tf.mul(ratio, advantages);
    const clipped = tf.mul(tf.clipByValue(ratio, 1 - clipEpsilon, 1 + clipEpsilon), advantages);
    return tf.neg(maskedMean(tf.minimum(unclipped, clipped), mask));
  });
}

/** Options of {@link valueLoss}. */
export interface ValueLossOptions {
  /** Values at rollout time B×T×N; with clipRange the loss is the PPO clipped value loss. */
  readonly oldValues?: tf.Tensor3D;
  /** PPO value clipping range (needs `oldValues`); absent: unclipped. */
  readonly clipRange?: number;
}

/**
 * Σ_i mean_t (V^i_t − G^i_t)² over valid tokens; values and returns B×T×N, mask B×T.
 *
 * @example
 * valueLoss(tf.zeros([1, 2, 2]), tf.ones([1, 2, 2]), tf.ones([1, 2])); // 2 (two objectives, each 1)
 */
export function valueLoss(
  values: tf.Tensor3D,
  returns: tf.Tensor3D,
  mask: tf.Tensor2D,
  options: ValueLossOptions = {},
): tf.Scalar {
  return tf.tidy(() => {
    let squared: tf.Tensor = tf.square(tf.sub(values, returns));
    if (options.clipRange !== undefined && options.oldValues !== undefined) {
      const c = options.clipRange;
      const clippedValues = tf.add(options.oldValues, tf.clipByValue(tf.sub(values, options.oldValues), -c, c));
      squared = tf.maximum(squared, tf.square(tf.sub(clippedValues, returns)));
    }
    // Sum over objectives of each objective's masked mean = masked mean of the per-token sum.
    const perToken = tf.sum(squared, -1);
    return maskedMean(perToken, mask);
  });
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
