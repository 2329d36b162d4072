/**
 * The dependency-free core of Pareto Multi-Objective Alignment: solvers that return an
 * fp-ts-shaped Either and never throw.
 *
 * @module pama-core
 */
export { left, right, isLeft, isRight } from './either.js';
export type { Either, Left, Right, PamaResult } from './either.js';
export { pamaError } from './pama-error.js';
export type { PamaError, PamaErrorCode } from './pama-error.js';
export { readNdView, rowMajorStrides } from './nd-view.js';
export { MAX_INPUT_ELEMENTS, MAX_MIN_NORM_VECTORS, MAX_GRAM_PRODUCTS } from './validation/limits.js';
export type { NdArrayView, NumericData, StridedView } from './nd-view.js';

export { pamaScalar, pamaScalarInto, pamaScalarSubsetInto } from './combine/pama-scalar.js';
export type { PamaScalarResult } from './combine/pama-scalar.js';
export { minNormElement } from './min-norm/min-norm-element.js';
export { minNormFromGram, DEFAULT_MIN_NORM_TOLERANCE, DEFAULT_MIN_NORM_MAX_ITERATIONS } from './min-norm/min-norm-gram.js';
export type { MinNormOptions, MinNormSolution } from './min-norm/min-norm-gram.js';
export { gramMatrix } from './min-norm/gram-matrix.js';
export { paretoStationarity } from './min-norm/pareto-stationarity.js';
export type { ParetoStationarityOptions, ParetoStationarityResult } from './min-norm/pareto-stationarity.js';

export { noonIndicator } from './combine/noon-indicator.js';
export { noonPpoCombine } from './combine/noon-ppo-combine.js';
export type { NoonPpoCombineResult } from './combine/noon-ppo-combine.js';
export { GRANULARITIES } from './combine/combine-problem.js';
export type { Granularity, NoonPpoCombineInput, TokenWeightsMode } from './combine/combine-problem.js';

export { linearCombine } from './baselines/baseline-linear.js';
export type { LinearCombineInput, LinearCombineResult } from './baselines/baseline-linear.js';
export { tchebycheffWeights } from './baselines/baseline-tchebycheff.js';
export type { TchebycheffInput, TchebycheffResult } from './baselines/baseline-tchebycheff.js';
export { mgdaWeights } from './baselines/baseline-mgda.js';

export { dominates, nonDominatedSort } from './pareto/pareto-dominance.js';
export { hypervolume } from './pareto/hypervolume.js';
export type { HypervolumeOptions } from './pareto/hypervolume.js';
export { MAX_POINT_VALUES } from './pareto/pareto-points.js';

export { preferenceScalar, preferenceCombine } from './combine/preference-combine.js';
export type { PreferenceScalarResult, PreferenceCombineInput, PreferenceCombineResult } from './combine/preference-combine.js';
