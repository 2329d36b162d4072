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

  it('follows the textbook clipped Adam update over several steps (float64 reference)', async () => {
    const start = [0.5, -1.5, 2, 0.25];
    const x = tf.variable(tf.tensor1d(start), true, 'adam-test-reference');
    const [lr, b1, b2, eps, maxNorm] = [0.05, 0.9, 0.999, 1e-8, 1];
    const adam = createClippedAdam([x], { learningRate: lr, maxGradNorm: maxNorm });
    const ref = { x: [...start], m: [0, 0, 0, 0], v: [0, 0, 0, 0] };
    for (let step = 1; step <= 5; step++) {
      const g = ref.x.map((xi, i) => (i + 1) * Math.sin(3 * xi));
      const norm = Math.hypot(...g);
      const scale = norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;
      g.forEach((gi, i) => {
        ref.m[i] = b1 * ref.m[i] + (1 - b1) * gi * scale;
        ref.v[i] = b2 * ref.v[i] + (1 - b2) * (gi * scale) ** 2;
        ref.x[i] -= (lr * (ref.m[i] / (1 - b1 ** step))) / (Math.sqrt(ref.v[i] / (1 - b2 ** step)) + eps);
      });
      const gradient = tf.tensor1d(g);
      expect(await adam.apply([gradient])).toBeCloseTo(norm, 4);
      gradient.dispose();
    }
    Array.from(x.dataSync()).forEach((xi, i) => expect(xi).toBeCloseTo(ref.x[i], 5));
    adam.dispose();
    x.dispose();
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
