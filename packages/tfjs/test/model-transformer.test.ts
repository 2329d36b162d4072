import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TransformerConfig } from '../src/contracts.js';
import fc from 'fast-check';
import { createPolicyValueModel, ModelInputError, parameterCount, validateTransformerConfig, withoutValueHeads } from '../src/index.js';
import { randomiseWeights, randomTokens, TINY_CONFIG, useCpuBackend } from './model-fixtures.js';

beforeAll(useCpuBackend);

describe('transformer config validation', () => {
  const cases: [keyof TransformerConfig, unknown, RegExp][] = [
    ['vocabSize', 0, /config\.vocabSize.*got 0/],
    ['contextLength', 2.5, /config\.contextLength.*got 2\.5/],
    ['dModel', -8, /config\.dModel.*got -8/],
    ['nHeads', Number.NaN, /config\.nHeads.*got NaN/],
    ['nLayers', '2', /config\.nLayers.*got "2"/],
    ['dMlp', 0, /config\.dMlp/],
    ['nValueHeads', -1, /config\.nValueHeads.*must be an integer >= 0.*got -1/],
  ];
  for (const [field, value, message] of cases) {
    it(`rejects ${field} = ${String(value)} naming the field and value`, async () => {
      const bad = { ...TINY_CONFIG, [field]: value } as TransformerConfig;
      expect(() => validateTransformerConfig(bad)).toThrow(ModelInputError);
      expect(() => createPolicyValueModel(bad, { seed: 1 })).toThrow(message);
    });
  }
  it('rejects dModel not divisible by nHeads', async () => {
    expect(() => validateTransformerConfig({ ...TINY_CONFIG, dModel: 10, nHeads: 3 })).toThrow(
      /config\.dModel: must be divisible by config\.nHeads = 3 \(got 10\)/,
    );
  });
  it('rejects a non-integer seed', async () => {
    expect(() => createPolicyValueModel(TINY_CONFIG, { seed: 0.5 })).toThrow(/options\.seed/);
  });
  it('counts parameters from the layout', async () => {
    const { vocabSize: v, contextLength: c, dModel: d, dMlp: m, nLayers: n, nValueHeads: h } = TINY_CONFIG;
    const block = 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + 2 * d + (d * m + m) + (m * d + d);
    expect(parameterCount(TINY_CONFIG)).toBe(v * d + c * d + n * block + 2 * d + v + h * (d + 1));
  });
});

describe('policy/value transformer', () => {
  it('gives outputs of the contract shapes and finite values', async () => {
    const model = createPolicyValueModel(TINY_CONFIG, { seed: 3 });
    const out = model.forward(tf.tensor2d(randomTokens(3, 5, TINY_CONFIG.vocabSize, 1), [3, 5], 'int32'));
    expect(out.hidden.shape).toEqual([3, 5, TINY_CONFIG.dModel]);
    expect(out.logits.shape).toEqual([3, 5, TINY_CONFIG.vocabSize]);
    expect(out.values.shape).toEqual([3, 5, TINY_CONFIG.nValueHeads]);
    expect(Array.from(out.logits.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([out.hidden, out.logits, out.values]);
    model.dispose();
  });

  it('is causal: changing the token at position k changes no output before k, and does change position k', async () => {
    const model = createPolicyValueModel(TINY_CONFIG, { seed: 5 });
    randomiseWeights(model, 6);
    const length = TINY_CONFIG.contextLength;
    const base = randomTokens(2, length, TINY_CONFIG.vocabSize, 7);
    for (let k = 0; k < length; k++) {
      const changed = base.map((row) => row.slice());
      changed[0][k] = (changed[0][k] + 1) % TINY_CONFIG.vocabSize;
      changed[1][k] = (changed[1][k] + 3) % TINY_CONFIG.vocabSize;
      const a = model.forward(tf.tensor2d(base, undefined, 'int32'));
      const b = model.forward(tf.tensor2d(changed, undefined, 'int32'));
      for (const key of ['hidden', 'logits', 'values'] as const) {
        const [rows, , width] = a[key].shape;
        const x = a[key].arraySync();
        const y = b[key].arraySync();
        let changedAtK = 0;
        for (let r = 0; r < rows; r++) {
          for (let t = 0; t < k; t++) {
            for (let j = 0; j < width; j++) expect(Math.abs(x[r][t][j] - y[r][t][j])).toBeLessThan(1e-6);
          }
          for (let j = 0; j < width; j++) changedAtK += Math.abs(x[r][k][j] - y[r][k][j]);
        }
        expect(changedAtK).toBeGreaterThan(1e-4);
      }
      tf.dispose([a.hidden, a.logits, a.values, b.hidden, b.logits, b.values]);
    }
    model.dispose();
  });

  it('is deterministic from the seed and differs across seeds', async () => {
    const a = createPolicyValueModel(TINY_CONFIG, { seed: 11 });
    const b = createPolicyValueModel(TINY_CONFIG, { seed: 11 });
    const c = createPolicyValueModel(TINY_CONFIG, { seed: 12 });
    const wa = await a.exportWeights();
    const wb = await b.exportWeights();
    const wc = await c.exportWeights();
    for (const name of Object.keys(wa)) expect(wb[name].data).toEqual(wa[name].data);
    expect(wc['embedding.token'].data).not.toEqual(wa['embedding.token'].data);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('lists value-head variables as a subset of the trainable variables, in a stable order', async () => {
    const model = createPolicyValueModel(TINY_CONFIG, { seed: 1 });
    expect(model.valueHeadVariables).toHaveLength(2 * TINY_CONFIG.nValueHeads);
    for (const v of model.valueHeadVariables) expect(model.trainableVariables).toContain(v);
    expect(model.trainableVariables.every((v) => v.trainable)).toBe(true);
    expect(model.trainableVariables.length).toBe(Object.keys(await model.exportWeights()).length);
    model.dispose();
  });

  it('with nValueHeads 0: no value-head variables, values B×L×0, and for any seed and N the same weights and logits as a model with N heads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 4 }), async (seed, n) => {
        const policyOnly = createPolicyValueModel({ ...TINY_CONFIG, nValueHeads: 0 }, { seed });
        const withHeads = createPolicyValueModel({ ...TINY_CONFIG, nValueHeads: n }, { seed });
        const tokens = tf.tensor2d(randomTokens(2, 5, TINY_CONFIG.vocabSize, seed), undefined, 'int32');
        const a = policyOnly.forward(tokens);
        const b = withHeads.forward(tokens);
        try {
          expect(policyOnly.valueHeadVariables).toEqual([]);
          expect(policyOnly.trainableVariables.length).toBe(withHeads.trainableVariables.length - 2 * n);
          expect(a.values.shape).toEqual([2, 5, 0]);
          expect(b.values.shape).toEqual([2, 5, n]);
          expect(Array.from(a.logits.dataSync())).toEqual(Array.from(b.logits.dataSync()));
          const wa = await policyOnly.exportWeights();
          const wb = withoutValueHeads(await withHeads.exportWeights());
          expect(Object.keys(wa)).toEqual(Object.keys(wb));
          for (const name of Object.keys(wa)) expect(wa[name].data).toEqual(wb[name].data);
          expect(parameterCount({ ...TINY_CONFIG, nValueHeads: 0 })).toBe(
            parameterCount({ ...TINY_CONFIG, nValueHeads: n }) - n * (TINY_CONFIG.dModel + 1),
          );
        } finally {
          tf.dispose([tokens, a.hidden, a.logits, a.values, b.hidden, b.logits, b.values]);
          policyOnly.dispose();
          withHeads.dispose();
        }
      }),
      { numRuns: 8 },
    );
  });

  it('round-trips weights through export/import, and rejects mismatching names and shapes', async () => {
    const source = createPolicyValueModel(TINY_CONFIG, { seed: 21 });
    randomiseWeights(source, 22);
    const target = createPolicyValueModel(TINY_CONFIG, { seed: 23 });
    target.importWeights(await source.exportWeights());
    const tokens = tf.tensor2d(randomTokens(2, 6, TINY_CONFIG.vocabSize, 2), undefined, 'int32');
    const a = source.forward(tokens);
    const b = target.forward(tokens);
    expect(Array.from(b.logits.dataSync())).toEqual(Array.from(a.logits.dataSync()));
    expect(Array.from(b.values.dataSync())).toEqual(Array.from(a.values.dataSync()));

    const weights = await source.exportWeights();
    const { 'value1.bias': _dropped, ...missing } = weights;
    expect(() => target.importWeights(missing)).toThrow(/weights\["value1.bias"\]: is missing/);
    expect(() => target.importWeights({ ...weights, extra: { shape: [1], data: new Float32Array(1) } })).toThrow(
      /weights\["extra"\]: is not a parameter/,
    );
    expect(() => target.importWeights({ ...weights, 'final_ln.gain': { shape: [3], data: new Float32Array(3) } })).toThrow(
      /weights\["final_ln.gain"\].shape: must be \[8\]/,
    );
    const withNaN = new Float32Array(weights['lm_head.bias'].data);
    withNaN[2] = Number.NaN;
    expect(() => target.importWeights({ ...weights, 'lm_head.bias': { shape: [11], data: withNaN } })).toThrow(
      /lm_head.bias"\].data\[2\]: must be finite/,
    );
    // A failed import leaves the weights untouched.
    const c = target.forward(tokens);
    expect(Array.from(c.logits.dataSync())).toEqual(Array.from(a.logits.dataSync()));
    tf.dispose([tokens, a.hidden, a.logits, a.values, b.hidden, b.logits, b.values, c.hidden, c.logits, c.values]);
    source.dispose();
    target.dispose();
  });

  it('cloneFrozen is an independent, non-trainable copy', async () => {
    const model = createPolicyValueModel(TINY_CONFIG, { seed: 31 });
    randomiseWeights(model, 32);
    const frozen = model.cloneFrozen();
    expect(frozen.trainableVariables).toHaveLength(0);
    const before = await frozen.exportWeights();
    expect(before['block0.mlp.in.weight'].data).toEqual((await model.exportWeights())['block0.mlp.in.weight'].data);
    randomiseWeights(model, 33);
    const after = await frozen.exportWeights();
    for (const name of Object.keys(before)) expect(after[name].data).toEqual(before[name].data);
    expect((await model.exportWeights())['block0.mlp.in.weight'].data).not.toEqual(before['block0.mlp.in.weight'].data);
    model.dispose();
    const tokens = tf.tensor2d([[1, 2, 3]], undefined, 'int32');
    const out = frozen.forward(tokens); // still usable after the original is gone
    expect(out.logits.shape).toEqual([1, 3, TINY_CONFIG.vocabSize]);
    tf.dispose([tokens, out.hidden, out.logits, out.values]);
    frozen.dispose();
  });

  it('does not leak tensors across forward calls, and dispose frees every variable', async () => {
    const start = tf.memory().numTensors;
    const model = createPolicyValueModel(TINY_CONFIG, { seed: 41 });
    const tokens = tf.tensor2d(randomTokens(2, 5, TINY_CONFIG.vocabSize, 3), undefined, 'int32');
    const run = (): void => {
      const out = model.forward(tokens);
      tf.dispose([out.hidden, out.logits, out.values]);
      tf.dispose(model.hidden(tokens));
    };
    run();
    const afterFirst = tf.memory().numTensors;
    run();
    run();
    expect(tf.memory().numTensors).toBe(afterFirst);
    tokens.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('rejects token tensors longer than the context or of the wrong dtype', async () => {
    const model = createPolicyValueModel(TINY_CONFIG, { seed: 1 });
    const long = tf.zeros([1, TINY_CONFIG.contextLength + 1], 'int32') as tf.Tensor2D;
    expect(() => model.forward(long)).toThrow(/tokens.shape\[1\].*config.contextLength = 8/);
    const floats = tf.zeros([1, 3], 'float32') as tf.Tensor2D;
    expect(() => model.forward(floats)).toThrow(/tokens.dtype: must be int32 \(got "float32"\)/);
    tf.dispose([long, floats]);
    model.dispose();
  });
});
