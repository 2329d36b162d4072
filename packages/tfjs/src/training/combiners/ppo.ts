// Single-objective PPO: the one objective's (normalised) advantage as is.
import type { ObjectiveCombiner } from './objective-combiner.js';
import { fixedStreamAdvantage } from './fixed-stream.js';

const ONE = Float64Array.of(1);

/**
 * @example
 * const combiner = ppoCombiner(false);
 */
export function ppoCombiner(noon: boolean): ObjectiveCombiner {
  return {
    method: 'ppo',
    noon,
    prepare: (input) => {
      const perObjective = input.normalise(input.raw, 1);
      return { perObjective, scalar: perObjective };
    },
    combine: async (input) => fixedStreamAdvantage('ppo', input, ONE, noon),
  };
}
