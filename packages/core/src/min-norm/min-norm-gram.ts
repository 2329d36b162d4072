// The min-norm point of the convex hull of n vectors, given only their n×n Gram matrix G:
// minimise cᵀGc over the simplex. Closed form for n ≤ 2; for n > 2 Wolfe's active-set
// minimum-norm-point algorithm (wolfe-active-set.ts), which terminates at the exact optimum.
// Every result carries a certified duality gap, recomputed from G and c at the end
// (min-norm-certificate.ts); it also covers the rounding of G itself when the caller says how G
// was computed.
import { certify, EXACT_GRAM, type GramRounding } from './min-norm-certificate.js';
import { wolfeMinNorm } from './wolfe-active-set.js';

/** Options of the min-norm solver ({@link minNormElement}, {@link minNormFromGram}, the `gram` granularity). */
export interface MinNormOptions {
  /**
   * Relative tolerance (default 1e-10) that `converged` demands: the duality gap on the Gram as
   * computed must be ≤ tolerance · max_i ‖v_i‖² (the largest Gram diagonal entry). The solver
   * itself runs until no vertex improves on its support beyond rounding (the exact optimum, up to
   * rounding) or `maxIterations` is spent, so the gap is usually far below the tolerance.
   */
  readonly tolerance?: number;
  /** Largest number of solver steps (affine-minimiser solves) for n > 2 (default 100 000). */
  readonly maxIterations?: number;
}

/** The min-norm point's weights with its certificate. */
export interface MinNormSolution {
  /** c on the simplex; the min-norm point is w = Σ c_i v_i. */
  readonly weights: Float64Array;
  /** ‖w‖² = cᵀGc as computed (≥ the true minimum − rounding, and within `dualityGap` of it). */
  readonly normSquared: number;
  /** A certified upper bound on the exact ‖Σ c_i v_i‖² (normSquared plus every rounding bound). */
  readonly normSquaredUpperBound: number;
  /**
   * Certified: both normSquared and the exact ‖Σ c_i v_i‖² exceed the exact min-norm² of the input
   * vectors by at most dualityGap. It is ‖w‖² − max(g, 0)²/‖w‖² with g = min_i ⟨v_i, w⟩, widened by
   * rigorous bounds on the rounding of the Gram (Float64 accumulation; for `minNormFromGram` the
   * supplied Gram is taken as exact) and of the solver's own sums.
   */
  readonly dualityGap: number;
  /**
   * max_i (‖w‖² − ⟨v_i, w⟩) = ‖w‖² − g: how far w is from the optimality condition
   * ⟨v_i, w⟩ ≥ ‖w‖² for all i. Between dualityGap/2 and dualityGap when g ≥ 0 (up to rounding).
   */
  readonly frankWolfeGap: number;
  /** Solver steps taken (0 for the closed forms n ≤ 2). */
  readonly iterations: number;
  /** The duality gap on the Gram as computed is ≤ tolerance · max_i ‖v_i‖². */
  readonly converged: boolean;
}

/** Default {@link MinNormOptions.tolerance}: 1e-10, relative to the largest squared vector norm. */
export const DEFAULT_MIN_NORM_TOLERANCE = 1e-10;
/** Default {@link MinNormOptions.maxIterations}: 100 000 solver steps. */
export const DEFAULT_MIN_NORM_MAX_ITERATIONS = 100_000;

/** min over t ∈ [0, 1] of ‖t v1 + (1−t) v2‖²: t* = (G22 − G12) / ‖v1 − v2‖², clamped. */
const twoVectorWeights = (gram: Float64Array): Float64Array => {
  const g11 = gram[0];
  const g12 = gram[1];
  const g22 = gram[3];
  const curvature = g11 - 2 * g12 + g22;
  let t: number;
  if (curvature > 0) t = Math.min(1, Math.max(0, (g22 - g12) / curvature));
  else t = g11 <= g22 ? 1 : 0;
  return Float64Array.of(t, 1 - t);
};

/**
 * Solves min cᵀGc over the simplex for a symmetric positive semi-definite row-major n×n `gram`
 * (n ≥ 1, finite entries), certifying the result with `rounding` as the bound on G's own error.
 */
export const solveMinNorm = (gram: Float64Array, n: number, options: MinNormOptions, rounding: GramRounding): MinNormSolution => {
  const tolerance = options.tolerance ?? DEFAULT_MIN_NORM_TOLERANCE;
  const maxIterations = options.maxIterations ?? DEFAULT_MIN_NORM_MAX_ITERATIONS;
  let weights: Float64Array;
  let iterations = 0;
  if (n === 1) weights = Float64Array.of(1);
  else if (n === 2) weights = twoVectorWeights(gram);
  else ({ weights, iterations } = wolfeMinNorm(gram, n, maxIterations));
  const certificate = certify(gram, n, weights, rounding);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, gram[i * n + i]);
  return {
    weights,
    normSquared: certificate.normSquared,
    normSquaredUpperBound: certificate.normSquaredUpperBound,
    dualityGap: certificate.dualityGap,
    frankWolfeGap: certificate.frankWolfeGap,
    iterations,
    converged: certificate.dualityGapOnGram <= tolerance * scale,
  };
};

/**
 * Solves min cᵀGc over the simplex for a symmetric positive semi-definite row-major n×n `gram`
 * (n ≥ 1). Unchecked: callers validate (see `minNormElement`). The Gram is taken as exact, so
 * `dualityGap` certifies the solve on this matrix (plus the solver's own rounding).
 *
 * @example
 * // Gram of v1 = (1, 0), v2 = (0, 1), v3 = (1, 1): the min-norm point is (½, ½).
 * const sol = minNormFromGram(Float64Array.of(1, 0, 1, 0, 1, 1, 1, 1, 2), 3);
 * sol.normSquared; // 0.5, weights [0.5, 0.5, 0]
 */
export const minNormFromGram = (gram: Float64Array, n: number, options: MinNormOptions = {}): MinNormSolution =>
  solveMinNorm(gram, n, options, EXACT_GRAM);
