import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createPolicyValueModel, ModelInputError, selectBackend } from '../src/index.js';
import { TINY_CONFIG } from './model-fixtures.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const nodeBackendsAbsent = (specifier: string): Promise<unknown> =>
  specifier.startsWith('@tensorflow/tfjs-node') ? Promise.reject(new Error(`Cannot find package '${specifier}'`)) : import(specifier);

describe('selectBackend', () => {
  it('falls back to wasm when both node backends are absent, reporting what it tried', async () => {
    const selection = await selectBackend('auto', { importModule: nodeBackendsAbsent });
    expect(selection.name).toBe('wasm');
    expect(selection.tfBackend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    // WebGPU is passed over: no adapter, no `webgpu` package, or only a software adapter (never auto-selected).
    expect(selection.tried.map((t) => t.name)).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow']);
    expect(selection.tried[0].error).toMatch(/@tensorflow\/tfjs-node-gpu.*Cannot find package/);
    expect(typeof selection.wasmSimd).toBe('boolean');
    // tfjs-backend-wasm 4.22 writes int32 bits for a float32 OneHot; selection must leave it correct.
    const oneHot = tf.oneHot(tf.tensor1d([2, 0], 'int32'), 3, 1, 0, 'float32');
    expect(Array.from(oneHot.dataSync())).toEqual([0, 0, 1, 1, 0, 0]);
    const scaled = tf.oneHot(tf.tensor1d([1], 'int32'), 2, 5, -1, 'float32');
    expect(Array.from(scaled.dataSync())).toEqual([-1, 5]);
    tf.dispose([oneHot, scaled]);
  });

  it('with the real module loader also ends on wasm here, where the node backends are not installed and no GPU is present', async () => {
    const selection = await selectBackend();
    expect(selection.name).toBe('wasm');
    expect(selection.tried.map((t) => t.name)).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow']);
  });

  it('falls back to cpu when wasm cannot load either', async () => {
    const onlyCpu = (specifier: string): Promise<unknown> =>
      specifier.endsWith('tfjs-backend-cpu') ? import(specifier) : Promise.reject(new Error('absent'));
    // wasm is already registered from the previous tests, so simulate its failure at import time.
    const selection = await selectBackend('auto', { importModule: onlyCpu });
    expect(selection.name).toBe('cpu');
    expect(selection.tried.map((t) => t.name)).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm']);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('reports a node backend that loads but registers with another tfjs-core instance', async () => {
    const loadsNothing = (specifier: string): Promise<unknown> =>
      specifier === '@tensorflow/tfjs-node' ? Promise.resolve({}) : nodeBackendsAbsent(specifier);
    const selection = await selectBackend('tensorflow', { importModule: loadsNothing });
    expect(selection.tried[0].name).toBe('tensorflow');
    expect(selection.tried[0].error).toMatch(/registered no 'tensorflow' backend.*one instance/);
    expect(selection.name).toBe('wasm');
  });

  it('starts at the named backend and, without fallback, throws naming it', async () => {
    expect((await selectBackend('cpu')).name).toBe('cpu');
    await expect(selectBackend('tensorflow-gpu', { fallback: false, importModule: nodeBackendsAbsent })).rejects.toThrow(
      /backend: names no backend that could be started.*got "tensorflow-gpu"/,
    );
    await expect(selectBackend('gpu' as 'cpu')).rejects.toThrow(ModelInputError);
  });

  it('trains on the wasm backend: the forward value and every gradient agree with the cpu backend', async () => {
    const run = (): { logits: number[]; grad: number[] } => {
      const model = createPolicyValueModel(TINY_CONFIG, { seed: 3 });
      const result = tf.tidy(() => {
        const tokens = tf.tensor2d(
          [
            [1, 2, 3, 2, 1],
            [4, 4, 4, 5, 6],
          ],
          undefined,
          'int32',
        ); // repeated ids
        const { value, grads } = tf.variableGrads(() => {
          const out = model.forward(tokens);
          return tf.add(tf.sum(tf.square(out.logits)), tf.sum(out.values));
        }, model.trainableVariables as tf.Variable[]);
        return {
          logits: Array.from(value.dataSync()),
          grad: model.trainableVariables.flatMap((v) => Array.from(grads[v.name].dataSync())),
        };
      });
      model.dispose();
      return result;
    };
    await tf.setBackend('cpu');
    const onCpu = run();
    await tf.setBackend('wasm');
    const onWasm = run();
    expect(onWasm.logits[0]).toBeCloseTo(onCpu.logits[0], 3);
    onWasm.grad.forEach((g, i) => expect(Math.abs(g - onCpu.grad[i])).toBeLessThan(1e-4 + 1e-3 * Math.abs(onCpu.grad[i])));
  });
});
