// ε-Pareto stationarity (docs/design.md §2.7, Theorem 2): θ is ε-stationary when the min-norm element of
// the convex hull of the objectives' gradients has norm ≤ ε.
import { guardBoundary } from '../validation/boundary-guard.js';
import { left, right, type PamaResult } from '../either.js';
import { minNormElement } from './min-norm-element.js';
import type { MinNormOptions } from './min-norm-gram.js';
import { pamaError } from '../pama-error.js';
import { renderValue } from '../support/render-value.js';

/** Options of {@link paretoStationarity}. */
export interface ParetoStationarityOptions {
  /** ε: the largest min-norm that counts as stationary. */
  readonly tolerance: number;
  /** Options of the min-norm solve (its own relative tolerance and iteration cap). */
  readonly minNorm?: MinNormOptions;
}

/** The verdict of {@link paretoStationarity}, with the min-norm solve behind it. */
export interface ParetoStationarityResult {
  /**
   * Certified: ‖w‖ ≤ ε for the returned w, and the true min-norm is ≤ ‖w‖ (w is a feasible point).
   */
  readonly stationary: boolean;
  /**
   * Certified the other way: even the lower bound ‖w‖² − dualityGap on the true min-norm² exceeds
   * ε². When both flags are false the solve was not accurate enough to decide.
   */
  readonly certifiedNonStationary: boolean;
  /** ‖w‖ of the min-norm point found. */
  readonly norm: number;
  /** ‖w‖² as computed. */
  readonly normSquared: number;
  /** c on the simplex with w = Σ c_i ∇L_i: the common-descent weights (MGDA). */
  readonly weights: Float64Array;
  /** Certified bound on ‖w‖² − (true min-norm)² (see MinNormSolution). */
  readonly dualityGap: number;
  /** See {@link MinNormSolution.frankWolfeGap}: not a bound on the error. */
  readonly frankWolfeGap: number;
  /** The min-norm solve reached its tolerance. */
  readonly converged: boolean;
  /** Solver steps taken. */
  readonly iterations: number;
}

/**
 * ε-Pareto stationarity of objectives with the given gradients: the min-norm point w of their
 * convex hull has ‖w‖ ≤ `tolerance` (ε). Both verdicts are certified by the solve's duality gap;
 * when neither holds the solve could not decide.
 *
 * @example
 * const r = paretoStationarity([[1, 0], [-1, 0]], { tolerance: 1e-6 });
 * if (r._tag === 'Right') console.log(r.right.stationary, Array.from(r.right.weights)); // true [0.5, 0.5]
 */
export const paretoStationarity = (
  gradients: ReadonlyArray<ArrayLike<number>>,
  options: ParetoStationarityOptions,
): PamaResult<ParetoStationarityResult> =>
  guardBoundary('options', () => {
    if (options === null || typeof options !== 'object') {
      return left(pamaError('invalid-type', 'options', `options must be { tolerance }, got ${renderValue(options)}`));
    }
    const epsilon: unknown = options.tolerance;
    if (typeof epsilon !== 'number') {
      return left(pamaError('invalid-type', 'options.tolerance', `options.tolerance must be a number, got ${renderValue(epsilon)}`));
    }
    if (!Number.isFinite(epsilon)) {
      return left(pamaError('non-finite', 'options.tolerance', `options.tolerance is ${renderValue(epsilon)}; it must be finite`));
    }
    if (epsilon < 0) {
      return left(pamaError('out-of-range', 'options.tolerance', `options.tolerance must be ≥ 0, got ${renderValue(epsilon)}`));
    }
    const solved = minNormElement(gradients, options.minNorm);
    if (solved._tag === 'Left') {
      const e = solved.left;
      const field = e.field.startsWith('vectors')
        ? `gradients${e.field.slice('vectors'.length)}`
        : `options.minNorm${e.field.slice('options'.length)}`;
      return left(pamaError(e.code, field, e.message.split(e.field).join(field)));
    }
    const { weights, normSquared, dualityGap, frankWolfeGap, converged, iterations } = solved.right;
    const bound = epsilon * epsilon;
    return right({
      stationary: normSquared <= bound,
      certifiedNonStationary: normSquared - dualityGap > bound,
      norm: Math.sqrt(normSquared),
      normSquared,
      weights,
      dualityGap,
      frankWolfeGap,
      converged,
      iterations,
    });
  });
