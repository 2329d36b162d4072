// The forward pass every PolicyValueModel shares: one trunk pass, then the LM head and the value
// heads on the same hidden states. A model without value heads (nValueHeads 0) gives an empty
// B×L×0 values tensor instead of a projection.
import * as tf from '@tensorflow/tfjs-core';
import type { ForwardOutput, PolicyValueModel } from '../contracts.js';

/**
 * Hidden states, logits and values of `tokens` from one trunk pass: the `forward()` of the built-in
 * transformer and of the Hugging Face models.
 *
 * @example
 * const model = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: 50, nValueHeads: 0 }, { seed: 1 });
 * const out = forwardPass(model, tf.tensor2d([[1, 17, 42]], undefined, 'int32'));
 * out.values.shape; // [1, 3, 0]
 */
export function forwardPass(
  model: Pick<PolicyValueModel, 'hidden' | 'logitsFromHidden' | 'valuesFromHidden'>,
  tokens: tf.Tensor2D,
): ForwardOutput {
  return tf.tidy(() => {
    const hidden = model.hidden(tokens);
    return { hidden, logits: model.logitsFromHidden(hidden), values: model.valuesFromHidden(hidden) };
  });
}

/**
 * The values of a model with no value heads: an empty B×L×0 tensor (nothing is projected).
 *
 * @example
 * noValues(tf.zeros([2, 5, 8]) as tf.Tensor3D).shape; // [2, 5, 0]
 */
export function noValues(hidden: tf.Tensor3D): tf.Tensor3D {
  const [b, l] = hidden.shape;
  return tf.zeros([b, l, 0]);
}
