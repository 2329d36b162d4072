// pama-rewards' RunningNormalizer as the trainer's checkpointable reward normaliser: each batch
// updates the running per-objective statistics, then is normalised with them.
import { RunningNormalizer } from 'pama-rewards';
import type { RewardNormalizerLike } from './reward-scoring.js';
import { TrainingError } from './training-error.js';

type RewardMatrix = Parameters<RunningNormalizer['update']>[0];

/** A row-major B×N view with the ndarray surface RunningNormalizer reads (shape and get). */
function matrixView(scores: Float64Array, rows: number, columns: number): RewardMatrix {
  const view = {
    data: scores,
    shape: [rows, columns],
    stride: [columns, 1],
    offset: 0,
    size: rows * columns,
    dimension: 2,
    get: (i: number, j: number) => scores[i * columns + j],
  };
  return view as unknown as RewardMatrix;
}

export function runningRewardNormalizer(nObjectives: number, epsilon = 1e-8): RewardNormalizerLike {
  let current = new RunningNormalizer(nObjectives, epsilon);
  return {
    normalize(scores: Float64Array, batchSize: number, columns: number): Float64Array {
      if (columns !== nObjectives) throw new TrainingError('normalizer.nObjectives', columns, `must equal ${nObjectives}`);
      const view = matrixView(scores, batchSize, columns);
      current.update(view);
      return Float64Array.from(current.normalize(view).data);
    },
    getState: () => current.toJSON(),
    setState(state: unknown): void {
      const restored = RunningNormalizer.fromJSON(state);
      if (restored._tag === 'Left') throw new TrainingError(`normalizer.${restored.left.field}`, restored.left.value, restored.left.message);
      if (restored.right.objectives !== nObjectives) {
        throw new TrainingError('normalizer.count.length', restored.right.objectives, `must equal ${nObjectives}`);
      }
      current = restored.right;
    },
  };
}
