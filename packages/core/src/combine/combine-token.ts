// `token` granularity: Theorem 1 on each valid token's indicators, ŝ_t = s*_t. One pass over the
// advantages; their finiteness is checked in the same pass (a NaN/±Infinity turns `poison` NaN).
import type { CombineProblem } from './combine-problem.js';
import { combineTokenNoonFloat32 } from './combine-token-float32.js';
import { combineTokenWithObjectiveMask } from './combine-token-masked.js';
import { combineTokenNoonWasm } from './combine-token-wasm.js';
import { noonIndicator } from './noon-indicator.js';
import { mixWeightOnMin } from './pama-scalar.js';

export interface TokenCombineOutput {
  readonly combined: Float32Array;
  /** Mean weights (length N) or per-token weights (B·T·N), as `problem.tokenWeights` asks. */
  readonly weights: Float64Array;
  readonly validTokens: number;
  /** False when some advantage was not finite: the caller must locate it and return a Left. */
  readonly finite: boolean;
  /** True when the kernel itself verified the mask and ratios (finite; ratios ≥ 0). */
  readonly perTokenChecked?: boolean;
}

export const combineToken = (problem: CombineProblem): TokenCombineOutput => {
  if (problem.objectiveMask !== undefined) return combineTokenWithObjectiveMask(problem);
  if (problem.noon && problem.advantages.data instanceof Float32Array) {
    return combineTokenNoonWasm(problem, problem.advantages.data) ?? combineTokenNoonFloat32(problem, problem.advantages.data);
  }
  const { batch, tokens, objectives: n, upper, lower, noon } = problem;
  const adv = problem.advantages;
  const data = adv.data;
  const [s0, s1, s2] = adv.stride;
  const perToken = problem.tokenWeights === 'per-token';
  const combined = new Float32Array(batch * tokens);
  const weights = new Float64Array(perToken ? batch * tokens * n : n);
  const ratios = problem.ratios;
  const mask = problem.mask;
  let poison = 0;
  let validTokens = 0;
  for (let b = 0; b < batch; b++) {
    const rowBase = adv.offset + b * s0;
    const ratioRow = ratios === undefined ? 0 : ratios.offset + b * ratios.stride[0];
    const maskRow = mask === undefined ? 0 : mask.offset + b * mask.stride[0];
    for (let t = 0; t < tokens; t++) {
      const base = rowBase + t * s1;
      const u = ratios === undefined ? 1 : ratios.data[ratioRow + t * ratios.stride[1]];
      const valid = mask === undefined || mask.data[maskRow + t * mask.stride[1]] !== 0;
      const p = b * tokens + t;
      const wBase = perToken ? p * n : 0;
      if (noon) {
        // All indicators are ≥ 0, so s* is their minimum (one-hot on the first arg-min).
        let min = Infinity;
        let arg = 0;
        for (let i = 0; i < n; i++) {
          const x = data[base + i * s2];
          poison += x * 0;
          const a = x > 0 ? x : 0;
          if (a < min) {
            min = a;
            arg = i;
          }
        }
        if (!valid) continue;
        validTokens++;
        if (u > upper) {
          min = 0;
          arg = 0;
        }
        combined[p] = min;
        weights[wBase + arg] += 1;
      } else {
        let min = Infinity;
        let max = -Infinity;
        let lo = 0;
        let hi = 0;
        for (let i = 0; i < n; i++) {
          const x = data[base + i * s2];
          poison += x * 0;
          const a = noonIndicator(x, u, upper, lower, false);
          if (a < min) {
            min = a;
            lo = i;
          }
          if (a > max) {
            max = a;
            hi = i;
          }
        }
        if (!valid) continue;
        validTokens++;
        if (min >= 0) {
          combined[p] = min + 0; // + 0 turns −0 into 0
          weights[wBase + lo] += 1;
        } else if (max <= 0) {
          combined[p] = max + 0;
          weights[wBase + hi] += 1;
        } else {
          // Signs differ: s* = 0, already in `combined`.
          const onMin = mixWeightOnMin(min, max);
          weights[wBase + lo] += onMin;
          weights[wBase + hi] += 1 - onMin;
        }
      }
    }
  }
  if (!perToken) {
    if (validTokens === 0) weights[0] = 1;
    else for (let i = 0; i < n; i++) weights[i] /= validTokens;
  }
  return { combined, weights, validTokens, finite: poison === 0 };
};
