// MGDA-UB: c = argmin_{c∈Δ} ‖Σ c_i ∂L_i/∂H‖ with H the last hidden states of the response positions
// (the policy loss does not depend on the others), then Σ c_i I(A^i). The Gram matrix of the N
// gradients comes in closed form (mgda-gram.ts) from one backward pass of Σ_t lp_t to H, which the
// minibatch input runs on demand (pathNormsSquared). The advantage it returns is plain data.
import type { MinNormGramSolver } from '../combine-binding.js';
import { mgdaGram } from '../mgda-gram.js';
import type { ObjectiveCombiner } from './objective-combiner.js';
import { noonClamp } from './noon.js';

/**
 * @example
 * const combiner = mgdaUbCombiner({ noon: true, minNorm: minNormFromGramWithPamaCore });
 */
export function mgdaUbCombiner(options: { noon: boolean; minNorm: MinNormGramSolver }): ObjectiveCombiner {
  const { noon, minNorm } = options;
  return {
    method: 'mgda-ub',
    noon,
    prepare: (input) => ({ perObjective: input.normalise(input.raw, input.nObjectives) }),
    combine: async (input) => {
      const N = input.nObjectives;
      const gram = mgdaGram({
        pathNormsSquared: await input.pathNormsSquared(),
        ratios: input.ratios,
        mask: input.mask,
        advantages: input.perObjective,
        nObjectives: N,
        clipEpsilon: input.clipEpsilon,
        noon,
      });
      const weights = minNorm(gram, N);
      const advantage = new Float32Array(input.ratios.length);
      for (let k = 0; k < advantage.length; k++) {
        let s = 0;
        for (let i = 0; i < N; i++) s += weights[i] * noonClamp(input.perObjective[k * N + i], noon);
        advantage[k] = s;
      }
      return { weights, advantage };
    },
  };
}
