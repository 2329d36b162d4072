import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPolicyValueModel, createRng, evaluateLanguageModel, languageModelLoss, pretrainLanguageModel } from '../src/index.js';
import { randomiseWeights, TINY_CONFIG, useCpuBackend } from './model-fixtures.js';

beforeAll(useCpuBackend);

// A repetitive corpus: "bos 4 5 6 7 8 eos" and "bos 9 10 4 5 eos", many times.
const CORPUS = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? [1, 4, 5, 6, 7, 8, 2] : [1, 9, 10, 4, 5, 2]));

describe('languageModelLoss', () => {
  it('equals the mean negative log-softmax of the next tokens, computed by hand', () => {
    const model = createPolicyValueModel(TINY_CONFIG, { seed: 1 });
    randomiseWeights(model, 2);
    const rows = [
      [1, 4, 5, 6],
      [3, 3, 9, 2],
    ];
    const tokens = tf.tensor2d(rows, undefined, 'int32');
    const logits = tf.tidy(() => model.forward(tokens).logits.arraySync());
    const nll = (b: number, t: number): number => {
      const row = logits[b][t];
      const max = Math.max(...row);
      const logZ = max + Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0));
      return logZ - row[rows[b][t + 1]];
    };
    let total = 0;
    for (let b = 0; b < 2; b++) for (let t = 0; t < 3; t++) total += nll(b, t);
    const loss = languageModelLoss(model, tokens);
    expect(loss.dataSync()[0]).toBeCloseTo(total / 6, 4);
    const mask = tf.tensor2d([
      [1, 0, 0],
      [0, 0, 1],
    ]);
    const masked = languageModelLoss(model, tokens, mask);
    expect(masked.dataSync()[0]).toBeCloseTo((nll(0, 0) + nll(1, 2)) / 2, 4);
    expect(() => languageModelLoss(model, tf.tensor2d([[1]], undefined, 'int32'))).toThrow(/tokens.shape\[1\].*got 1/);
    tf.dispose([tokens, loss, mask, masked]);
    model.dispose();
  });
});

describe('pretrainLanguageModel', () => {
  it('lowers the loss on a tiny repetitive corpus, reproducibly, without leaking tensors', async () => {
    const train = async (steps: number): Promise<{ losses: number[]; before: number; after: number }> => {
      const model = createPolicyValueModel({ ...TINY_CONFIG, contextLength: 8 }, { seed: 3 });
      const before = await evaluateLanguageModel(model, CORPUS);
      const seen: number[] = [];
      const valueHeadsBefore = model.valueHeadVariables.map((v) => Array.from(v.dataSync()));
      const { losses } = await pretrainLanguageModel(model, CORPUS, {
        steps,
        batchSize: 8,
        learningRate: 0.02,
        rng: createRng(4),
        onStep: (step) => seen.push(step),
      });
      expect(seen).toEqual(Array.from({ length: steps }, (_, i) => i));
      // Value heads are not part of the language-model objective.
      expect(model.valueHeadVariables.map((v) => Array.from(v.dataSync()))).toEqual(valueHeadsBefore);
      const after = await evaluateLanguageModel(model, CORPUS);
      model.dispose();
      return { losses, before, after };
    };
    const tensorsBefore = tf.memory().numTensors;
    const first = await train(40);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(first.before).toBeGreaterThan(2); // about ln(11) at initialisation
    expect(first.after).toBeLessThan(first.before / 2);
    const head = first.losses.slice(0, 5).reduce((a, b) => a + b) / 5;
    const tail = first.losses.slice(-5).reduce((a, b) => a + b) / 5;
    expect(tail).toBeLessThan(head / 2);
    // Step k's loss depends only on the steps before it, so a shorter rerun must replay a prefix.
    const second = await train(8);
    expect(second.losses).toEqual(first.losses.slice(0, 8));
  });

  it('rejects bad options and sequences naming the field and value', async () => {
    const model = createPolicyValueModel(TINY_CONFIG, { seed: 5 });
    const base = { steps: 1, batchSize: 2, learningRate: 0.01, rng: createRng(1) };
    await expect(pretrainLanguageModel(model, CORPUS, { ...base, steps: -1 })).rejects.toThrow(/options\.steps.*got -1/);
    await expect(pretrainLanguageModel(model, CORPUS, { ...base, learningRate: Number.NaN })).rejects.toThrow(
      /options\.learningRate.*got NaN/,
    );
    await expect(
      pretrainLanguageModel(
        model,
        [
          [1, 2],
          [3, 11],
        ],
        base,
      ),
    ).rejects.toThrow(/sequences\[1\]\[1\].*got 11/);
    await expect(pretrainLanguageModel(model, CORPUS, { ...base, windowLength: 9 })).rejects.toThrow(/options\.windowLength/);
    await expect(pretrainLanguageModel(model, [[1]], base)).rejects.toThrow(/at least 2 tokens/);
    await expect(pretrainLanguageModel(model.cloneFrozen(), CORPUS, base)).rejects.toThrow(/no trainable variables/);
    model.dispose();
  });
});
