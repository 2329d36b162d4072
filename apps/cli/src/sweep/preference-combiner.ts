// The trainer's combine for preference-steered PAMA: pama-core's preferenceCombine bound to one
// preference, in the shape pama-tfjs's trainer takes (createTrainerWithSolvers).
import { preferenceCombine } from 'pama-core';
import type { AdvantageCombiner, CombineRequest, CombineResult } from 'pama-tfjs';

/** Mean weight per objective over valid tokens (sample weights are per response). */
function meanWeights(request: CombineRequest, weights: Float64Array, shape: readonly number[]): Float64Array {
  const N = request.nObjectives;
  if (shape.length === 1) return Float64Array.from(weights);
  const out = new Float64Array(N);
  let total = 0;
  for (let b = 0; b < request.rows; b++) {
    let valid = 0;
    for (let t = 0; t < request.length; t++) if (request.mask[b * request.length + t] !== 0) valid++;
    total += valid;
    for (let i = 0; i < N; i++) out[i] += valid * weights[b * N + i];
  }
  return total > 0 ? out.map((x) => x / total) : out;
}

/**
 * A combiner that steers PAMA by `preference` (one weight ≥ 0 per objective).
 * @example createTrainerWithSolvers(options, { combine: preferenceCombiner([0.2, 0.8]), minNorm: minNormFromGramWithPamaCore })
 */
export function preferenceCombiner(preference: readonly number[]): AdvantageCombiner {
  return (request: CombineRequest): CombineResult => {
    const { rows, length, nObjectives } = request;
    const result = preferenceCombine({
      advantages: { data: request.advantages, shape: [rows, length, nObjectives] },
      ratios: { data: request.ratios, shape: [rows, length] },
      mask: { data: request.mask, shape: [rows, length] },
      clipEpsilon: request.clipEpsilon,
      granularity: request.granularity,
      preference,
      ...(request.objectiveMask ? { objectiveMask: { data: request.objectiveMask, shape: [rows, nObjectives] } } : {}),
    });
    if (result._tag === 'Left') throw new Error(`preference combine: ${result.left.field}: ${result.left.message}`);
    const { combined, weights, weightsShape } = result.right;
    return { combined, meanWeights: meanWeights(request, weights, weightsShape) };
  };
}
