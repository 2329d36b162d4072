// MORLHF: fixed weights w, Σ_i w_i A^i, then one normalisation of that stream (see objective-combiner.ts).
import type { ObjectiveCombiner } from './objective-combiner.js';
import { fixedStreamAdvantage, weightedSum } from './fixed-stream.js';

/**
 * @example
 * const combiner = morlhfCombiner(Float64Array.of(0.5, 0.5), false);
 */
export function morlhfCombiner(weights: Float64Array, noon: boolean): ObjectiveCombiner {
  return {
    method: 'morlhf',
    noon,
    prepare: (input) => ({
      perObjective: input.normalise(input.raw, input.nObjectives),
      scalar: input.normalise(weightedSum(input.raw, weights, input.nObjectives), 1),
    }),
    combine: async (input) => fixedStreamAdvantage('morlhf', input, weights, noon),
  };
}
