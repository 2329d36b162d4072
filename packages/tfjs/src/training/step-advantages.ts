// One step's per-objective advantages, by estimator, then the method's per-rollout stage:
//  - 'gae': KL-penalised token rewards (when the KL is per-objective) → per-objective GAE with the
//    value heads → whitening (policy-advantages.ts);
//  - 'group': each response's sequence reward (minus β·Σ_t KL when per-objective) relative to its
//    group of G responses to the same prompt (group-estimator.ts); no value head.
import type { ObjectiveCombiner } from './combiners/objective-combiner.js';
import { groupAdvantages } from './group-estimator.js';
import { computePolicyAdvantages } from './policy-advantages.js';
import type { RolloutScores } from './rollout.js';
import { klPenalisedTokenRewards } from './token-rewards.js';
import type { ResolvedTrainerOptions } from './trainer-options.js';
import { whiteningScale } from './whiten.js';

/** What {@link stepAdvantages} returns. */
export interface StepAdvantages {
  /** Value targets B×T×N ('gae'); empty under 'group'. */
  readonly returns: Float32Array;
  /** Per-objective advantages before normalisation, B×T×N. */
  readonly raw: Float32Array;
  readonly perObjective: Float32Array;
  readonly scalar?: Float32Array;
  /** Reward units → normalised advantage units, for a KL stream added after the combine. */
  readonly rewardScale: number;
}

/** The rollout of one step as {@link stepAdvantages} reads it. */
export interface StepRollout {
  readonly rollout: RolloutScores;
  /** Sequence scores B×N (normalised when the trainer has a normalizer). */
  readonly scores: ArrayLike<number>;
  readonly mask: Float32Array;
  readonly batchSize: number;
  readonly length: number;
  /** β this step. */
  readonly beta: number;
}

/**
 * The estimator's per-objective advantages and the combiner's per-rollout stage over them.
 *
 * @example
 * const model = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: 8 }, { seed: 1 });
 * const options: TrainerOptions = { model, reference: model.cloneFrozen(), method: 'pama', nObjectives: 2, batchSize: 8, estimator: 'group', groupSize: 2,
 *   rewardFn: ({ responseTokens }) => responseTokens.map((ids) => [ids.length / 4, ids.filter((t) => t === 3).length / 4]),
 *   sampling: { maxNewTokens: 4, temperature: 1, topK: 0 }, rng: createRng(1), promptSampler: (_rng, n) => Array.from({ length: n }, () => [1, 2]), generate };
 * const resolved = resolveTrainerOptions(options); // a trainer's: trainer.options
 * const combiner = objectiveCombinerFor({ ...resolved, combine: combineWithPamaCore, minNorm: minNormFromGramWithPamaCore });
 * // Two one-token responses to one prompt (a group of 2), scored [1, 0] and [0, 1]:
 * const rollout = { logProbsOld: Float32Array.of(-1, -1), logProbsRef: Float32Array.of(-1, -1), values: new Float32Array(0), entropy: new Float32Array(2) };
 * const step = stepAdvantages(resolved, combiner, { rollout, scores: [1, 0, 0, 1], mask: Float32Array.of(1, 1), batchSize: 2, length: 1, beta: 0 });
 * step.raw; // [0.5, -0.5, -0.5, 0.5]: each objective's score relative to its group's mean
 */
export function stepAdvantages(resolved: ResolvedTrainerOptions, combiner: ObjectiveCombiner, step: StepRollout): StepAdvantages {
  const { rollout, scores, mask, batchSize: B, length: T } = step;
  const N = resolved.nObjectives;
  const ppo = resolved.ppo;
  const klBeta = resolved.klPlacement === 'per-objective' ? step.beta : 0;
  if (resolved.estimator === 'gae') {
    const rewards = klPenalisedTokenRewards({
      logProbsOld: rollout.logProbsOld,
      logProbsRef: rollout.logProbsRef,
      mask,
      scores,
      batchSize: B,
      length: T,
      nObjectives: N,
      beta: klBeta,
    });
    const out = computePolicyAdvantages({
      method: resolved.method,
      rewards,
      values: rollout.values,
      mask,
      batchSize: B,
      length: T,
      nObjectives: N,
      gamma: ppo.gamma,
      lambda: ppo.lambda,
      whiten: ppo.whiten,
      weights: resolved.weights,
      combiner,
    });
    return { ...out, rewardScale: ppo.whiten ? whiteningScale(out.raw, mask, N) : 1 };
  }
  // Group: the sequence reward of objective i is R_i − β·Σ_t (log π_old − log π_ref) when the KL is per-objective.
  const sequence = new Float64Array(B * N);
  for (let b = 0; b < B; b++) {
    let kl = 0;
    if (klBeta !== 0)
      for (let t = 0; t < T; t++) if (mask[b * T + t] !== 0) kl += rollout.logProbsOld[b * T + t] - rollout.logProbsRef[b * T + t];
    for (let i = 0; i < N; i++) sequence[b * N + i] = scores[b * N + i] - klBeta * kl;
  }
  const group = groupAdvantages({
    rewards: sequence,
    mask,
    batchSize: B,
    length: T,
    nObjectives: N,
    groupSize: resolved.groupSize,
    scale: resolved.groupScale,
  });
  const prepared = combiner.prepare({ raw: group.raw, mask, batchSize: B, length: T, nObjectives: N, normalise: group.normalise });
  return { returns: new Float32Array(0), raw: group.raw, ...prepared, rewardScale: group.rewardScale };
}
