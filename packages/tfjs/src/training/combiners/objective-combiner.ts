// The one seam where the objectives meet. Every method — PAMA, MORLHF, GDPO, MGDA-UB, single-objective
// PPO — is one module implementing {@link ObjectiveCombiner}; the trainer builds one with
// objectiveCombinerFor (index.ts) and calls it, and nothing else in the trainer knows which method runs.
//
// Where each method's formula comes from (sections of docs/design.md unless stated):
//  - pama (pama.ts): Noon PPO's indicators I(A'^i_t) (§2.3, pama-core's noonIndicator) weighted by
//    the closed-form solution of Theorem 1 (§2.4) at the chosen granularity (§2.5); pama-core's
//    noonPpoCombine computes it.
//  - morlhf (morlhf.ts): linear scalarisation Σ_i w_i A^i with fixed weights w (§2.8 baselines), then one
//    normalisation of that stream. By linearity of GAE this is the GAE of the reward Σ_i w_i r^i; under
//    the group estimator it is TRL's multi-reward GRPO (sum the weighted rewards, then normalise).
//  - gdpo (gdpo.ts): normalise each objective's advantage first, then Σ_i w_i Â^i — GDPO (group
//    reward-decoupled normalisation), the alternative aggregation TRL documents for several rewards.
//  - mgda-ub (mgda-ub.ts): Sener & Koltun's MGDA-UB (§2.8 baselines): c = argmin_{c∈Δ} ‖Σ c_i ∂L_i/∂H‖
//    over the last hidden states H, then Σ_i c_i I(A^i) (mgda-gram.ts gives the Gram in closed form).
//  - ppo (ppo.ts): one objective, its advantage as is.
// The Noon rule (advantages clamped to ≥ 0, §2.3) exists once, in pama-core's noonIndicator; noon.ts
// adapts it for the per-token terms the trainer forms itself.
import type { CombineRequest } from '../combine-binding.js';
import type { TrainingMethod } from '../trainer-options.js';

/** The per-rollout input of {@link ObjectiveCombiner.prepare}: the estimator's advantages of all B responses. */
export interface RolloutAdvantageInput {
  /** Per-objective advantages B×T×N row-major, as the estimator produced them (not yet normalised). */
  readonly raw: Float32Array;
  /** B×T response mask. */
  readonly mask: Float32Array;
  readonly batchSize: number;
  readonly length: number;
  readonly nObjectives: number;
  /**
   * The estimator's normalisation of an B×T×n stream, each of its n columns on its own (GAE: masked
   * whitening over the batch, or nothing when whitening is off); returns a new array or `values` itself.
   */
  readonly normalise: (values: Float32Array, n: number) => Float32Array;
}

/** What {@link ObjectiveCombiner.prepare} leaves in the rollout buffers for the minibatches. */
export interface PreparedAdvantages {
  /** Per-objective advantages B×T×N (normalised): what the minibatch combine and the logs read. */
  readonly perObjective: Float32Array;
  /** A fixed single stream B×T when the method's combination does not depend on the ratios (morlhf, gdpo, ppo). */
  readonly scalar?: Float32Array;
}

/**
 * The per-minibatch input of {@link ObjectiveCombiner.combine}, for M responses: the ratios, mask,
 * sizes, clip ε and objective mask exactly as the solvers' {@link CombineRequest} carries them.
 */
export interface MinibatchAdvantageInput
  extends Pick<CombineRequest, 'ratios' | 'mask' | 'rows' | 'length' | 'nObjectives' | 'clipEpsilon' | 'objectiveMask'> {
  /** M×T×N, rows of {@link PreparedAdvantages.perObjective}. */
  readonly perObjective: Float32Array;
  /** M×T, rows of {@link PreparedAdvantages.scalar} when the method made one. */
  readonly scalar?: Float32Array;
  /** ‖∂lp_t/∂H_t‖², M×T: one extra backward pass on the minibatch's tape, run only when called (MGDA-UB). */
  readonly pathNormsSquared: () => Promise<Float32Array>;
}

/** What {@link ObjectiveCombiner.combine} returns. */
export interface CombinedAdvantage {
  /** The advantage the clipped surrogate uses, M×T (0 on masked tokens). */
  readonly advantage: Float32Array;
  /** The mean weight each objective received in this minibatch (fixed weights for morlhf, gdpo, ppo). */
  readonly weights: Float64Array;
}

/** One method of combining N objectives' advantages into the one the PPO loss uses. */
export interface ObjectiveCombiner {
  readonly method: TrainingMethod;
  /** Whether advantages are clamped to ≥ 0 before they meet (Noon PPO). */
  readonly noon: boolean;
  /** Once per rollout, over the whole batch: normalisation and any ratio-free scalarisation. */
  prepare(input: RolloutAdvantageInput): PreparedAdvantages;
  /** Once per minibatch, with that minibatch's current ratios: the combined advantage and its weights. */
  combine(input: MinibatchAdvantageInput): Promise<CombinedAdvantage>;
}
