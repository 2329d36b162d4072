// createTrainer: the trainer with pama-core's solvers (noonPpoCombine for PAMA, minNormFromGram for MGDA-UB).
import { combineWithPamaCore, minNormFromGramWithPamaCore } from './pama-core-solvers.js';
import { createTrainerWithSolvers, type Trainer } from './trainer.js';
import type { TrainerOptions } from './trainer-options.js';

/**
 * The Noon-PPO trainer with pama-core's solvers: noonPpoCombine for PAMA, minNormFromGram for
 * MGDA-UB. Throws TrainingError naming the first invalid option.
 *
 * @example
 * // Two objectives on an 8-token vocabulary: the share of token 3, and the share of token 4.
 * const model = createPolicyValueModel({ vocabSize: 8, contextLength: 10, dModel: 16, nHeads: 2, nLayers: 1, dMlp: 32, nValueHeads: 2 }, { seed: 1 });
 * const share = (ids: readonly number[], token: number) => ids.filter((t) => t === token).length / Math.max(ids.length, 1);
 * const trainer = createTrainer({ model, reference: model.cloneFrozen(), method: 'pama', granularity: 'token', nObjectives: 2,
 *   rewardFn: ({ responseTokens }) => responseTokens.map((ids) => [share(ids, 3), share(ids, 4)]),
 *   sampling: { maxNewTokens: 6, temperature: 1, topK: 0 }, batchSize: 16, rng: createRng(2),
 *   promptSampler: (rng, batchSize) => Array.from({ length: batchSize }, () => [1, 2 + (rng.nextUint32() % 6)]), generate });
 * const metrics = await trainer.step();
 * metrics.meanRewards.length; // 2
 * trainer.stepCount; // 1
 */
export function createTrainer(options: TrainerOptions): Trainer {
  return createTrainerWithSolvers(options, { combine: combineWithPamaCore, minNorm: minNormFromGramWithPamaCore });
}
