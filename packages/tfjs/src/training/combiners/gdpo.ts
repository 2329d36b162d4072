// GDPO: normalise each objective's advantage on its own first, then Σ_i w_i Â^i (see objective-combiner.ts).
import type { ObjectiveCombiner } from './objective-combiner.js';
import { fixedStreamAdvantage, weightedSum } from './fixed-stream.js';

/**
 * @example
 * const combiner = gdpoCombiner(Float64Array.of(0.5, 0.5), false);
 */
export function gdpoCombiner(weights: Float64Array, noon: boolean): ObjectiveCombiner {
  return {
    method: 'gdpo',
    noon,
    prepare: (input) => {
      const perObjective = input.normalise(input.raw, input.nObjectives);
      return { perObjective, scalar: weightedSum(perObjective, weights, input.nObjectives) };
    },
    combine: async (input) => fixedStreamAdvantage('gdpo', input, weights, noon),
  };
}
