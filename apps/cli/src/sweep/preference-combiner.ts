// The trainer's combine for preference-steered PAMA: pama-core's preferenceCombine bound to one
// preference, in the shape pama-tfjs's trainer takes (createTrainerWithSolvers).
import { preferenceCombine } from 'pama-core';
import { type AdvantageCombiner, type CombineRequest, type CombineResult, meanWeightsPerObjective } from 'pama-tfjs';

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
    return { combined, meanWeights: meanWeightsPerObjective(request, weights, weightsShape) };
  };
}
