// Reading the response part of a forward pass. Position t of the response (token at P + t) is
// predicted by the logits at P + t − 1, and V^i(s_t) is the value of the prefix ending there.
import * as tf from '@tensorflow/tfjs-core';

/** Logits for the T response tokens, scaled by 1/temperature so π matches the sampling distribution. */
export function responseLogits(logits: tf.Tensor3D, promptLength: number, responseLength: number, temperature: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [B, , V] = logits.shape;
    const sliced = tf.slice(logits, [0, promptLength - 1, 0], [B, responseLength, V]) as tf.Tensor3D;
    return temperature === 1 ? sliced : (tf.div(sliced, temperature) as tf.Tensor3D);
  });
}

export function responseValues(values: tf.Tensor3D, promptLength: number, responseLength: number): tf.Tensor3D {
  const [B, , N] = values.shape;
  return tf.slice(values, [0, promptLength - 1, 0], [B, responseLength, N]) as tf.Tensor3D;
}

export function responseTargets(tokens: tf.Tensor2D, promptLength: number, responseLength: number): tf.Tensor2D {
  return tf.slice(tokens, [0, promptLength], [tokens.shape[0], responseLength]) as tf.Tensor2D;
}
