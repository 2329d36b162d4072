// pama-core: the dependency-free core of Pareto Multi-Objective Alignment.
export { left, right, isLeft, isRight } from './either.js';
export type { Either, Left, Right, PamaResult } from './either.js';
export { pamaError } from './pama-error.js';
export type { PamaError, PamaErrorCode } from './pama-error.js';
export { readNdView, rowMajorStrides } from './nd-view.js';
export type { NdArrayView, NumericData, StridedView } from './nd-view.js';

export { pamaScalar, pamaScalarInto, pamaScalarSubsetInto } from './theorem1.js';
export type { PamaScalarResult } from './theorem1.js';
export { minNormElement } from './min-norm-element.js';
export { minNormFromGram, DEFAULT_MIN_NORM_TOLERANCE, DEFAULT_MIN_NORM_MAX_ITERATIONS } from './min-norm-gram.js';
export type { MinNormOptions, MinNormSolution } from './min-norm-gram.js';
export { gramMatrix } from './gram-matrix.js';
export { paretoStationarity } from './pareto-stationarity.js';
export type { ParetoStationarityOptions, ParetoStationarityResult } from './pareto-stationarity.js';

export { noonIndicator } from './noon-indicator.js';
export { noonPpoCombine } from './noon-ppo-combine.js';
export type { NoonPpoCombineResult } from './noon-ppo-combine.js';
export { GRANULARITIES } from './combine-problem.js';
export type { Granularity, NoonPpoCombineInput, TokenWeightsMode } from './combine-problem.js';

export { linearCombine } from './baseline-linear.js';
export type { LinearCombineInput, LinearCombineResult } from './baseline-linear.js';
export { tchebycheffWeights } from './baseline-tchebycheff.js';
export type { TchebycheffInput, TchebycheffResult } from './baseline-tchebycheff.js';
export { mgdaWeights } from './baseline-mgda.js';

export { dominates, nonDominatedSort } from './pareto-dominance.js';
export { hypervolume } from './hypervolume.js';

export { seededRandom } from './seeded-random.js';
