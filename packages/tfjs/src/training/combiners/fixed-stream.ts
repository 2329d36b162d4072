// What morlhf, gdpo and ppo share: their advantage is a fixed stream made once per rollout, so the
// minibatch combine only reads it (clamped to ≥ 0 when Noon is on).
import { TrainingError } from '../training-error.js';
import type { CombinedAdvantage, MinibatchAdvantageInput } from './objective-combiner.js';
import { noonClamp } from './noon.js';

/** Σ_i w_i x^i for each of the B·T positions of a B×T×N stream. */
export function weightedSum(values: Float32Array, weights: Float64Array, nObjectives: number): Float32Array {
  const positions = values.length / nObjectives;
  const out = new Float32Array(positions);
  for (let k = 0; k < positions; k++) {
    let s = 0;
    for (let i = 0; i < nObjectives; i++) s += weights[i] * values[k * nObjectives + i];
    out[k] = s;
  }
  return out;
}

/** The minibatch's rows of the fixed stream as its advantage, with the method's fixed weights. */
export function fixedStreamAdvantage(
  method: string,
  input: MinibatchAdvantageInput,
  weights: Float64Array,
  noon: boolean,
): CombinedAdvantage {
  const stream = input.scalar;
  if (stream === undefined) throw new TrainingError('scalar', undefined, `method '${method}' needs a fixed advantage stream`);
  return { advantage: noon ? stream.map((a) => noonClamp(a, true)) : stream, weights };
}
