// The wasm backend's replacement Identity (buffer shared) and Slice (copies only the slice): same
// values as a plain reference, for generated shapes, ranks, slices and dtypes; and same-seed training
// on wasm (all the written-out ops, the flat Adam and these kernels) stays bit-for-bit deterministic.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicyValueModel, createRng } from '../src/index.js';
import { tuneWasmKernels } from '../src/backends/wasm-kernel-tuning.js';
import { createClippedAdam } from '../src/training/adam.js';
import { objectiveCombinerFor } from '../src/training/combiners/index.js';
import { combineWithPamaCore, minNormFromGramWithPamaCore } from '../src/training/pama-core-solvers.js';
import { PhaseTimer } from '../src/training/phase-timer.js';
import { runPolicyUpdate } from '../src/training/policy-update.js';
import { DEFAULT_PPO } from '../src/training/trainer-options.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Row-major reference slice of a flat array. */
function referenceSlice(values: ArrayLike<number>, shape: number[], begin: number[], size: number[]): number[] {
  const strides = tf.util.computeStrides(shape);
  const out: number[] = [];
  const total = size.reduce((a, b) => a * b, 1);
  for (let k = 0; k < total; k++) {
    let rest = k;
    let offset = 0;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      const i = rest % size[axis];
      rest = Math.floor(rest / size[axis]);
      offset += (begin[axis] + i) * (axis === shape.length - 1 ? 1 : strides[axis]);
    }
    out.push(values[offset]);
  }
  return out;
}

const sliceCase = fc
  .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 })
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.tuple(
        ...shape.map((n) => fc.integer({ min: 0, max: n - 1 }).chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: 0, max: n - b })))),
      ),
      fc.constantFrom<'float32' | 'int32' | 'bool'>('float32', 'int32', 'bool'),
    ),
  );

describe('tuneWasmKernels', () => {
  it('installs on the wasm backend', () => {
    expect(tuneWasmKernels()).toBe(true);
  });

  it('Slice returns the reference slice for any shape, rank 1–5, slice and dtype', () => {
    fc.assert(
      fc.property(sliceCase, ([shape, ranges, dtype]) => {
        const total = shape.reduce((a, b) => a * b, 1);
        const values = Array.from({ length: total }, (_, k) => (dtype === 'bool' ? (k % 3 === 0 ? 1 : 0) : k * 1.5 - 7));
        const x = tf.tensor(values, shape, dtype);
        const begin = ranges.map((r) => r[0]);
        const size = ranges.map((r) => r[1]);
        const y = tf.slice(x, begin, size);
        expect(y.shape).toEqual(size);
        expect(Array.from(y.dataSync())).toEqual(
          referenceSlice(dtype === 'int32' ? values.map(Math.trunc) : values, shape, begin, size).map((v) =>
            dtype === 'int32' ? Math.trunc(v) : v,
          ),
        );
        tf.dispose([x, y]);
      }),
      { numRuns: 150 },
    );
  });

  it('Identity shares the buffer: a clone keeps its values after the original is disposed, and frees it last', () => {
    const before = tf.memory().numDataBuffers;
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const y = tf.clone(x);
    expect(tf.memory().numDataBuffers - before).toBe(1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    const z = tf.add(y, 1);
    expect(Array.from(z.dataSync())).toEqual([2, 3, 4, 5]);
    tf.dispose([y, z]);
    expect(tf.memory().numDataBuffers).toBe(before);
  });
});

describe('training on the wasm backend with the tuned kernels', () => {
  it('two same-seed runs of minibatch updates end with bit-identical weights and optimizer state', async () => {
    const config = { vocabSize: 23, contextLength: 12, dModel: 16, nHeads: 2, nLayers: 2, dMlp: 32, nValueHeads: 2 };
    const [B, P, T, N] = [4, 3, 5, 2];
    const run = async () => {
      const model = createPolicyValueModel(config, { seed: 9 });
      const optimizer = createClippedAdam(model.trainableVariables, { learningRate: 1e-2, maxGradNorm: 1 });
      const rng = createRng(4);
      const random = (n: number) => Float32Array.from({ length: n }, () => rng.nextFloat() * 2 - 1);
      const buffers = {
        tokens: Int32Array.from({ length: B * (P + T) }, () => rng.nextUint32() % config.vocabSize),
        batchSize: B,
        promptLength: P,
        responseLength: T,
        nObjectives: N,
        mask: new Float32Array(B * T).fill(1),
        logProbsOld: new Float32Array(B * T).fill(-Math.log(config.vocabSize)),
        oldValues: new Float32Array(B * T * N),
        returns: random(B * T * N),
        perObjective: random(B * T * N),
      };
      const context = {
        model,
        optimizer,
        ppo: { ...DEFAULT_PPO, epochs: 2, minibatchSize: 2 },
        temperature: 1,
        combiner: objectiveCombinerFor({
          method: 'pama',
          granularity: 'token',
          noon: true,
          weights: new Float64Array(N).fill(1 / N),
          combine: combineWithPamaCore,
          minNorm: minNormFromGramWithPamaCore,
        }),
        rng,
        timer: new PhaseTimer(),
      };
      const stats = await runPolicyUpdate(context, buffers);
      const weights = await model.exportWeights();
      const state = await optimizer.getState();
      optimizer.dispose();
      model.dispose();
      return { stats, weights, state };
    };
    const a = await run();
    const b = await run();
    expect(Number.isFinite(a.stats.policyLoss)).toBe(true);
    expect(a.stats.minibatches).toBe(4);
    expect(b.stats).toEqual(a.stats);
    expect(b.weights).toEqual(a.weights);
    expect(b.state).toEqual(a.state);
  });
});
