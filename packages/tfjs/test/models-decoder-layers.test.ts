// The pre-trained decoders' ops against the plain tfjs compositions they stand for, on the cpu and
// wasm backends: values, and gradients with respect to what each op differentiates (a frozen weight
// gets none). LoRA linear layers and the LM head are checked through DecoderParameters, whose
// trained variables are differentiated with tf.variableGrads.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import type { LinearModule } from '../src/index.js';
import { applyRotary, frozenProduct, repeatKeyValueHeads, rmsNorm, rotaryTables } from '../src/models/decoder-layers.js';
import { DecoderParameters } from '../src/models/decoder-parameters.js';
import { expectClose, expectSameFunction, normal } from './gradient-check.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Gradients of Σ f()·weights with respect to variables, for a fast and a plain f. */
function expectSameVariableGradients(fast: () => tf.Tensor, plain: () => tf.Tensor, variables: tf.Variable[], atol: number): void {
  tf.tidy(() => {
    const weights = normal(plain().shape, 77);
    expectClose(fast(), plain(), atol);
    const a = tf.variableGrads(() => tf.sum(tf.mul(fast(), weights)) as tf.Scalar, variables);
    const b = tf.variableGrads(() => tf.sum(tf.mul(plain(), weights)) as tf.Scalar, variables);
    for (const v of variables) expectClose(a.grads[v.name], b.grads[v.name], atol);
  });
}

describe.each(['cpu', 'wasm'])('decoder layers on the %s backend', (backend) => {
  it('uses the backend', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it('rmsNorm: value and gradients with respect to input and weight', () => {
    const plain = (x: tf.Tensor, w: tf.Tensor) => tf.mul(w, tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), 1e-6))));
    expectSameFunction(
      (x, w) => rmsNorm(x as tf.Tensor3D, w as tf.Tensor1D, 1e-6),
      plain,
      [normal([2, 3, 8], 1), normal([8], 2, 0.2, 1)],
      1e-5,
    );
  });

  it('frozenProduct: x·W + b with the gradient for x alone (W and b are constants)', () => {
    const w = normal([6, 5], 3) as tf.Tensor2D;
    const b = normal([5], 4) as tf.Tensor1D;
    const wt = tf.transpose(w) as tf.Tensor2D;
    expectSameFunction(
      (x) => frozenProduct(x as tf.Tensor2D, w, () => wt, b),
      (x) => tf.add(tf.matMul(x, w), b),
      [normal([7, 6], 5)],
      1e-5,
    );
    expectSameFunction(
      (x) => frozenProduct(x as tf.Tensor2D, w, () => wt),
      (x) => tf.matMul(x, w),
      [normal([7, 6], 6)],
      1e-5,
    );
  });

  for (const trainable of [false, true]) {
    it(`LoRA linear and LM head over ${trainable ? 'trained' : 'frozen'} base weights: values and gradients`, () => {
      const weight = tf.variable(normal([6, 5], 10), trainable, `t-${backend}-${trainable}/w`);
      const bias = tf.variable(normal([5], 11), trainable, `t-${backend}-${trainable}/b`);
      const head = tf.variable(normal([9, 6], 12), trainable, `t-${backend}-${trainable}/head`);
      const a = tf.variable(normal([6, 2], 13), true, `t-${backend}-${trainable}/a`);
      const bb = tf.variable(normal([2, 5], 14), true, `t-${backend}-${trainable}/bb`);
      const module: LinearModule = { path: 'layer', kind: 'proj', weight: 'w', bias: 'b', inFeatures: 6, outFeatures: 5 };
      const parameters = new DecoderParameters(
        new Map([
          ['w', weight],
          ['b', bias],
          ['head', head],
        ]),
        new Map([['layer', { a, b: bb, scale: 1.5 }]]),
      );
      const x = normal([4, 6], 15) as tf.Tensor2D;
      const trained = trainable ? [weight, bias, a, bb] : [a, bb];
      expectSameVariableGradients(
        () => parameters.linear(module, x, true),
        () => tf.add(tf.add(tf.matMul(x, weight), bias), tf.mul(tf.matMul(tf.matMul(x, a), bb), 1.5)),
        trained,
        1e-5,
      );
      // Adapters off: the base alone.
      expectClose(parameters.linear(module, x, false), tf.add(tf.matMul(x, weight), bias), 1e-5);
      const h = normal([4, 6], 16) as tf.Tensor2D;
      if (trainable)
        expectSameVariableGradients(
          () => parameters.head('head', h),
          () => tf.matMul(h, head, false, true),
          [head],
          1e-5,
        );
      expectSameFunction(
        (input) => parameters.head('head', input as tf.Tensor2D),
        (input) => tf.matMul(input, head, false, true),
        [h],
        1e-5,
      );
      // Rows ≥ width takes the other transpose for the head's weight gradient.
      if (trainable) {
        const tall = normal([11, 6], 17) as tf.Tensor2D;
        expectSameVariableGradients(
          () => parameters.head('head', tall),
          () => tf.matMul(tall, head, false, true),
          [head],
          1e-5,
        );
      }
      parameters.disposeCaches();
      tf.dispose([weight, bias, head, a, bb, x, h]);
    });
  }

  it('repeatKeyValueHeads: key/value head j serves query heads j·g … j·g+g−1, and the gradient sums over them', () => {
    const plain = (x: tf.Tensor) => {
      const [b, h, t, d] = x.shape;
      const heads = Array.from({ length: h * 3 }, (_, q) => tf.slice(x, [0, Math.floor(q / 3), 0, 0], [b, 1, t, d]));
      return tf.concat(heads, 1);
    };
    expectSameFunction((x) => repeatKeyValueHeads(x as tf.Tensor4D, 3), plain, [normal([2, 2, 4, 6], 20)], 1e-6);
  });

  it('applyRotary: x·cos + rotate_half(x)·sin with rotate_half(x) = [−x₂, x₁], checked element by element', () => {
    const x = normal([1, 2, 3, 4], 21) as tf.Tensor4D;
    const { cos, sin } = rotaryTables(5, 3, 4, 100);
    const got = applyRotary(x, cos, sin).arraySync();
    const xs = x.arraySync();
    for (let h = 0; h < 2; h++) {
      for (let p = 0; p < 3; p++) {
        const inverse = [1, 1 / 100 ** 0.5];
        for (let i = 0; i < 4; i++) {
          const angle = (5 + p) * inverse[i % 2];
          const rotated = i < 2 ? -xs[0][h][p][i + 2] : xs[0][h][p][i - 2];
          expect(got[0][h][p][i]).toBeCloseTo(xs[0][h][p][i] * Math.cos(angle) + rotated * Math.sin(angle), 5);
        }
      }
    }
  });
});
