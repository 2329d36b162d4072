// `token` granularity with an objective mask: Theorem 1 on each valid token's indicators over the
// objectives that take part in its response; the others get weight 0 and a token whose response has
// none gets ŝ = 0. Off the hot path (the SIMD and Float32 kernels serve the unmasked case), so it
// reuses the materialised indicators of the weighted granularities.
import type { CombineProblem } from './combine-problem.js';
import type { TokenCombineOutput } from './combine-token.js';
import { denseObjectiveMask, indicatorsOf } from './combine-weighted.js';
import { pamaScalarSubsetInto } from './pama-scalar.js';

export const combineTokenWithObjectiveMask = (problem: CombineProblem): TokenCombineOutput => {
  const { batch, tokens, objectives: n } = problem;
  const ind = indicatorsOf(problem);
  const active = denseObjectiveMask(problem)!;
  const perToken = problem.tokenWeights === 'per-token';
  const combined = new Float32Array(batch * tokens);
  const weights = new Float64Array(perToken ? batch * tokens * n : n);
  const scratch = { values: new Float64Array(n), weights: new Float64Array(n) };
  const tokenWeights = new Float64Array(n);
  for (let b = 0; b < batch; b++) {
    const include = active.subarray(b * n, (b + 1) * n);
    for (let t = 0; t < tokens; t++) {
      const p = b * tokens + t;
      if (ind.valid[p] === 0) continue;
      combined[p] = pamaScalarSubsetInto(ind.rows.subarray(p * n, (p + 1) * n), include, scratch, tokenWeights);
      const base = perToken ? p * n : 0;
      for (let i = 0; i < n; i++) weights[base + i] += tokenWeights[i];
    }
  }
  if (!perToken) {
    // The unmasked kernels' convention with no valid token: Theorem 1 on zeros, one-hot on objective 0.
    if (ind.validTokens === 0) weights[0] = 1;
    else for (let i = 0; i < n; i++) weights[i] /= ind.validTokens;
  }
  // Advantages, mask and ratios were checked before this path runs (see noonPpoCombine).
  return { combined, weights, validTokens: ind.validTokens, finite: true, perTokenChecked: true };
};
