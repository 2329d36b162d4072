// `token` granularity with Noon on Float32 advantages: the hot path of a PPO update.
//
// With Noon every indicator is ≥ 0, so s*_t = min_i max(A^i_t, 0) (one-hot on the first arg-min).
// Reading the Float32 storage as Int32 words makes that branch-free integer arithmetic: a negative
// float (sign bit set) clamps to the word 0 = +0.0, and non-negative IEEE floats order exactly as
// their words do. Data-dependent branches on random advantages mispredict constantly, which is
// what made the plain float loop several times slower than a summing pass.
import type { CombineProblem } from './combine-problem.js';
import type { TokenCombineOutput } from './combine-token.js';

export const combineTokenNoonFloat32 = (problem: CombineProblem, data: Float32Array): TokenCombineOutput => {
  const { batch, tokens, objectives: n, upper } = problem;
  const adv = problem.advantages;
  const [s0, s1, s2] = adv.stride;
  const words = new Int32Array(data.buffer, data.byteOffset, data.length);
  const perToken = problem.tokenWeights === 'per-token';
  const combined = new Float32Array(batch * tokens);
  const combinedWords = new Int32Array(combined.buffer);
  const weights = new Float64Array(perToken ? batch * tokens * n : n);
  // Hoisted so the token loop reads locals, not properties of possibly-absent views.
  const ratios = problem.ratios;
  const hasRatios = ratios !== undefined;
  const ratioData = hasRatios ? ratios.data : combined;
  const ratioOffset = hasRatios ? ratios.offset : 0;
  const [r0, r1] = hasRatios ? ratios.stride : [0, 0];
  const mask = problem.mask;
  const hasMask = mask !== undefined;
  const maskData = hasMask ? mask.data : combined;
  const maskOffset = hasMask ? mask.offset : 0;
  const [m0, m1] = hasMask ? mask.stride : [0, 0];
  let nonFinite = 0;
  let validTokens = 0;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < tokens; t++) {
      const base = adv.offset + b * s0 + t * s1;
      let min = 0x7fffffff;
      let arg = 0;
      if (s2 === 1) {
        for (let i = 0; i < n; i++) {
          const w = words[base + i];
          // Negative exactly when |w| ≥ the +Infinity pattern, i.e. NaN or ±Infinity.
          nonFinite |= ((w & 0x7fffffff) + 0x00800000) | 0;
          const clamped = w & ~(w >> 31);
          const diff = (clamped - min) | 0;
          const less = diff >> 31; // −1 when clamped < min, else 0
          min = (min + (diff & less)) | 0;
          arg ^= (i ^ arg) & less;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const w = words[base + i * s2];
          nonFinite |= ((w & 0x7fffffff) + 0x00800000) | 0;
          const clamped = w & ~(w >> 31);
          const diff = (clamped - min) | 0;
          const less = diff >> 31;
          min = (min + (diff & less)) | 0;
          arg ^= (i ^ arg) & less;
        }
      }
      if (hasMask && maskData[maskOffset + b * m0 + t * m1] === 0) continue;
      validTokens++;
      const p = b * tokens + t;
      if (hasRatios && ratioData[ratioOffset + b * r0 + t * r1] > upper) {
        // Every term is clipped: s* = 0, one-hot on objective 0 (the first arg-min of zeros).
        min = 0;
        arg = 0;
      }
      combinedWords[p] = min;
      weights[(perToken ? p * n : 0) + arg] += 1;
    }
  }
  if (!perToken) {
    if (validTokens === 0) weights[0] = 1;
    else for (let i = 0; i < n; i++) weights[i] /= validTokens;
  }
  return { combined, weights, validTokens, finite: nonFinite >= 0 };
};
