// Noon PPO combine (docs/design.md §2.3): per-objective advantages → one combined advantage per token,
// with the objective weights chosen at the requested granularity.
import { guardBoundary } from '../validation/boundary-guard.js';
import { readCombineProblem, scanPerTokenInputs, type CombineProblem, type NoonPpoCombineInput } from './combine-problem.js';
import { combineToken } from './combine-token.js';
import { combineBatch, combineGram, combineSample, combineSampleMix } from './combine-weighted.js';
import { right, type PamaResult } from '../either.js';
import { requireFloat32Range } from './float32-range.js';
import type { MinNormSolution } from '../min-norm/min-norm-gram.js';
import { requireFinite } from '../nd-view.js';

/** Output of {@link noonPpoCombine}. */
export interface NoonPpoCombineResult {
  /** ŝ_t, length B·T, row-major over (b, t); 0 on masked tokens. */
  readonly combined: Float32Array;
  /**
   * The weights used:
   * - `token`, tokenWeights 'mean' (default): length N, the mean over valid tokens of each token's
   *   Theorem-1 weights; 'per-token': length B·T·N, row (b·T + t), zeros on masked tokens;
   * - `sample`: length B·N, row b = Theorem-1 weights of response b's mean indicators;
   * - `sample-mix`: length B·N, row b = half of those (over the active objectives) plus half their batch mean;
   * - `batch`, `gram`: length N.
   * With no valid tokens the weights are those of Theorem 1 on zeros (one-hot on objective 0).
   * With an `objectiveMask`, left-out objectives get 0, and a response in which no objective takes
   * part contributes all-zero weights (so `token`'s mean weights may sum to less than 1).
   */
  readonly weights: Float64Array;
  /** Shape of `weights`: [N], [B, T, N] or [B, N]. */
  readonly weightsShape: readonly number[];
  /** Number of tokens the mask leaves valid. */
  readonly validTokens: number;
  /** `gram` only: the min-norm solve with its certified duality gap. */
  readonly minNorm?: MinNormSolution;
}

/**
 * Noon PPO combine: B×T×N per-objective advantages become one advantage ŝ per token, with the
 * objective weights chosen at `granularity`. Never throws: bad input is a Left naming the field
 * and the value, and a Right never holds a non-finite number.
 *
 * @example
 * const r = noonPpoCombine({
 *   advantages: { data: Float32Array.of(0.5, 0.2, -0.1, 0.4), shape: [1, 2, 2] },
 *   clipEpsilon: 0.2,
 *   granularity: 'token',
 * });
 * if (r._tag === 'Right') console.log(Array.from(r.right.combined)); // [0.2, 0] as Float32 (after Noon, the min over objectives)
 */
export const noonPpoCombine = (input: NoonPpoCombineInput): PamaResult<NoonPpoCombineResult> =>
  guardBoundary('input', () => {
    const read = readCombineProblem(input);
    if (read._tag === 'Left') return read;
    const problem = read.right;
    const adv = problem.advantages;
    // Element checks, each input scanned once: typed advantages by the token kernels themselves
    // (plain arrays may hold non-numbers, so they are scanned first), mask and ratios by the SIMD
    // kernel when it runs, else by scanPerTokenInputs.
    // The token kernels check elements in their own pass; the objective-mask path does not.
    const token = problem.granularity === 'token' && problem.objectiveMask === undefined;
    if (!token) {
      const perToken = scanPerTokenInputs(problem);
      if (perToken._tag === 'Left') return perToken;
    }
    if (!ArrayBuffer.isView(adv.data) || !token) {
      const finite = requireFinite(adv, 'advantages');
      if (finite._tag === 'Left') return finite;
    }
    const out = combineAt(problem);
    if (out._tag === 'Left') return out;
    // Float32 advantages cannot overflow Float32 (a min or convex mix of them); others can.
    if (!(adv.data instanceof Float32Array)) {
      const range = requireFloat32Range(out.right.combined, problem.tokens);
      if (range._tag === 'Left') return range;
    }
    return out;
  });

/** The granularity's combine on a validated problem (advantages known finite except on the token paths). */
const combineAt = (problem: CombineProblem): PamaResult<NoonPpoCombineResult> => {
  const { batch, tokens, objectives } = problem;
  const adv = problem.advantages;
  switch (problem.granularity) {
    case 'token': {
      const out = combineToken(problem);
      if (out.perTokenChecked !== true) {
        const perToken = scanPerTokenInputs(problem);
        if (perToken._tag === 'Left') return perToken;
      }
      if (!out.finite) {
        const finite = requireFinite(adv, 'advantages');
        if (finite._tag === 'Left') return finite;
      }
      const perToken = problem.tokenWeights === 'per-token';
      return right({
        combined: out.combined,
        weights: out.weights,
        weightsShape: perToken ? [batch, tokens, objectives] : [objectives],
        validTokens: out.validTokens,
      });
    }
    case 'sample': {
      const out = combineSample(problem);
      return right({ ...out, weightsShape: [batch, objectives] });
    }
    case 'sample-mix': {
      const out = combineSampleMix(problem);
      return right({ ...out, weightsShape: [batch, objectives] });
    }
    case 'batch': {
      const out = combineBatch(problem);
      return right({ ...out, weightsShape: [objectives] });
    }
    case 'gram': {
      const out = combineGram(problem);
      if (out._tag === 'Left') return out;
      return right({ ...out.right, weightsShape: [objectives] });
    }
  }
};
