// Baseline: MGDA (Désidéri; Sener & Koltun 2018) — the min-norm weights over supplied gradient
// vectors: full parameter gradients (O(n²·d)) or, for MGDA-UB, gradients w.r.t. a shared
// representation. Same solver as minNormElement; a named entry point for the baseline.
import type { PamaResult } from '../either.js';
import { minNormElement } from '../min-norm/min-norm-element.js';
import type { MinNormOptions, MinNormSolution } from '../min-norm/min-norm-gram.js';

export const mgdaWeights = (
  gradients: ReadonlyArray<ArrayLike<number>>,
  options?: MinNormOptions,
): PamaResult<MinNormSolution> => minNormElement(gradients, options);
