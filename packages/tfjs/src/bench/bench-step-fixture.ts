// One isolated PAMA training minibatch step on fixed random data: the unit bench/torch_step.py
// times. The trainer benchmark and the kernel profile both build it here, so they time the same step.
import type { TransformerConfig } from '../contracts.js';
import { createPolicyValueModel } from '../models/transformer.js';
import { createRng } from '../random/rng-xoshiro.js';
import { createClippedAdam } from '../training/adam.js';
import { objectiveCombinerFor } from '../training/combiners/index.js';
import { combineWithPamaCore, minNormFromGramWithPamaCore } from '../training/pama-core-solvers.js';
import { PhaseTimer } from '../training/phase-timer.js';
import { runPolicyUpdate, type PolicyUpdateContext } from '../training/policy-update.js';
import type { RolloutBuffers } from '../training/rollout-buffers.js';
import { DEFAULT_PPO } from '../training/trainer-options.js';

/** The step's sizes: B responses of P prompt and T response tokens, N objectives. */
export interface StepShape {
  readonly batchSize: number;
  readonly promptLength: number;
  readonly responseLength: number;
  readonly nObjectives: number;
}

/** A model, its optimizer and one minibatch of random rollout data, ready for `step()`. */
export interface IsolatedTrainingStep {
  /** The context `runPolicyUpdate` runs with (its optimizer can be wrapped before the first step). */
  readonly context: PolicyUpdateContext;
  /** One PPO epoch over the whole batch as one minibatch. */
  step(): Promise<void>;
  dispose(): void;
}

/**
 * Builds the isolated step: a fresh policy-value model (seed 3), Adam 1e-4 with gradient clipping
 * at 1, uniform old log-probabilities and advantages and returns uniform in [-1, 1) (seed 5).
 *
 * @example
 * const s = isolatedTrainingStep(config, { batchSize: 16, promptLength: 5, responseLength: 16, nObjectives: 2 });
 * await s.step();
 * s.dispose();
 */
export function isolatedTrainingStep(config: Omit<TransformerConfig, 'nValueHeads'>, shape: StepShape): IsolatedTrainingStep {
  const { batchSize: B, promptLength: P, responseLength: T, nObjectives: N } = shape;
  const model = createPolicyValueModel({ ...config, nValueHeads: N }, { seed: 3 });
  const optimizer = createClippedAdam(model.trainableVariables, { learningRate: 1e-4, maxGradNorm: 1 });
  const rng = createRng(5);
  const random = (size: number) => Float32Array.from({ length: size }, () => (rng.nextFloat() - 0.5) * 2);
  const buffers: RolloutBuffers = {
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
  const context: PolicyUpdateContext = {
    model,
    optimizer,
    ppo: { ...DEFAULT_PPO, epochs: 1, minibatchSize: B },
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
  return {
    context,
    step: async () => {
      await runPolicyUpdate(context, buffers);
    },
    dispose: () => {
      optimizer.dispose();
      model.dispose();
    },
  };
}
