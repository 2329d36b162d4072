// createTrainer: the trainer with pama-core's solvers (noonPpoCombine for PAMA, minNormFromGram for MGDA-UB).
import { combineWithPamaCore, minNormFromGramWithPamaCore } from './pama-core-solvers.js';
import { createTrainerWithSolvers, type Trainer } from './trainer.js';
import type { TrainerOptions } from './trainer-options.js';

/**
 * The Noon-PPO trainer with pama-core's solvers: noonPpoCombine for PAMA, minNormFromGram for
 * MGDA-UB. Throws TrainingError naming the first invalid option.
 *
 * @example
 * const trainer = createTrainer({ model, reference: model.cloneFrozen(), method: 'pama', granularity: 'token', rewardFn, nObjectives: 2,
 *   sampling: { maxNewTokens: 6, temperature: 1, topK: 0 }, batchSize: 16, rng: createRng(2), promptSampler, generate });
 * const metrics = await trainer.step();
 */
export function createTrainer(options: TrainerOptions): Trainer {
  return createTrainerWithSolvers(options, { combine: combineWithPamaCore, minNorm: minNormFromGramWithPamaCore });
}
