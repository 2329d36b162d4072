// pama-rewards' RunningNormalizer as the trainer's checkpointable reward normaliser: each batch
// updates the running per-objective statistics, then is normalised with them.
import { RunningNormalizer } from 'pama-rewards';
import type { RewardNormalizerLike } from './reward-scoring.js';
import { TrainingError } from './training-error.js';

/**
 * pama-rewards' RunningNormalizer as the trainer's reward normaliser: each batch of scores updates
 * the per-objective running mean and variance, then is normalised with them; its state is checkpointed.
 *
 * @example
 * // Pass it to createTrainer as `normalizer`; each column is scaled by its running statistics.
 * const normalizer = runningRewardNormalizer(2);
 * const out = normalizer.normalize(Float64Array.from([1, 10, 3, 30]), 2, 2); // B = 2 rows, N = 2 objectives
 * out.length; // 4
 */
export function runningRewardNormalizer(nObjectives: number, epsilon = 1e-8): RewardNormalizerLike {
  let current = new RunningNormalizer(nObjectives, epsilon);
  return {
    normalize(scores: Float64Array, batchSize: number, columns: number): Float64Array {
      if (columns !== nObjectives) throw new TrainingError('normalizer.nObjectives', columns, `must equal ${nObjectives}`);
      // A row-major B×N view, read structurally by pama-rewards.
      const view = { data: scores, shape: [batchSize, columns] };
      const updated = current.update(view);
      if (updated._tag === 'Left') throw new TrainingError(`normalizer.${updated.left.field}`, updated.left.value, updated.left.reason);
      const normalized = updated.right.normalize(view);
      if (normalized._tag === 'Left')
        throw new TrainingError(`normalizer.${normalized.left.field}`, normalized.left.value, normalized.left.reason);
      return Float64Array.from(normalized.right.data);
    },
    getState: () => current.toJSON(),
    setState(state: unknown): void {
      const restored = RunningNormalizer.fromJSON(state);
      if (restored._tag === 'Left')
        throw new TrainingError(`normalizer.${restored.left.field}`, restored.left.value, restored.left.message);
      if (restored.right.objectives !== nObjectives) {
        throw new TrainingError('normalizer.count.length', restored.right.objectives, `must equal ${nObjectives}`);
      }
      current = restored.right;
    },
  };
}
