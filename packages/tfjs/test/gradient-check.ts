// Checks of written-out gradients: an op and the plain tfjs composition it replaces agree in value
// and in the gradient with respect to every input, within float32 tolerance.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { createRng, nextStandardNormal } from '../src/index.js';

export function normal(shape: number[], seed: number, scale = 1, offset = 0): tf.Tensor {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => offset + scale * nextStandardNormal(rng)),
    shape,
  );
}

/** |a − b| ≤ atol + rtol·|b| element-wise, reporting the worst entry on failure. */
export function expectClose(actual: tf.Tensor, expected: tf.Tensor, atol: number, rtol = 1e-4): void {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  const b = expected.dataSync();
  let worst = { k: -1, excess: 0 };
  for (let k = 0; k < a.length; k++) {
    const excess = Math.abs(a[k] - b[k]) - (atol + rtol * Math.abs(b[k]));
    if (!(excess <= worst.excess)) worst = { k, excess };
  }
  if (worst.k >= 0) expect({ index: worst.k, actual: a[worst.k], expected: b[worst.k] }).toBeUndefined();
}

/** Values and gradients (of a fixed random weighting of the output) of `fast` and `plain` agree. */
export function expectSameFunction(
  fast: (...xs: tf.Tensor[]) => tf.Tensor,
  plain: (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  atol: number,
): void {
  tf.tidy(() => {
    const yFast = fast(...inputs);
    const yPlain = plain(...inputs);
    expectClose(yFast, yPlain, atol);
    const weights = normal(yPlain.shape, 99);
    const gradsFast = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(fast(...xs), weights)))(inputs);
    const gradsPlain = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(plain(...xs), weights)))(inputs);
    gradsFast.forEach((g, k) => {
      expectClose(g, gradsPlain[k], atol);
    });
  });
}
