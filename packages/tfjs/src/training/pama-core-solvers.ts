// The trainer's solvers, bound to pama-core: noonPpoCombine for PAMA, preferenceCombine for a
// preference-steered PAMA, minNormFromGram for MGDA-UB (minNormElement for callers that hold the
// vectors themselves). A Left from the core becomes a TrainingError naming the core's field and
// the offending value read from the input at that field.
import {
  minNormElement,
  minNormFromGram,
  type NoonPpoCombineInput,
  noonPpoCombine,
  type PamaError,
  type PamaResult,
  preferenceCombine,
  type PreferenceCombineResult,
} from 'pama-core';
import type { AdvantageCombiner, CombineRequest, CombineResult, MinNormGramSolver, MinNormSolver } from './combine-binding.js';
import { TrainingError } from './training-error.js';

/**
 * Mean weight per objective over valid tokens, whatever shape the combine reported them in ([N], or
 * [B, N] with each response weighted by its number of valid tokens).
 */
function meanWeightsPerObjective(request: CombineRequest, weights: Float64Array, shape: readonly number[]): Float64Array {
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

/** The request's flat arrays as the B×T×N and B×T views pama-core's combines read. */
function combineInput(request: CombineRequest): NoonPpoCombineInput {
  const { rows, length, nObjectives } = request;
  return {
    advantages: { data: request.advantages, shape: [rows, length, nObjectives] },
    ratios: { data: request.ratios, shape: [rows, length] },
    mask: { data: request.mask, shape: [rows, length] },
    clipEpsilon: request.clipEpsilon,
    granularity: request.granularity,
    noon: request.noon ?? true,
    ...(request.objectiveMask ? { objectiveMask: { data: request.objectiveMask, shape: [rows, nObjectives] } } : {}),
  };
}

/** The value at a core error's field path (`advantages.data[17]`, `preference[1]`) in `input`, if any. */
function valueAtField(input: unknown, field: string): unknown {
  let at: unknown = input;
  for (const step of field.matchAll(/[^.[\]]+/g)) {
    if (at === null || (typeof at !== 'object' && typeof at !== 'function')) return undefined;
    try {
      at = (at as Record<string, unknown>)[step[0]];
    } catch {
      return undefined;
    }
  }
  return at;
}

/** A core Left as a TrainingError: field `scope.<core field>`, the value there, the core's message. */
function solverFailure(scope: string, input: unknown, error: PamaError): TrainingError {
  return new TrainingError(`${scope}.${error.field}`, valueAtField(input, error.field), error.message);
}

/** The combined advantage and mean weights of a core combine's Right; a Left becomes a TrainingError. */
function combineResult(request: CombineRequest, input: unknown, result: PamaResult<PreferenceCombineResult>): CombineResult {
  if (result._tag === 'Left') throw solverFailure('combine', input, result.left);
  const { combined, weights, weightsShape } = result.right;
  return { combined, meanWeights: meanWeightsPerObjective(request, weights, weightsShape) };
}

/**
 * The trainer's combine through pama-core's noonPpoCombine; a core error becomes a TrainingError.
 *
 * @example
 * // One response of two tokens, two objectives: advantages B×T×N = [[[1, 0], [0, 1]]].
 * const request = { advantages: Float32Array.of(1, 0, 0, 1), ratios: Float32Array.of(1, 1), mask: Float32Array.of(1, 1),
 *   rows: 1, length: 2, nObjectives: 2, clipEpsilon: 0.2, granularity: 'sample' as const };
 * combineWithPamaCore(request); // { combined: [1, 0], meanWeights: [1, 0] }
 * // createTrainer's combine: createTrainerWithSolvers(options, { combine: combineWithPamaCore, minNorm: minNormFromGramWithPamaCore })
 */
export const combineWithPamaCore: AdvantageCombiner = (request: CombineRequest): CombineResult => {
  const input = combineInput(request);
  return combineResult(request, input, noonPpoCombine(input));
};

/**
 * A combine that steers PAMA by `preference` (one weight ≥ 0 per objective) through pama-core's
 * preferenceCombine; a core error (e.g. a negative or non-finite preference) becomes a
 * TrainingError naming `combine.preference[i]` and its value.
 *
 * @example
 * // One response of two tokens, two objectives: advantages B×T×N = [[[1, 0], [0, 1]]].
 * const request = { advantages: Float32Array.of(1, 0, 0, 1), ratios: Float32Array.of(1, 1), mask: Float32Array.of(1, 1),
 *   rows: 1, length: 2, nObjectives: 2, clipEpsilon: 0.2, granularity: 'sample' as const };
 * preferenceCombinerWithPamaCore([0.2, 0.8])(request); // { combined: [0, 1], meanWeights: [0, 1] }: steered to the second objective
 * preferenceCombinerWithPamaCore([-1, 1])(request); // throws TrainingError: combine.preference[0]
 * // A trainer with it: createTrainerWithSolvers(options, { combine: preferenceCombinerWithPamaCore([0.2, 0.8]), minNorm: minNormFromGramWithPamaCore })
 */
export function preferenceCombinerWithPamaCore(preference: readonly number[]): AdvantageCombiner {
  return (request: CombineRequest): CombineResult => {
    const input = { ...combineInput(request), preference };
    return combineResult(request, input, preferenceCombine(input));
  };
}

/**
 * Min-norm weights of explicit vectors through pama-core's minNormElement; a core error becomes a TrainingError.
 *
 * @example
 * minNormWithPamaCore([Float32Array.of(1, 0), Float32Array.of(0, 1)]); // Float64Array [0.5, 0.5]
 */
export const minNormWithPamaCore: MinNormSolver = (vectors: readonly Float32Array[]): Float64Array => {
  const result = minNormElement(vectors);
  if (result._tag === 'Left') throw solverFailure('minNorm', { vectors }, result.left);
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
