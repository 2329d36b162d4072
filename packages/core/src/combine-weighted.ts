// `sample`, `batch` and `gram` granularities: choose weights c from the indicators, then
// ŝ_t = Σ_i c_i I(A^i_t) on every valid token. Advantages are already known to be finite.
import type { CombineProblem } from './combine-problem.js';
import { minNormFromGram, type MinNormSolution } from './min-norm-gram.js';
import { noonIndicator } from './noon-indicator.js';
import { pamaScalarInto } from './theorem1.js';

export interface WeightedCombineOutput {
  readonly combined: Float32Array;
  /** sample: B×N (row b = weights of response b); batch and gram: N. */
  readonly weights: Float64Array;
  readonly validTokens: number;
  /** gram only. */
  readonly minNorm?: MinNormSolution;
}

/** Writes I(A^i_t) for i < N into `out`; returns whether token (b, t) is valid. */
const loadIndicators = (problem: CombineProblem, b: number, t: number, out: Float64Array): boolean => {
  const { advantages: adv, ratios, mask, objectives: n, upper, lower, noon } = problem;
  if (mask !== undefined && mask.data[mask.offset + b * mask.stride[0] + t * mask.stride[1]] === 0) return false;
  const u = ratios === undefined ? 1 : ratios.data[ratios.offset + b * ratios.stride[0] + t * ratios.stride[1]];
  const base = adv.offset + b * adv.stride[0] + t * adv.stride[1];
  const s2 = adv.stride[2];
  for (let i = 0; i < n; i++) out[i] = noonIndicator(adv.data[base + i * s2], u, upper, lower, noon);
  return true;
};

/** ŝ_t = Σ_i c_i I(A^i_t), with c taken from `weights` at row `rowOf(b)`. */
const applyWeights = (problem: CombineProblem, weights: Float64Array, rowOf: (b: number) => number): Float32Array => {
  const { batch, tokens, objectives: n } = problem;
  const combined = new Float32Array(batch * tokens);
  const scratch = new Float64Array(n);
  for (let b = 0; b < batch; b++) {
    const row = rowOf(b) * n;
    for (let t = 0; t < tokens; t++) {
      if (!loadIndicators(problem, b, t, scratch)) continue;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += weights[row + i] * scratch[i];
      combined[b * tokens + t] = sum;
    }
  }
  return combined;
};

export const combineSample = (problem: CombineProblem): WeightedCombineOutput => {
  const { batch, tokens, objectives: n } = problem;
  const scratch = new Float64Array(n);
  const means = new Float64Array(n);
  const weights = new Float64Array(batch * n);
  let validTokens = 0;
  for (let b = 0; b < batch; b++) {
    means.fill(0);
    let count = 0;
    for (let t = 0; t < tokens; t++) {
      if (!loadIndicators(problem, b, t, scratch)) continue;
      count++;
      for (let i = 0; i < n; i++) means[i] += scratch[i];
    }
    validTokens += count;
    if (count > 0) for (let i = 0; i < n; i++) means[i] /= count;
    pamaScalarInto(means, weights.subarray(b * n, (b + 1) * n));
  }
  return { combined: applyWeights(problem, weights, (b) => b), weights, validTokens };
};

export const combineBatch = (problem: CombineProblem): WeightedCombineOutput => {
  const { batch, tokens, objectives: n } = problem;
  const scratch = new Float64Array(n);
  const means = new Float64Array(n);
  let validTokens = 0;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < tokens; t++) {
      if (!loadIndicators(problem, b, t, scratch)) continue;
      validTokens++;
      for (let i = 0; i < n; i++) means[i] += scratch[i];
    }
  }
  if (validTokens > 0) for (let i = 0; i < n; i++) means[i] /= validTokens;
  const weights = new Float64Array(n);
  pamaScalarInto(means, weights);
  return { combined: applyWeights(problem, weights, () => 0), weights, validTokens };
};

export const combineGram = (problem: CombineProblem): WeightedCombineOutput => {
  const { batch, tokens, objectives: n } = problem;
  const scratch = new Float64Array(n);
  const gram = new Float64Array(n * n);
  let validTokens = 0;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < tokens; t++) {
      if (!loadIndicators(problem, b, t, scratch)) continue;
      validTokens++;
      for (let i = 0; i < n; i++) {
        const ai = scratch[i];
        if (ai === 0) continue;
        for (let j = i; j < n; j++) gram[i * n + j] += ai * scratch[j];
      }
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) gram[i * n + j] = gram[j * n + i];
  const solution = minNormFromGram(gram, n, problem.minNorm);
  return {
    combined: applyWeights(problem, solution.weights, () => 0),
    weights: solution.weights,
    validTokens,
    minNorm: solution,
  };
};
