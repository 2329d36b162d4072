// PAMA: per minibatch, the Noon indicators of the N streams weighted by Theorem 1's closed form at the
// chosen granularity, through the injected solver (pama-core's noonPpoCombine by default).
import type { AdvantageCombiner } from '../combine-binding.js';
import type { CombineGranularity } from '../trainer-options.js';
import type { ObjectiveCombiner } from './objective-combiner.js';

/**
 * @example
 * const combiner = pamaCombiner({ granularity: 'sample', noon: true, solve: combineWithPamaCore });
 */
export function pamaCombiner(options: { granularity: CombineGranularity; noon: boolean; solve: AdvantageCombiner }): ObjectiveCombiner {
  const { granularity, noon, solve } = options;
  return {
    method: 'pama',
    noon,
    prepare: (input) => ({ perObjective: input.normalise(input.raw, input.nObjectives) }),
    combine: async (input) => {
      const result = solve({
        advantages: input.perObjective,
        ratios: input.ratios,
        mask: input.mask,
        rows: input.rows,
        length: input.length,
        nObjectives: input.nObjectives,
        clipEpsilon: input.clipEpsilon,
        granularity,
        noon,
        objectiveMask: input.objectiveMask,
      });
      return { advantage: result.combined, weights: result.meanWeights };
    },
  };
}
