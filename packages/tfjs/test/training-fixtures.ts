// Tiny models, prompts and toy rewards for the trainer tests (CPU backend, seeded).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { PolicyValueModel, Rng, TransformerConfig } from '../src/contracts.js';
import { createPolicyValueModel, createRng, generate } from '../src/index.js';
import { createTrainer } from '../src/training/create-trainer.js';
import type { RewardFn } from '../src/training/reward-scoring.js';
import type { Trainer } from '../src/training/trainer.js';
import type { TrainerOptions, TrainingMethod } from '../src/training/trainer-options.js';

export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

export function toyConfig(nValueHeads: number): TransformerConfig {
  return { vocabSize: 8, contextLength: 10, dModel: 16, nHeads: 2, nLayers: 1, dMlp: 32, nValueHeads };
}

/** Prompts [1, x] with x uniform in 2..7, drawn from the trainer's RNG. */
export function toyPrompts(rng: Rng, batchSize: number): number[][] {
  return Array.from({ length: batchSize }, () => [1, 2 + (rng.nextUint32() % 6)]);
}

/** Fraction of the response tokens equal to `token`. */
export function tokenFraction(tokens: readonly number[], token: number): number {
  return tokens.length === 0 ? 0 : tokens.filter((t) => t === token).length / tokens.length;
}

/** One objective per listed token: the fraction of that token in the response. */
export function tokenFractionRewards(tokens: readonly number[]): RewardFn {
  return (batch) => batch.responseTokens.map((response) => tokens.map((t) => tokenFraction(response, t)));
}

export interface ToyRun {
  readonly model: PolicyValueModel;
  readonly reference: PolicyValueModel;
  readonly trainer: Trainer;
  dispose(): void;
}

export function toyRun(
  method: TrainingMethod,
  rewardTokens: readonly number[],
  seed: number,
  overrides: Partial<TrainerOptions> = {},
  /** Default: one per objective; 0 for a policy-only model (estimator 'group'). */
  nValueHeads = rewardTokens.length,
): ToyRun {
  const model = createPolicyValueModel(toyConfig(nValueHeads), { seed });
  const reference = model.cloneFrozen();
  const trainer = createTrainer({
    model,
    reference,
    method,
    rewardFn: tokenFractionRewards(rewardTokens),
    nObjectives: rewardTokens.length,
    sampling: { maxNewTokens: 6, temperature: 1, topK: 0 },
    batchSize: 16,
    rng: createRng(seed + 1),
    promptSampler: toyPrompts,
    generate,
    ppo: { learningRate: 3e-3, minibatchSize: 8, epochs: 2, kl: { coef: 0.01 } },
    ...overrides,
  });
  return {
    model,
    reference,
    trainer,
    dispose() {
      trainer.dispose();
      reference.dispose();
      model.dispose();
    },
  };
}
