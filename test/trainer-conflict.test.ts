// Two conflicting toy objectives (fraction of the word "red" vs fraction of "blue" in fixed-length
// responses): PAMA ends with neither objective below its start (a Pareto improvement, checked with
// pama-core's dominance), while MORLHF with lopsided weights 0.95/0.05 sacrifices the light one.
// Rewards come through pama-rewards' function sources; the trainer is pama-tfjs on the CPU backend.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { dominates } from 'pama-core';
import { functionReward } from 'pama-rewards';
import { createPolicyValueModel, createRng, createTrainer, generate } from 'pama-tfjs';
import type { PolicyValueModel, Rng, Tokenizer, TrainerOptions } from 'pama-tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

const WORDS = ['<pad>', '<bos>', '<eos>', '<unk>', 'red', 'blue', 'green', 'gold', 'grey', 'pink'];

const toyTokenizer: Tokenizer = {
  vocabSize: WORDS.length,
  padId: 0,
  bosId: 1,
  eosId: 2,
  unkId: 3,
  encode: (text) =>
    text
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => Math.max(WORDS.indexOf(w), 3)),
  decode: (ids) => Array.from(ids, (id) => WORDS[id] ?? '<unk>').join(' '),
  toJSON: () => ({ kind: 'toy-words', vocabulary: WORDS }),
};

const fraction = (word: string) =>
  functionReward({
    name: `fraction-${word}`,
    scoreItem: ({ response }) => {
      const words = response.split(' ').filter(Boolean);
      return words.length === 0 ? 0 : words.filter((w) => w === word).length / words.length;
    },
  });

const MAX_NEW_TOKENS = 6;
// Enough for a clear direction on both seeds (PAMA ≈ 0.09 → 0.4 on both; MORLHF 0.09 → 0.98 / 0.00).
const STEPS = 20;
const promptSampler = (rng: Rng, batchSize: number) =>
  Array.from({ length: batchSize }, () => [1, 4 + (rng.nextUint32() % (WORDS.length - 4))]);

/** Mean objectives of the policy on a fixed, large evaluation batch (same prompts and RNG each time). */
async function evaluate(model: PolicyValueModel): Promise<[number, number]> {
  const rng = createRng(2024);
  const generation = await generate(model, promptSampler(rng, 256), { maxNewTokens: MAX_NEW_TOKENS, temperature: 1, topK: 0, rng });
  let red = 0;
  let blue = 0;
  const width = generation.promptLength + generation.maxNewTokens;
  for (let b = 0; b < generation.batchSize; b++) {
    for (let t = 0; t < generation.maxNewTokens; t++) {
      const id = generation.tokens[b * width + generation.promptLength + t];
      if (id === 4) red++;
      if (id === 5) blue++;
    }
  }
  const total = generation.batchSize * generation.maxNewTokens;
  return [red / total, blue / total];
}

async function train(seed: number, extra: Partial<TrainerOptions>): Promise<{ start: [number, number]; end: [number, number] }> {
  const model = createPolicyValueModel(
    { vocabSize: WORDS.length, contextLength: 10, dModel: 16, nHeads: 2, nLayers: 1, dMlp: 32, nValueHeads: 2 },
    { seed },
  );
  const reference = model.cloneFrozen();
  const trainer = createTrainer({
    model,
    reference,
    tokenizer: toyTokenizer,
    rewardSources: [fraction('red'), fraction('blue')],
    method: 'pama',
    sampling: { maxNewTokens: MAX_NEW_TOKENS, temperature: 1, topK: 0 },
    batchSize: 16,
    rng: createRng(seed + 1),
    promptSampler,
    generate,
    ppo: { learningRate: 3e-3, minibatchSize: 8, epochs: 2, kl: { coef: 0.01 } },
    ...extra,
  });
  const start = await evaluate(model);
  for (let s = 0; s < STEPS; s++) await trainer.step();
  const end = await evaluate(model);
  trainer.dispose();
  reference.dispose();
  model.dispose();
  return { start, end };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('two conflicting objectives', () => {
  it.each([11, 23])('PAMA (token granularity, seed %i) ends Pareto-better than its start: neither objective below it', async (seed) => {
    const { start, end } = await train(seed, { method: 'pama', granularity: 'token' });
    expect(end[0]).toBeGreaterThanOrEqual(start[0]);
    expect(end[1]).toBeGreaterThanOrEqual(start[1]);
    expect(dominates(end, start)).toBe(true);
  });

  it.each([11, 23])('MORLHF with weights 0.95/0.05 (seed %i) raises the heavy objective and sacrifices the light one', async (seed) => {
    const { start, end } = await train(seed, { method: 'morlhf', objectiveWeights: [0.95, 0.05] });
    expect(end[0]).toBeGreaterThan(start[0]);
    expect(end[1]).toBeLessThan(start[1]);
    expect(dominates(end, start)).toBe(false);
  });
});
