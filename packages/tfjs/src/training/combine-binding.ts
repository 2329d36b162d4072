// The trainer's boundary to the solvers: the PAMA combine of per-objective advantages and the
// min-norm solver MGDA-UB uses. Plain arrays in, plain arrays out.
import type { CombineGranularity } from './trainer-options.js';

export interface CombineRequest {
  /** Per-objective advantages M×T×N row-major (before Noon; the combine applies max(·, 0) and I). */
  readonly advantages: Float32Array;
  /** Current ratios u = π_θ / π_old, M×T. */
  readonly ratios: Float32Array;
  /** Response mask M×T. */
  readonly mask: Float32Array;
  readonly rows: number;
  readonly length: number;
  readonly nObjectives: number;
  readonly clipEpsilon: number;
  readonly granularity: CombineGranularity;
}

export interface CombineResult {
  /** Combined advantage ŝ, M×T. */
  readonly combined: Float32Array;
  /** Mean over valid tokens of the weight each objective received (sums to 1 when any token is valid). */
  readonly meanWeights: Float64Array;
}

export type AdvantageCombiner = (request: CombineRequest) => CombineResult;

/** Weights c on the simplex minimising ‖Σ c_i v_i‖. */
export type MinNormSolver = (vectors: readonly Float32Array[]) => Float64Array;
