// The trainer's solvers, bound to pama-core: noonPpoCombine for PAMA, minNormFromGram for MGDA-UB
// (minNormElement for callers that hold the vectors themselves).
// A Left from the core becomes a TrainingError naming the core's field.
import { minNormElement, minNormFromGram, noonPpoCombine } from 'pama-core';
import type { AdvantageCombiner, CombineRequest, CombineResult, MinNormGramSolver, MinNormSolver } from './combine-binding.js';
import { TrainingError } from './training-error.js';

/**
 * Mean weight per objective over valid tokens, whatever shape the combine reported them in ([N], or
 * [B, N] with each response weighted by its number of valid tokens). For custom combiners.
 *
 * @example
 * const { combined, weights, weightsShape } = result.right;
 * return { combined, meanWeights: meanWeightsPerObjective(request, weights, weightsShape) };
 */
export function meanWeightsPerObjective(request: CombineRequest, weights: Float64Array, shape: readonly number[]): Float64Array {
  const N = request.nObjectives;
  if (shape.length === 1) return Float64Array.from(weights);
  // [B, N] (sample granularity): weight each response by its number of valid tokens.
  const out = new Float64Array(N);
  let total = 0;
  for (let b = 0; b < request.rows; b++) {
    let valid = 0;
    for (let t = 0; t < request.length; t++) if (request.mask[b * request.length + t] !== 0) valid++;
    if (valid === 0) continue;
    total += valid;
    for (let i = 0; i < N; i++) out[i] += valid * weights[b * N + i];
  }
  return total > 0 ? out.map((x) => x / total) : out;
}

/**
 * The trainer's combine through pama-core's noonPpoCombine; a core error becomes a TrainingError.
 *
 * @example
 * const trainer = createTrainerWithSolvers(options, { combine: combineWithPamaCore, minNorm: minNormFromGramWithPamaCore });
 */
export const combineWithPamaCore: AdvantageCombiner = (request: CombineRequest): CombineResult => {
  const { rows, length, nObjectives } = request;
  const result = noonPpoCombine({
    advantages: { data: request.advantages, shape: [rows, length, nObjectives] },
    ratios: { data: request.ratios, shape: [rows, length] },
    mask: { data: request.mask, shape: [rows, length] },
    clipEpsilon: request.clipEpsilon,
    granularity: request.granularity,
    ...(request.objectiveMask ? { objectiveMask: { data: request.objectiveMask, shape: [rows, nObjectives] } } : {}),
  });
  if (result._tag === 'Left') {
    throw new TrainingError(`combine.${result.left.field}`, result.left.code, result.left.message);
  }
  const { combined, weights, weightsShape } = result.right;
  return { combined, meanWeights: meanWeightsPerObjective(request, weights, weightsShape) };
};

/**
 * Min-norm weights of explicit vectors through pama-core's minNormElement; a core error becomes a TrainingError.
 *
 * @example
 * minNormWithPamaCore([Float32Array.of(1, 0), Float32Array.of(0, 1)]); // Float64Array [0.5, 0.5]
 */
export const minNormWithPamaCore: MinNormSolver = (vectors: readonly Float32Array[]): Float64Array => {
  const result = minNormElement(vectors);
  if (result._tag === 'Left') {
    throw new TrainingError(`minNorm.${result.left.field}`, result.left.code, result.left.message);
  }
  return result.right.weights;
};

/**
 * Min-norm weights from a Gram matrix; refuses a Gram of the wrong size or with a non-finite entry.
 *
 * @example
 * minNormFromGramWithPamaCore(Float64Array.of(1, 0, 0, 1), 2); // Float64Array [0.5, 0.5]
 */
export const minNormFromGramWithPamaCore: MinNormGramSolver = (gram: Float64Array, n: number): Float64Array => {
  if (!Number.isInteger(n) || n < 1 || gram.length !== n * n) {
    throw new TrainingError('minNorm.gram.length', gram.length, `must equal n² for n = ${n}`);
  }
  for (let k = 0; k < gram.length; k++) {
    if (!Number.isFinite(gram[k])) throw new TrainingError(`minNorm.gram[${k}]`, gram[k], 'must be finite');
  }
  return minNormFromGram(gram, n).weights;
};
