// Where the KL penalty to the reference enters (TrainerOptions.klPlacement):
//  - 'per-objective' (the paper's, docs/design.md §2.1): −β·(log π_old − log π_ref) in every objective's
//    token rewards, before each objective's advantage and normalisation;
//  - 'combined': once, as its own stream added to the combined advantage after the objectives met
//    (so Noon's clamp and PAMA's weights never see it, and a vetoed response still feels it);
//  - 'loss': not in any advantage; β·k3 in the loss, k3 = exp(lp_ref − lp) − (lp_ref − lp) − 1 per
//    token (Schulman's unbiased, non-negative estimator of KL(π_θ‖π_ref)), as GRPO does.
import * as tf from '@tensorflow/tfjs-core';
import { perObjectiveGae } from './gae.js';
import { maskedMean } from './ppo-loss.js';

/** Where the KL penalty enters; see the module comment. */
export type KlPlacement = 'per-objective' | 'combined' | 'loss';
/** Every {@link KlPlacement}. */
export const KL_PLACEMENTS: readonly KlPlacement[] = ['per-objective', 'combined', 'loss'];

/** Input of {@link combinedKlAdvantage}. */
export interface CombinedKlInput {
  /** log π_old and log π_ref of each response token, B×T. */
  readonly logProbsOld: ArrayLike<number>;
  readonly logProbsRef: ArrayLike<number>;
  readonly mask: ArrayLike<number>;
  readonly batchSize: number;
  readonly length: number;
  readonly beta: number;
  readonly gamma: number;
  /** Reward units → the combined advantage's units (the objectives' mean normalisation scale). */
  readonly scale: number;
}

/**
 * The KL stream's advantage for 'combined', B×T: scale · Σ_{t' ≥ t} γ^{t'−t}·(−β·(log π_old − log π_ref))
 * (its reward-to-go: there is no value head for it, and its expectation is what the KL term costs).
 *
 * @example
 * combinedKlAdvantage({ logProbsOld: [-1, -2], logProbsRef: [-1, -1], mask: [1, 1], batchSize: 1, length: 2, beta: 0.1, gamma: 1, scale: 1 });
 * // Float32Array [0.1, 0.1]
 */
export function combinedKlAdvantage(input: CombinedKlInput): Float32Array {
  const { batchSize: B, length: T, mask } = input;
  const rewards = new Float32Array(B * T);
  for (let k = 0; k < B * T; k++) if (mask[k] !== 0) rewards[k] = -input.beta * (input.logProbsOld[k] - input.logProbsRef[k]);
  const { advantages } = perObjectiveGae({
    rewards,
    values: new Float32Array(B * T),
    mask,
    batchSize: B,
    length: T,
    nObjectives: 1,
    gamma: input.gamma,
    lambda: 1,
  });
  return input.scale === 1 ? advantages : advantages.map((a) => a * input.scale);
}

/**
 * β·k3 over valid tokens (recorded on the caller's tape): the 'loss' placement's term.
 *
 * @example
 * // Equal policies: no KL to penalise.
 * const lp = tf.tensor2d([[-1, -2]]);
 * klLossTerm(lp, lp, tf.tensor2d([[1, 1]]), 0.05); // 0
 */
export function klLossTerm(lpNew: tf.Tensor2D, lpRef: tf.Tensor2D, mask: tf.Tensor2D, beta: number): tf.Scalar {
  const d = tf.sub(lpRef, lpNew);
  const k3 = tf.sub(tf.sub(tf.exp(d), d), 1);
  return tf.mul(maskedMean(k3, mask), beta) as tf.Scalar;
}
