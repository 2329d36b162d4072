import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClippedAdam } from '../src/training/adam.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createClippedAdam', () => {
  it('takes a first step of size ≈ learning rate against the gradient', async () => {
    const x = tf.variable(tf.tensor1d([1]), true, 'adam-test-x');
    const adam = createClippedAdam([x], { learningRate: 0.1 });
    const g = tf.tensor1d([2]);
    expect(await adam.apply([g])).toBeCloseTo(2, 6);
    expect(x.dataSync()[0]).toBeCloseTo(0.9, 6);
    adam.dispose();
    tf.dispose([x, g]);
  });

  it('clips to the global gradient norm and reports the norm before clipping', async () => {
    const a = tf.variable(tf.tensor1d([0]), true, 'adam-test-a');
    const b = tf.variable(tf.tensor1d([0]), true, 'adam-test-b');
    const adam = createClippedAdam([a, b], { learningRate: 0.1, maxGradNorm: 1 });
    const ga = tf.tensor1d([3]);
    const gb = tf.tensor1d([4]);
    expect(await adam.apply([ga, gb])).toBeCloseTo(5, 6);
    const m = (await adam.getState()).moments;
    // First moment = (1 − β1)·clipped gradient = 0.1·(0.6, 0.8).
    expect(m[0].m[0]).toBeCloseTo(0.06, 5);
    expect(m[1].m[0]).toBeCloseTo(0.08, 5);
    adam.dispose();
    tf.dispose([a, b, ga, gb]);
  });

  it('follows the textbook clipped Adam update over several steps, per variable (float64 reference)', async () => {
    const starts = [
      [0.5, -1.5, 2, 0.25],
      [1, -1, 0.5, 0.75, -0.25, 2],
    ];
    const xs = [
      tf.variable(tf.tensor1d(starts[0]), true, 'adam-test-ref-a'),
      tf.variable(tf.tensor2d(starts[1], [2, 3]), true, 'adam-test-ref-b'),
    ];
    const [lr, b1, b2, eps, maxNorm] = [0.05, 0.9, 0.999, 1e-8, 1];
    const adam = createClippedAdam(xs, { learningRate: lr, maxGradNorm: maxNorm });
    const ref = starts.map((start) => ({ x: [...start], m: start.map(() => 0), v: start.map(() => 0) }));
    for (let step = 1; step <= 5; step++) {
      const g = ref.map((r, k) => r.x.map((xi, i) => (i + 1 + k) * Math.sin(3 * xi)));
      const norm = Math.hypot(...g.flat());
      const scale = norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;
      ref.forEach((r, k) => {
        g[k].forEach((gi, i) => {
          r.m[i] = b1 * r.m[i] + (1 - b1) * gi * scale;
          r.v[i] = b2 * r.v[i] + (1 - b2) * (gi * scale) ** 2;
          r.x[i] -= (lr * (r.m[i] / (1 - b1 ** step))) / (Math.sqrt(r.v[i] / (1 - b2 ** step)) + eps);
        });
      });
      const gradients = g.map((gk, k) => tf.tensor(gk, xs[k].shape));
      expect(await adam.apply(gradients)).toBeCloseTo(norm, 4);
      tf.dispose(gradients);
    }
    xs.forEach((x, k) => {
      x.dataSync().forEach((xi, i) => {
        expect(xi).toBeCloseTo(ref[k].x[i], 5);
      });
    });
    const state = await adam.getState();
    expect(state.moments.map((e) => e.name)).toEqual(['adam-test-ref-a', 'adam-test-ref-b']);
    state.moments.forEach((e, k) => {
      e.m.forEach((mi, i) => {
        expect(mi).toBeCloseTo(ref[k].m[i], 6);
      });
    });
    adam.dispose();
    tf.dispose(xs);
  });

  it('a restored optimizer continues bit for bit like the original', async () => {
    const run = async (restoreAfter: number | undefined) => {
      const x = tf.variable(tf.tensor1d([1, -2, 3]), true);
      let adam = createClippedAdam([x], { learningRate: 0.05, maxGradNorm: 1 });
      for (let k = 0; k < 6; k++) {
        if (k === restoreAfter) {
          const state = await adam.getState();
          adam.dispose();
          adam = createClippedAdam([x], { learningRate: 0.05, maxGradNorm: 1 });
          adam.setState(state);
        }
        const g = tf.tidy(() => tf.mul(tf.sin(x), 3));
        await adam.apply([g]);
        g.dispose();
      }
      const out = Array.from(x.dataSync());
      adam.dispose();
      x.dispose();
      return out;
    };
    expect(await run(3)).toEqual(await run(undefined));
  });

  it('rejects a state whose variable names or sizes differ, naming the field', async () => {
    const x = tf.variable(tf.tensor1d([1]), true, 'adam-test-named');
    const adam = createClippedAdam([x], { learningRate: 0.1 });
    expect(() => adam.setState({ step: 1, moments: [{ name: 'other', m: new Float32Array(1), v: new Float32Array(1) }] })).toThrow(
      /optimizer\.moments\[0\]\.name/,
    );
    expect(() => adam.setState({ step: -1, moments: [] })).toThrow(/optimizer\.step/);
    adam.dispose();
    x.dispose();
  });
});
