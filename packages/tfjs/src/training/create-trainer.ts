// createTrainer: the trainer with pama-core's solvers (noonPpoCombine for PAMA, minNormFromGram for MGDA-UB).
import { combineWithPamaCore, minNormFromGramWithPamaCore } from './pama-core-solvers.js';
import { createTrainerWithSolvers, type Trainer } from './trainer.js';
import type { TrainerOptions } from './trainer-options.js';

export function createTrainer(options: TrainerOptions): Trainer {
  return createTrainerWithSolvers(options, { combine: combineWithPamaCore, minNorm: minNormFromGramWithPamaCore });
}
