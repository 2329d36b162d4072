import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Generation, PolicyValueModel } from '../src/contracts.js';
import { argmax, createPolicyValueModel, createRng, generate, isIncrementalDecoder, ModelInputError, sampleToken } from '../src/index.js';
import type { KeyValueCache, SamplingOptions } from '../src/index.js';
import { randomiseWeights, randomTokens, TINY_CONFIG, useCpuBackend } from './model-fixtures.js';

beforeAll(useCpuBackend);

const CONFIG = { ...TINY_CONFIG, contextLength: 16 };

function sampledModel(seed: number): PolicyValueModel {
  const model = createPolicyValueModel(CONFIG, { seed });
  randomiseWeights(model, seed + 1, 0.5);
  return model;
}

const options = (overrides: Partial<SamplingOptions> = {}): SamplingOptions => ({
  maxNewTokens: 8,
  temperature: 1,
  topK: 0,
  rng: createRng(99),
  ...overrides,
});

function rows(g: Generation): number[][] {
  const width = g.promptLength + g.maxNewTokens;
  return Array.from({ length: g.batchSize }, (_, b) => Array.from(g.tokens.subarray(b * width, (b + 1) * width)));
}

describe('generate', () => {
  it('is reproducible with a fixed seed and varies with the seed', async () => {
    const model = sampledModel(1);
    const prompts = randomTokens(4, 3, CONFIG.vocabSize, 2);
    const a = await generate(model, prompts, options({ rng: createRng(7) }));
    const b = await generate(model, prompts, options({ rng: createRng(7) }));
    const c = await generate(model, prompts, options({ rng: createRng(8) }));
    expect(rows(b)).toEqual(rows(a));
    expect(rows(c)).not.toEqual(rows(a));
    rows(a).forEach((row, i) => expect(row.slice(0, 3)).toEqual(prompts[i]));
    model.dispose();
  });

  it('writes maxNewTokens tokens when there is no EOS, with a full response mask', async () => {
    const model = sampledModel(3);
    const g = await generate(model, randomTokens(2, 4, CONFIG.vocabSize, 4), options({ maxNewTokens: 5 }));
    expect(g.tokens.length).toBe(2 * 9);
    expect(Array.from(g.responseLengths)).toEqual([5, 5]);
    expect(Array.from(g.responseMask)).toEqual(new Array(10).fill(1));
    model.dispose();
  });

  it('stops a row after EOS, keeps the EOS, pads the rest and masks it out', async () => {
    const model = sampledModel(5);
    const eosId = 2;
    const padId = 0;
    const g = await generate(model, randomTokens(16, 2, CONFIG.vocabSize, 6), options({ maxNewTokens: 12, eosId, padId }));
    const width = 14;
    let sawEos = 0;
    for (let b = 0; b < 16; b++) {
      const response = Array.from(g.tokens.subarray(b * width + 2, (b + 1) * width));
      const length = g.responseLengths[b];
      const mask = Array.from(g.responseMask.subarray(b * 12, (b + 1) * 12));
      expect(mask).toEqual(response.map((_, t) => (t < length ? 1 : 0)));
      const eosAt = response.indexOf(eosId);
      if (eosAt >= 0) {
        sawEos++;
        expect(length).toBe(eosAt + 1);
        expect(response.slice(eosAt + 1).every((t) => t === padId)).toBe(true);
      } else expect(length).toBe(12);
    }
    expect(sawEos).toBeGreaterThan(0); // an 11-token vocabulary over 12 steps: EOS comes up
    model.dispose();
  });

  it('with topK = 1 picks the argmax of the full-sequence logits at every step', async () => {
    const model = sampledModel(7);
    const prompts = randomTokens(3, 2, CONFIG.vocabSize, 8);
    const g = await generate(model, prompts, options({ topK: 1, maxNewTokens: 6 }));
    const tokens = rows(g);
    const logits = tf.tidy(() => model.forward(tf.tensor2d(tokens, undefined, 'int32')).logits.arraySync());
    for (let b = 0; b < 3; b++) {
      for (let t = 2; t < 8; t++) expect(tokens[b][t]).toBe(argmax(logits[b][t - 1]));
    }
    model.dispose();
  });

  it('decodes the same tokens with the key/value cache as by recomputing the full prefix', async () => {
    const model = sampledModel(9);
    const prompts = randomTokens(5, 3, CONFIG.vocabSize, 10);
    for (const topK of [0, 3]) {
      const cached = await generate(model, prompts, options({ topK, maxNewTokens: 13, rng: createRng(11) }));
      const full = await generate(model, prompts, options({ topK, maxNewTokens: 13, rng: createRng(11), useKeyValueCache: false }));
      expect(rows(cached)).toEqual(rows(full));
    }
    model.dispose();
  });

  it('decodeWithCache, fed one position at a time, gives the logits of a full forward pass', async () => {
    const model = sampledModel(15);
    if (!isIncrementalDecoder(model)) throw new Error('the transformer must support incremental decoding');
    const tokens = randomTokens(2, 10, CONFIG.vocabSize, 16);
    const full = tf.tidy(() => model.forward(tf.tensor2d(tokens, undefined, 'int32')).logits.arraySync());
    let cache: KeyValueCache[] | undefined;
    for (let t = 0; t < 10; t++) {
      const step = model.decodeWithCache(
        tf.tensor2d(
          tokens.map((row) => [row[t]]),
          [2, 1],
          'int32',
        ),
        cache,
      );
      const logits = tf.tidy(() => model.logitsFromHidden(step.hidden).arraySync());
      cache?.forEach((c) => tf.dispose([c.keys, c.values]));
      cache = step.cache;
      step.hidden.dispose();
      for (let b = 0; b < 2; b++) {
        logits[b][0].forEach((x, v) => expect(Math.abs(x - full[b][t][v])).toBeLessThan(1e-5));
      }
    }
    cache?.forEach((c) => tf.dispose([c.keys, c.values]));
    model.dispose();
  });

  it('does not grow tf.memory().numTensors across calls', async () => {
    const model = sampledModel(12);
    const prompts = randomTokens(3, 2, CONFIG.vocabSize, 13);
    await generate(model, prompts, options());
    const after = tf.memory().numTensors;
    await generate(model, prompts, options({ eosId: 1 }));
    await generate(model, prompts, options({ useKeyValueCache: false }));
    expect(tf.memory().numTensors).toBe(after);
    model.dispose();
  });

  it('rejects bad prompts and options naming the field and value', async () => {
    const model = sampledModel(14);
    await expect(generate(model, [], options())).rejects.toThrow(ModelInputError);
    await expect(generate(model, [[1, 2], [3]], options())).rejects.toThrow(/prompts\[1\]\.length.*got 1/);
    await expect(generate(model, [[1, 99]], options())).rejects.toThrow(/prompts\[0\]\[1\].*got 99/);
    await expect(generate(model, [[1]], options({ maxNewTokens: 16 }))).rejects.toThrow(/options\.maxNewTokens.*contextLength = 16/);
    await expect(generate(model, [[1]], options({ temperature: 0 }))).rejects.toThrow(/options\.temperature.*got 0/);
    await expect(generate(model, [[1]], options({ topK: -1 }))).rejects.toThrow(/options\.topK/);
    await expect(generate(model, [[1]], options({ eosId: 11 }))).rejects.toThrow(/options\.eosId.*got 11/);
    model.dispose();
  });
});

describe('sampleToken', () => {
  it('never samples outside the top k, and samples each of them at a frequency near its renormalised probability', async () => {
    const row = Float32Array.from([0.1, 2, -1, 1.5, 2, 0.3]);
    const rng = createRng(3);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 20000; i++) counts[sampleToken(row, 1, 3, rng)]++;
    expect(counts[0] + counts[2] + counts[5]).toBe(0);
    const z = Math.exp(2) * 2 + Math.exp(1.5);
    expect(counts[1] / 20000).toBeCloseTo(Math.exp(2) / z, 1);
    expect(counts[3] / 20000).toBeCloseTo(Math.exp(1.5) / z, 1);
  });
  it('keeps exactly k candidates when values tie at the k-th place (lowest indices win)', async () => {
    const row = Float32Array.from([1, 1, 1, 1]);
    const rng = createRng(4);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(sampleToken(row, 1, 2, rng));
    expect([...seen].sort()).toEqual([0, 1]);
  });
  it('sharpens toward the argmax as temperature falls', async () => {
    const row = Float32Array.from([0, 1, 0.5]);
    const rng = createRng(5);
    let hits = 0;
    for (let i = 0; i < 2000; i++) if (sampleToken(row, 0.05, 0, rng) === 1) hits++;
    expect(hits).toBeGreaterThan(1990);
  });
});
