// Reading the response part of a forward pass. Position t of the response (token at P + t) is
// predicted by the logits at P + t − 1, and V^i(s_t) is the value of the prefix ending there.
import * as tf from '@tensorflow/tfjs-core';

// The LM head and value heads run on the T sliced hidden states only: the prompt positions' logits
// are never needed, and slicing B×L×V logits is far costlier than slicing B×L×D hidden states.

/** Final hidden states of the T positions that predict the response tokens: B×T×D. */
export function responseHidden(hidden: tf.Tensor3D, promptLength: number, responseLength: number): tf.Tensor3D {
  const [B, , D] = hidden.shape;
  return tf.slice(hidden, [0, promptLength - 1, 0], [B, responseLength, D]) as tf.Tensor3D;
}

/** Logits scaled by 1/temperature so that π is the distribution that was sampled. */
export function temperatureScaled(logits: tf.Tensor3D, temperature: number): tf.Tensor3D {
  return temperature === 1 ? logits : (tf.div(logits, temperature) as tf.Tensor3D);
}

export function responseTargets(tokens: tf.Tensor2D, promptLength: number, responseLength: number): tf.Tensor2D {
  return tf.slice(tokens, [0, promptLength], [tokens.shape[0], responseLength]) as tf.Tensor2D;
}
