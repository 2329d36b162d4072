// What one training step reports.
import type { PhaseTimings } from './phase-timer.js';
import type { Estimator } from './group-estimator.js';
import type { KlPlacement } from './kl-placement.js';
import type { CombineGranularity, TrainingMethod } from './trainer-options.js';

/** What one training step reports (`trainer.step()`). */
export interface StepMetrics {
  /** 1 for the first step. */
  readonly step: number;
  readonly method: TrainingMethod;
  readonly granularity: CombineGranularity;
  /** Whether advantages were clamped to ≥ 0 before they met (Noon PPO). */
  readonly noon: boolean;
  /** Where the KL penalty entered. */
  readonly klPlacement: KlPlacement;
  /** 'gae' (value heads) or 'group' (critic-free). */
  readonly estimator: Estimator;
  /** Mean raw score of each objective over the batch (before normalisation). */
  readonly meanRewards: readonly number[];
  /** Standard deviation (population) of each objective's raw score over the batch. */
  readonly rewardStd: readonly number[];
  /** Mean and standard deviation of each objective's advantage over valid tokens, before normalisation. */
  readonly advantageMean: readonly number[];
  readonly advantageStd: readonly number[];
  /** Mean over valid tokens of the advantage the loss used (after the combine, with any KL stream). */
  readonly combinedAdvantageMean: number;
  /** Fraction of responses whose combined advantage was 0 on every valid token (mean over minibatches). */
  readonly vetoRate: number;
  /** Mean over responses of Σ_t (log π_old − log π_ref): the sampled KL to the reference. */
  readonly klToReference: number;
  /** β used for this step's token rewards. */
  readonly klCoef: number;
  /** Mean per-token entropy of the sampling policy over response tokens. */
  readonly entropy: number;
  readonly meanResponseLength: number;
  /** Mean over minibatches of the fraction of tokens with |u − 1| > ε. */
  readonly clipFraction: number;
  /** Mean over minibatches of the approximate KL(π_old ‖ π_θ) per token. */
  readonly approxKl: number;
  readonly policyLoss: number;
  /** Σ_i mean_t (V^i − G^i)², mean over minibatches. */
  readonly valueLoss: number;
  readonly gradNorm: number;
  /** Mean weight each objective received (PAMA / MGDA-UB combine; MORLHF's fixed w; [1] for PPO). */
  readonly objectiveWeights: readonly number[];
  /** With `objectiveTargets`: the fraction of responses on which each objective met its target. */
  readonly objectivesMet?: readonly number[];
  readonly epochs: number;
  readonly minibatches: number;
  readonly earlyStopped: boolean;
  /** Response tokens sampled in this step. */
  readonly responseTokens: number;
  readonly timings: PhaseTimings;
  readonly totalMs: number;
}
