// objectiveCombinerFor: the method's module behind the ObjectiveCombiner seam (objective-combiner.ts).
import type { AdvantageCombiner, MinNormGramSolver } from '../combine-binding.js';
import type { CombineGranularity, TrainingMethod } from '../trainer-options.js';
import { gdpoCombiner } from './gdpo.js';
import { mgdaUbCombiner } from './mgda-ub.js';
import { morlhfCombiner } from './morlhf.js';
import type { ObjectiveCombiner } from './objective-combiner.js';
import { pamaCombiner } from './pama.js';
import { ppoCombiner } from './ppo.js';

/** What {@link objectiveCombinerFor} needs: the method, its settings and the solvers. */
export interface CombinerSettings {
  readonly method: TrainingMethod;
  readonly granularity: CombineGranularity;
  readonly noon: boolean;
  /** Fixed weights (morlhf, gdpo; uniform otherwise). */
  readonly weights: Float64Array;
  readonly combine: AdvantageCombiner;
  readonly minNorm: MinNormGramSolver;
}

/**
 * Whether a method clamps advantages with Noon unless told otherwise: PAMA and MGDA-UB do (as in the paper), the rest do not.
 *
 * @example
 * defaultNoon('pama'); // true
 * defaultNoon('morlhf'); // false
 */
export function defaultNoon(method: TrainingMethod): boolean {
  return method === 'pama' || method === 'mgda-ub';
}

/**
 * The combiner of `settings.method`.
 *
 * @example
 * const solvers = { combine: combineWithPamaCore, minNorm: minNormFromGramWithPamaCore };
 * const pama = objectiveCombinerFor({ method: 'pama', granularity: 'sample', noon: true, weights: Float64Array.of(0.5, 0.5), ...solvers });
 * const morlhf = objectiveCombinerFor({ method: 'morlhf', granularity: 'sample', noon: false, weights: Float64Array.of(0.3, 0.7), ...solvers });
 * [pama.method, morlhf.method]; // ['pama', 'morlhf']
 * // MORLHF scalarises once per rollout, 0.3·A¹ + 0.7·A² (one response of one token, no normalisation here):
 * morlhf.prepare({ raw: Float32Array.of(1, 2), mask: Float32Array.of(1), batchSize: 1, length: 1, nObjectives: 2, normalise: (v) => v }).scalar; // [1.7]
 */
export function objectiveCombinerFor(settings: CombinerSettings): ObjectiveCombiner {
  switch (settings.method) {
    case 'pama':
      return pamaCombiner({ granularity: settings.granularity, noon: settings.noon, solve: settings.combine });
    case 'morlhf':
      return morlhfCombiner(settings.weights, settings.noon);
    case 'mgda-ub':
      return mgdaUbCombiner({ noon: settings.noon, minNorm: settings.minNorm });
    case 'gdpo':
      return gdpoCombiner(settings.weights, settings.noon);
    case 'ppo':
      return ppoCombiner(settings.noon);
  }
}

export type {
  CombinedAdvantage,
  MinibatchAdvantageInput,
  ObjectiveCombiner,
  PreparedAdvantages,
  RolloutAdvantageInput,
} from './objective-combiner.js';
