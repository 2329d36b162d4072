// Baseline: MGDA (Désidéri; Sener & Koltun 2018) — the min-norm weights over supplied gradient
// vectors: full parameter gradients (O(n²·d)) or, for MGDA-UB, gradients w.r.t. a shared
// representation. Same solver as minNormElement; a named entry point for the baseline.
import type { PamaResult } from '../either.js';
import { minNormElement } from '../min-norm/min-norm-element.js';
import type { MinNormOptions, MinNormSolution } from '../min-norm/min-norm-gram.js';

/**
 * MGDA weights (a baseline): the simplex weights of the min-norm point of the gradients' convex
 * hull, the same solve as {@link minNormElement}. Pass full parameter gradients, or for MGDA-UB
 * the gradients with respect to a shared representation.
 *
 * @example
 * const r = mgdaWeights([[1, 0], [0, 1]]);
 * if (r._tag === 'Right') console.log(Array.from(r.right.weights)); // [0.5, 0.5]
 */
export const mgdaWeights = (gradients: ReadonlyArray<ArrayLike<number>>, options?: MinNormOptions): PamaResult<MinNormSolution> =>
  minNormElement(gradients, options);
