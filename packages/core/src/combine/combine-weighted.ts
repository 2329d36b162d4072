// `sample`, `sample-mix`, `batch` and `gram` granularities: choose weights c from the indicators, then
// ŝ_t = Σ_i c_i I(A^i_t) on every valid token. Advantages are already known to be finite.
// The indicators are materialised once as a dense B·T×N matrix, so the weight choice and the
// final weighted sum run over contiguous rows whatever the input strides were.
import type { CombineProblem } from './combine-problem.js';
import { left, right, type PamaResult } from '../either.js';
import { float64GramRounding, TINY_COMPONENT } from '../min-norm/min-norm-certificate.js';
import { solveMinNorm, type MinNormSolution } from '../min-norm/min-norm-gram.js';
import { pamaError } from '../pama-error.js';
import { renderValue } from '../support/render-value.js';
import { noonIndicator } from './noon-indicator.js';
import { pamaScalarInto, pamaScalarSubsetInto } from './pama-scalar.js';

export interface WeightedCombineOutput {
  readonly combined: Float32Array;
  /** sample, sample-mix: B×N (row b = weights of response b); batch and gram: N. */
  readonly weights: Float64Array;
  readonly validTokens: number;
  /** gram only. */
  readonly minNorm?: MinNormSolution;
}

export interface Indicators {
  /** Row p = b·T + t holds I(A^i_t) for i < N; zeros on masked tokens. */
  readonly rows: Float64Array;
  /** 1 for a valid token, 0 for a masked one. */
  readonly valid: Uint8Array;
  readonly validTokens: number;
}

export const indicatorsOf = (problem: CombineProblem): Indicators => {
  const { batch, tokens, objectives: n, upper, lower, noon, ratios, mask } = problem;
  const { data, offset } = problem.advantages;
  const [s0, s1, s2] = problem.advantages.stride;
  const rows = new Float64Array(batch * tokens * n);
  const valid = new Uint8Array(batch * tokens);
  let validTokens = 0;
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < tokens; t++) {
      if (mask !== undefined && mask.data[mask.offset + b * mask.stride[0] + t * mask.stride[1]] === 0) continue;
      const p = b * tokens + t;
      valid[p] = 1;
      validTokens++;
      const u = ratios === undefined ? 1 : ratios.data[ratios.offset + b * ratios.stride[0] + t * ratios.stride[1]];
      const base = offset + b * s0 + t * s1;
      for (let i = 0; i < n; i++) rows[p * n + i] = noonIndicator(data[base + i * s2], u, upper, lower, noon);
    }
  }
  return { rows, valid, validTokens };
};

/** ŝ_t = Σ_i c_i I(A^i_t) on valid tokens, with c the row of response b (sample) or the only row. */
const applyWeights = (problem: CombineProblem, ind: Indicators, weights: Float64Array, perSample: boolean): Float32Array => {
  const { batch, tokens, objectives: n } = problem;
  const combined = new Float32Array(batch * tokens);
  for (let b = 0; b < batch; b++) {
    const w = perSample ? b * n : 0;
    for (let t = 0; t < tokens; t++) {
      const p = b * tokens + t;
      if (ind.valid[p] === 0) continue;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += weights[w + i] * ind.rows[p * n + i];
      combined[p] = sum;
    }
  }
  return combined;
};

/** The objective mask as dense B×N bytes (1 = takes part), or undefined when there is none. */
export const denseObjectiveMask = (problem: CombineProblem): Uint8Array | undefined => {
  const view = problem.objectiveMask;
  if (view === undefined) return undefined;
  const { batch, objectives: n } = problem;
  const out = new Uint8Array(batch * n);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) out[b * n + i] = view.data[view.offset + b * view.stride[0] + i * view.stride[1]] !== 0 ? 1 : 0;
  }
  return out;
};

/**
 * Mean over the valid tokens p ∈ [from, to) of each objective's indicator, into `means`. Finite
 * indicators have a finite mean, but their running sum may overflow (two values near 1e308): then
 * the mean is recomputed from pre-divided terms.
 */
export const meanIndicators = (ind: Indicators, n: number, from: number, to: number, means: Float64Array): void => {
  means.fill(0);
  let count = 0;
  for (let p = from; p < to; p++) {
    if (ind.valid[p] === 0) continue;
    count++;
    for (let i = 0; i < n; i++) means[i] += ind.rows[p * n + i];
  }
  if (count === 0) return;
  let finite = true;
  for (let i = 0; i < n; i++) {
    means[i] /= count;
    if (!Number.isFinite(means[i])) finite = false;
  }
  if (finite) return;
  means.fill(0);
  for (let p = from; p < to; p++) {
    if (ind.valid[p] === 0) continue;
    for (let i = 0; i < n; i++) means[i] += ind.rows[p * n + i] / count;
  }
};

export const combineSample = (problem: CombineProblem): WeightedCombineOutput => {
  const { batch, tokens, objectives: n } = problem;
  const ind = indicatorsOf(problem);
  const active = denseObjectiveMask(problem);
  const scratch = { values: new Float64Array(n), weights: new Float64Array(n) };
  const means = new Float64Array(n);
  const weights = new Float64Array(batch * n);
  for (let b = 0; b < batch; b++) {
    meanIndicators(ind, n, b * tokens, (b + 1) * tokens, means);
    const row = weights.subarray(b * n, (b + 1) * n);
    if (active === undefined) pamaScalarInto(means, row);
    else pamaScalarSubsetInto(means, active.subarray(b * n, (b + 1) * n), scratch, row);
  }
  return { combined: applyWeights(problem, ind, weights, true), weights, validTokens: ind.validTokens };
};

/**
 * `sample-mix`: each response's weights are half its own Theorem-1 weights and half the batch's
 * consensus c̄, the mean of those weights over the responses with a non-zero indicator:
 *   c_b = ½·c*_b + ½·c̄,   ŝ_t = Σ_i c_{b,i}·I(A^i_t).
 * Theorem 1 is solved over the active objectives only: those with a non-zero indicator somewhere in
 * the batch (an objective that is 0 everywhere carries no signal and would otherwise take every
 * weight). With Noon, `sample` sets ŝ = 0 on a response as soon as one objective's indicators are 0
 * there, and when that happens on every response the update is zero (a veto stall). Here the
 * consensus term cannot vanish batch-wide: some active objective i has c̄_i > 0, and some response
 * has I^i > 0, so its ŝ is positive. Each c_b stays on the simplex (ŝ within [min_i, max_i] of the
 * response's indicators, Theorem 1's feasible set); it is Theorem 1's minimiser exactly when the
 * response agrees with the consensus, and otherwise gives up part of the per-response bound for a
 * direction shared across the batch. O(B·T·N), like `sample`.
 */
export const combineSampleMix = (problem: CombineProblem): WeightedCombineOutput => {
  const { batch, tokens, objectives: n } = problem;
  const ind = indicatorsOf(problem);
  const active = new Uint8Array(n);
  for (let p = 0; p < batch * tokens; p++) {
    if (ind.valid[p] === 0) continue;
    for (let i = 0; i < n; i++) if (ind.rows[p * n + i] !== 0) active[i] = 1;
  }
  const weights = new Float64Array(batch * n);
  if (!active.includes(1)) {
    // No objective carries a signal: every indicator is 0, and so is ŝ whatever the weights.
    for (let b = 0; b < batch; b++) pamaScalarInto(new Float64Array(n), weights.subarray(b * n, (b + 1) * n));
    return { combined: new Float32Array(batch * tokens), weights, validTokens: ind.validTokens };
  }
  const scratch = { values: new Float64Array(n), weights: new Float64Array(n) };
  const means = new Float64Array(n);
  const consensus = new Float64Array(n);
  let informative = 0;
  for (let b = 0; b < batch; b++) {
    meanIndicators(ind, n, b * tokens, (b + 1) * tokens, means);
    const row = weights.subarray(b * n, (b + 1) * n);
    pamaScalarSubsetInto(means, active, scratch, row);
    if (!means.some((x) => x !== 0)) continue;
    informative++;
    for (let i = 0; i < n; i++) consensus[i] += row[i];
  }
  // (With Noon off a response's mean indicators can cancel to 0 though it has signal: then no response
  // is informative and the consensus is uniform over the active objectives.)
  const activeCount = active.reduce((a, x) => a + x, 0);
  for (let i = 0; i < n; i++) consensus[i] = informative > 0 ? consensus[i] / informative : active[i] / activeCount;
  for (let b = 0; b < batch; b++) for (let i = 0; i < n; i++) weights[b * n + i] = 0.5 * weights[b * n + i] + 0.5 * consensus[i];
  return { combined: applyWeights(problem, ind, weights, true), weights, validTokens: ind.validTokens };
};

export const combineBatch = (problem: CombineProblem): WeightedCombineOutput => {
  const { batch, tokens, objectives: n } = problem;
  const ind = indicatorsOf(problem);
  const means = new Float64Array(n);
  meanIndicators(ind, n, 0, batch * tokens, means);
  const weights = new Float64Array(n);
  pamaScalarInto(means, weights);
  return { combined: applyWeights(problem, ind, weights, false), weights, validTokens: ind.validTokens };
};

export const combineGram = (problem: CombineProblem): PamaResult<WeightedCombineOutput> => {
  const { batch, tokens, objectives: n } = problem;
  const ind = indicatorsOf(problem);
  const gram = new Float64Array(n * n);
  // Masked rows are zero, so summing over every row gives the Gram of the valid tokens.
  let tiny = false;
  for (let p = 0; p < batch * tokens; p++) {
    const row = p * n;
    for (let i = 0; i < n; i++) {
      const ai = ind.rows[row + i];
      if (ai === 0) continue;
      if (ai < TINY_COMPONENT && ai > -TINY_COMPONENT) tiny = true;
      for (let j = i; j < n; j++) gram[i * n + j] += ai * ind.rows[row + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) gram[i * n + j] = gram[j * n + i];
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(gram[i])) {
      const a = Math.floor(i / n);
      return left(
        pamaError(
          'out-of-range',
          'advantages',
          `the inner product of objectives ${a} and ${i - a * n}'s indicator vectors overflows (Gram entry ${renderValue(gram[i])}); rescale the advantages`,
        ),
      );
    }
  }
  // Summed in Float64 over the B·T rows: the certificate covers that rounding too.
  const solution = solveMinNorm(gram, n, problem.minNorm, float64GramRounding(batch * tokens, tiny));
  return right({
    combined: applyWeights(problem, ind, solution.weights, false),
    weights: solution.weights,
    validTokens: ind.validTokens,
    minNorm: solution,
  });
};
