// The trainer's boundary to the solvers: the PAMA combine of per-objective advantages and the
// min-norm solver MGDA-UB uses. Plain arrays in, plain arrays out.
import type { CombineGranularity } from './trainer-options.js';

/** What the trainer hands its {@link AdvantageCombiner} for one minibatch of M responses. */
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
  /** Clamp advantages to ≥ 0 before combining (Noon PPO; default true). */
  readonly noon?: boolean;
  /** M×N, 1 where objective i takes part in response m's combine (token and sample only). */
  readonly objectiveMask?: Float32Array;
}

/** What an {@link AdvantageCombiner} returns. */
export interface CombineResult {
  /** Combined advantage ŝ, M×T. */
  readonly combined: Float32Array;
  /**
   * Mean over valid tokens of the weight each objective received (sums to 1 when any token is valid,
   * less when an objective mask leaves a response with no objective).
   */
  readonly meanWeights: Float64Array;
}

/** The PAMA combine the trainer calls per minibatch (pama-core's noonPpoCombine in {@link createTrainer}). */
export type AdvantageCombiner = (request: CombineRequest) => CombineResult;

/** Weights c on the simplex minimising ‖Σ c_i v_i‖. */
export type MinNormSolver = (vectors: readonly Float32Array[]) => Float64Array;

/** The same from the vectors' n×n Gram matrix G (row-major, G_ij = ⟨v_i, v_j⟩): c minimises cᵀGc. */
export type MinNormGramSolver = (gram: Float64Array, n: number) => Float64Array;
