// `normalize: running` for some objectives only: the trainer's normaliser sees all N columns, so the
// chosen columns go through pama-tfjs's running normaliser and the others pass unchanged. Its state
// is checkpointed with the trainer, so a resumed run normalises exactly as the uninterrupted one.
import { runningRewardNormalizer, type RewardNormalizerLike } from 'pama-tfjs';
import type { EffectiveObjective } from './effective-objectives.js';

/** The normaliser of these objectives, or undefined when none asks for one. */
export function objectiveNormalizer(objectives: readonly EffectiveObjective[]): RewardNormalizerLike | undefined {
  const columns = objectives.flatMap((o, j) => (o.normalize === 'running' ? [j] : []));
  if (columns.length === 0) return undefined;
  const inner = runningRewardNormalizer(columns.length);
  const k = columns.length;
  return {
    normalize(scores, batchSize, nObjectives) {
      const picked = new Float64Array(batchSize * k);
      for (let b = 0; b < batchSize; b++) for (let c = 0; c < k; c++) picked[b * k + c] = scores[b * nObjectives + columns[c]];
      const normalized = inner.normalize(picked, batchSize, k);
      const out = Float64Array.from(scores);
      for (let b = 0; b < batchSize; b++) for (let c = 0; c < k; c++) out[b * nObjectives + columns[c]] = normalized[b * k + c];
      return out;
    },
    getState: () => ({ columns, state: inner.getState() }),
    setState(state) {
      inner.setState((state as { state: unknown }).state);
    },
  };
}
