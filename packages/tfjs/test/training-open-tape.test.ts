import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { OpenTape } from '../src/training/open-tape.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A small two-layer map whose loss weights depend on a value read back from the forward pass. */
function forward(w1: tf.Variable, w2: tf.Variable, x: tf.Tensor2D) {
  const h = tf.tanh(tf.matMul(x, w1));
  const y = tf.matMul(h, w2) as tf.Tensor2D;
  return { h, y };
}
const lossOf = (y: tf.Tensor2D, scale: Float32Array): tf.Scalar =>
  tf.sum(tf.mul(tf.square(y), tf.tensor2d(scale, y.shape as [number, number])));

describe('OpenTape', () => {
  it('gives bit for bit the gradients of tf.variableGrads over forward-then-loss, with an await between the two', async () => {
    const w1 = tf.variable(tf.tensor2d([0.3, -0.2, 0.5, 0.1, 0.7, -0.4], [2, 3]), true, 'open-tape-w1');
    const w2 = tf.variable(tf.tensor2d([0.2, -0.6, 0.9], [3, 1]), true, 'open-tape-w2');
    const x = tf.tensor2d([1, 2, -1, 0.5, 0.25, -3], [3, 2]);
    // The loss's weights are the forward's own outputs, read back as plain data.
    const yPlain = tf.tidy(() => forward(w1, w2, x).y.dataSync());
    const scale = Float32Array.from(yPlain, (v) => (v > 0 ? 2 : 0.5));
    const expected = tf.variableGrads(() => lossOf(forward(w1, w2, x).y, scale), [w1, w2]);

    const before = tf.memory().numTensors;
    const tape = new OpenTape();
    let grads: tf.Tensor[];
    try {
      const out = tape.record(() => forward(w1, w2, x));
      const read = (await out.y.data()) as Float32Array;
      const readScale = Float32Array.from(read, (v) => (v > 0 ? 2 : 0.5));
      expect(Array.from(readScale)).toEqual(Array.from(scale));
      const loss = tape.record(() => lossOf(out.y, readScale));
      grads = tape.gradients(loss, [w1, w2]);
    } finally {
      tape.close();
    }
    expect(Array.from(grads[0].dataSync())).toEqual(Array.from(expected.grads[w1.name].dataSync()));
    expect(Array.from(grads[1].dataSync())).toEqual(Array.from(expected.grads[w2.name].dataSync()));
    tf.dispose(grads);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w1, w2, x, expected.value, ...Object.values(expected.grads)]);
  });

  it('runs the same kernels as tf.variableGrads (the backward pass is not recorded)', async () => {
    const w = tf.variable(tf.tensor2d([0.5, -1, 2, 0.25], [2, 2]), true, 'open-tape-kernels');
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const f = () => tf.sum(tf.tanh(tf.matMul(x, w))) as tf.Scalar;
    const viaVariableGrads = await tf.profile(() => {
      const r = tf.variableGrads(f, [w]);
      tf.dispose([r.value, ...Object.values(r.grads)]);
    });
    const viaOpenTape = await tf.profile(() => {
      const tape = new OpenTape();
      const grads = tape.gradients(tape.record(f), [w]);
      tape.close();
      tf.dispose(grads);
    });
    expect(viaOpenTape.kernels.map((k) => k.name)).toEqual(viaVariableGrads.kernels.map((k) => k.name));
    tf.dispose([w, x]);
  });

  it('returns zeros for a variable the loss does not reach, and refuses use after close', () => {
    const a = tf.variable(tf.scalar(2), true, 'open-tape-a');
    const b = tf.variable(tf.tensor1d([1, 1]), true, 'open-tape-b');
    const tape = new OpenTape();
    const loss = tape.record(() => tf.square(a) as tf.Scalar);
    const [ga, gb] = tape.gradients(loss, [a, b]);
    tape.close();
    expect(ga.dataSync()[0]).toBe(4);
    expect(Array.from(gb.dataSync())).toEqual([0, 0]);
    expect(() => tape.record(() => tf.scalar(1))).toThrow(/closed/);
    tf.dispose([a, b, ga, gb]);
  });
});
