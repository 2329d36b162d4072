// From token rewards and values to what the policy update consumes: per-objective GAE, then the
// method's per-rollout stage (its ObjectiveCombiner's prepare, combiners/): optional whitening and,
// for morlhf and ppo, the fixed single stream. By linearity of GAE, morlhf's Σ w_i A'^i is exactly the
// GAE of the reward Σ w_i r^i with value Σ w_i V^i (the N heads combined).
import { defaultNoon, objectiveCombinerFor } from './combiners/index.js';
import type { ObjectiveCombiner } from './combiners/objective-combiner.js';
import { perObjectiveGae } from './gae.js';
import type { TrainingMethod } from './trainer-options.js';
import { TrainingError } from './training-error.js';
import { maskedWhiten } from './whiten.js';

/** Input of {@link computePolicyAdvantages}: one rollout's token rewards and values. */
export interface PolicyAdvantageInput {
  readonly method: TrainingMethod;
  readonly rewards: Float32Array;
  readonly values: Float32Array;
  readonly mask: Float32Array;
  readonly batchSize: number;
  readonly length: number;
  readonly nObjectives: number;
  readonly gamma: number;
  readonly lambda: number;
  readonly whiten: boolean;
  /** MORLHF weights (ignored by the other methods). */
  readonly weights: Float64Array;
  /** The trainer's combiner (default: the method's, with its default Noon); only its prepare runs here. */
  readonly combiner?: ObjectiveCombiner;
}

/** Output of {@link computePolicyAdvantages}. */
export interface PolicyAdvantages {
  /** Value targets G^i, B×T×N. */
  readonly returns: Float32Array;
  /** The per-objective GAE advantages before any normalisation, B×T×N. */
  readonly raw: Float32Array;
  /** Per-objective advantages B×T×N (whitened when asked): the input of the PAMA / MGDA-UB combine. */
  readonly perObjective: Float32Array;
  /** A fixed single advantage stream B×T for morlhf and ppo; undefined for pama and mgda-ub. */
  readonly scalar?: Float32Array;
}

/**
 * From token rewards and values to what the policy update consumes, per method: per-objective GAE
 * (optionally whitened) for pama and mgda-ub, one weighted and whitened stream for morlhf, the one
 * stream for ppo.
 *
 * @example
 * // B = 1 response of T = 2 tokens, N = 2 objectives (arrays row-major, objective fastest).
 * const rewards = Float64Array.of(0, 0, 1, 2);
 * const values = new Float64Array(4);
 * const mask = Float64Array.of(1, 1);
 * const { returns, scalar } = computePolicyAdvantages({ method: 'morlhf', rewards, values, mask, batchSize: 1, length: 2,
 *   nObjectives: 2, gamma: 1, lambda: 0.95, whiten: false, weights: Float64Array.of(0.5, 0.5) });
 * // λ-returns: the first token sees λ = 0.95 of the last token's rewards.
 * Array.from(returns); // [0.95, 1.9, 1, 2]
 */
export function computePolicyAdvantages(input: PolicyAdvantageInput): PolicyAdvantages {
  const { batchSize: B, length: T, nObjectives: N, mask } = input;
  const gae = perObjectiveGae({
    rewards: input.rewards,
    values: input.values,
    mask,
    batchSize: B,
    length: T,
    nObjectives: N,
    gamma: input.gamma,
    lambda: input.lambda,
  });
  const combiner =
    input.combiner ??
    objectiveCombinerFor({
      method: input.method,
      granularity: 'sample',
      noon: defaultNoon(input.method),
      weights: input.weights,
      combine: notInPrepare,
      minNorm: notInPrepare,
    });
  const prepared = combiner.prepare({
    raw: gae.advantages,
    mask,
    batchSize: B,
    length: T,
    nObjectives: N,
    normalise: input.whiten ? (values, n) => maskedWhiten({ values, mask, nObjectives: n }) : (values) => values,
  });
  return { returns: gae.returns, raw: gae.advantages, ...prepared };
}

/** The solvers run per minibatch, never in the per-rollout stage computed here. */
function notInPrepare(): never {
  throw new TrainingError(
    'combine',
    undefined,
    'computePolicyAdvantages only prepares the advantages; the combine runs in the policy update',
  );
}
