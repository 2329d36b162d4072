// From token rewards and values to what the policy update consumes, per method. Everything up to the
// per-objective GAE is shared; the methods differ only in how objectives meet:
//  - pama / mgda-ub keep N (optionally whitened) advantage streams, combined per minibatch;
//  - morlhf scalarises with fixed weights w: by linearity of GAE, Σ w_i A'^i is exactly the GAE of the
//    reward Σ w_i r^i with value Σ w_i V^i (the N heads combined), then whitens that single stream;
//  - ppo has one objective and uses its stream directly.
import { perObjectiveGae } from './gae.js';
import { maskedWhiten } from './whiten.js';
import type { TrainingMethod } from './trainer-options.js';

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
}

/** Output of {@link computePolicyAdvantages}. */
export interface PolicyAdvantages {
  /** Value targets G^i, B×T×N. */
  readonly returns: Float32Array;
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
 * const { returns, perObjective, scalar } = computePolicyAdvantages({ method: 'morlhf', rewards, values, mask, batchSize: 4, length: 6,
 *   nObjectives: 2, gamma: 1, lambda: 0.95, whiten: true, weights: Float64Array.of(0.5, 0.5) });
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
  const perObjective = input.whiten ? maskedWhiten({ values: gae.advantages, mask, nObjectives: N }) : gae.advantages;
  if (input.method === 'pama' || input.method === 'mgda-ub') {
    return { returns: gae.returns, perObjective };
  }
  const scalar = new Float32Array(B * T);
  for (let k = 0; k < B * T; k++) {
    let s = 0;
    for (let i = 0; i < N; i++) s += input.weights[i] * gae.advantages[k * N + i];
    scalar[k] = s;
  }
  return {
    returns: gae.returns,
    perObjective,
    scalar: input.whiten ? maskedWhiten({ values: scalar, mask, nObjectives: 1 }) : scalar,
  };
}
