// Next-token cross-entropy: logits at position t score the token at t + 1.
import * as tf from '@tensorflow/tfjs-core';
import type { PolicyValueModel } from '../contracts.js';
import { ModelInputError } from '../models/model-errors.js';

/**
 * Mean cross-entropy (nats per token) of tokens[:, 1:] under the model's logits at [:, :-1],
 * differentiable. `targetMask` (B×(L−1), 1 = count) excludes positions such as padding.
 * Uses oneHot rather than gather so the gradient runs on every backend (WebAssembly included).
 *
 * @example
 * const model = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: 50, nValueHeads: 1 }, { seed: 1 });
 * const loss = tf.tidy(() => languageModelLoss(model, tf.tensor2d([[1, 17, 42, 2]], undefined, 'int32')));
 * // A scalar; an untrained model, close to uniform over its 50 tokens, scores near log 50 ≈ 3.9.
 * loss.shape; // []
 */
export function languageModelLoss(model: PolicyValueModel, tokens: tf.Tensor2D, targetMask?: tf.Tensor2D): tf.Scalar {
  const [b, l] = tokens.shape;
  if (l < 2) throw new ModelInputError('tokens.shape[1]', l, 'must be >= 2 (a prediction needs a next token)');
  if (targetMask && (targetMask.shape[0] !== b || targetMask.shape[1] !== l - 1)) {
    throw new ModelInputError('targetMask.shape', targetMask.shape, `must be [${b}, ${l - 1}]`);
  }
  return tf.tidy((): tf.Scalar => {
    const vocab = model.config.vocabSize;
    const inputs = tf.slice(tokens, [0, 0], [b, l - 1]);
    const targets = tf.slice(tokens, [0, 1], [b, l - 1]);
    const logits = model.logitsFromHidden(model.hidden(inputs));
    const logProbs = tf.logSoftmax(logits, -1);
    const targetLogProbs = tf.sum(tf.mul(logProbs, tf.oneHot(targets, vocab)), -1) as tf.Tensor2D;
    if (!targetMask) return tf.neg(tf.mean(targetLogProbs)) as tf.Scalar;
    const total = tf.sum(targetMask);
    return tf.neg(tf.div(tf.sum(tf.mul(targetLogProbs, targetMask)), tf.maximum(total, 1))) as tf.Scalar;
  });
}
