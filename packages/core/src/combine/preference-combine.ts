// Preference-steered PAMA: Theorem 1 on preference-scaled indicators. PAMA itself has no
// preference input; here objective i's indicator is divided by its share of the preference
// before the closed form picks the weights, a_i = I(A^i) · (max_j p_j / p_i), so an objective
// the user prefers looks "further behind" and is chosen more often. The chosen simplex weights c
// are then applied to the unscaled indicators, ŝ = Σ c_i I(A^i), so the advantage scale stays
// PAMA's. An objective with p_i = 0 leaves the problem (weight 0), as pama-core's objectiveMask
// does. With p uniform the scale is exactly 1 and the result is PAMA's, bit for bit.
import { guardBoundary } from '../validation/boundary-guard.js';
import { left, right, type PamaResult } from '../either.js';
import { readFiniteNumbers } from '../validation/owned-numbers.js';
import { MAX_INPUT_ELEMENTS } from '../validation/limits.js';
import { pamaError } from '../pama-error.js';
import { renderValue } from '../support/render-value.js';
import { requireFinite } from '../nd-view.js';
import { readCombineProblem, scanPerTokenInputs, type NoonPpoCombineInput } from './combine-problem.js';
import { indicatorsOf, meanIndicators } from './combine-weighted.js';
import { pamaScalarSubsetInto } from './pama-scalar.js';
import { requireFloat32Range } from './float32-range.js';

/** What `preferenceScalar` returns: Theorem 1's value on the scaled scalars and the weights on the simplex. */
export interface PreferenceScalarResult {
  /** Σ c_i·values[i]: the unscaled values mixed with the steered weights. */
  readonly value: number;
  /** c on the simplex: Theorem 1's weights for the scaled values; 0 where the preference is 0. */
  readonly weights: Float64Array;
}

/**
 * Checks a preference over `n` objectives: finite, ≥ 0, not all 0. Any positive scale works
 * (only ratios matter), so it need not sum to 1. Returns max_j p_j.
 */
const readPreference = (raw: unknown, n: number): PamaResult<Float64Array> => {
  if (raw === null || typeof raw !== 'object' || typeof (raw as { length?: unknown }).length !== 'number') {
    return left(pamaError('invalid-type', 'preference', `preference must be an array of ${n} numbers ≥ 0, got ${renderValue(raw)}`));
  }
  const read = readFiniteNumbers(raw as ArrayLike<number>, 'preference', MAX_INPUT_ELEMENTS, 'MAX_INPUT_ELEMENTS');
  if (read._tag === 'Left') return read;
  const p = Float64Array.from(read.right);
  if (p.length !== n) {
    return left(pamaError('shape-mismatch', 'preference.length', `preference has ${p.length} entries but there are ${n} objectives`));
  }
  let max = 0;
  for (let i = 0; i < n; i++) {
    if (p[i] < 0)
      return left(pamaError('out-of-range', `preference[${i}]`, `preference[${i}] is ${renderValue(p[i])}; preferences must be ≥ 0`));
    max = Math.max(max, p[i]);
  }
  if (max === 0)
    return left(pamaError('out-of-range', 'preference', 'preference is all zeros; at least one objective must have a positive preference'));
  return right(p);
};

/** Scale factors max_j p_j / p_i (0 where p_i = 0: that objective is left out). */
const scalesOf = (p: Float64Array): { scales: Float64Array; include: Uint8Array } => {
  let max = 0;
  for (const x of p) max = Math.max(max, x);
  const scales = new Float64Array(p.length);
  const include = new Uint8Array(p.length);
  for (let i = 0; i < p.length; i++) {
    if (p[i] > 0) {
      scales[i] = max / p[i];
      include[i] = 1;
    }
  }
  return { scales, include };
};

interface Steering {
  readonly scales: Float64Array;
  readonly include: Uint8Array;
  readonly scaled: Float64Array;
  readonly scratch: { values: Float64Array; weights: Float64Array };
}

const steering = (p: Float64Array): Steering => {
  const n = p.length;
  return { ...scalesOf(p), scaled: new Float64Array(n), scratch: { values: new Float64Array(n), weights: new Float64Array(n) } };
};

/**
 * Steered weights of one set of values into `out`; returns false when a scaled value overflows
 * (a tiny positive preference times a huge value).
 */
const steerInto = (values: ArrayLike<number>, s: Steering, out: Float64Array): boolean => {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const a = values[i] * s.scales[i];
    if (!Number.isFinite(a)) return false;
    s.scaled[i] = a;
  }
  pamaScalarSubsetInto(s.scaled, s.include, s.scratch, out);
  return true;
};

const overflow = (i: number): PamaResult<never> =>
  left(
    pamaError(
      'out-of-range',
      'preference',
      `scaling by the preference overflows (row ${i}); raise the smallest positive preference or set it to 0`,
    ),
  );

/**
 * Theorem 1 on preference-scaled values, checked. `values` are the per-objective indicators (or
 * their means); `preference` is one number ≥ 0 per objective (only ratios matter).
 *
 * @example
 * preferenceScalar([0.3, 0.5], [0.5, 0.5]); // Right({ value: 0.3, weights: [1, 0] }), PAMA's choice
 * preferenceScalar([0.3, 0.5], [0.2, 0.8]); // Right({ value: 0.5, weights: [0, 1] }): 0.5/0.8 < 0.3/0.2
 */
export const preferenceScalar = (values: ArrayLike<number>, preference: ArrayLike<number>): PamaResult<PreferenceScalarResult> =>
  guardBoundary('values', () => {
    const read = readFiniteNumbers(values, 'values', MAX_INPUT_ELEMENTS, 'MAX_INPUT_ELEMENTS');
    if (read._tag === 'Left') return read;
    const a = read.right;
    const p = readPreference(preference, a.length);
    if (p._tag === 'Left') return p;
    const s = steering(p.right);
    const weights = new Float64Array(a.length);
    if (!steerInto(a, s, weights)) return overflow(0);
    let value = 0;
    for (let i = 0; i < a.length; i++) value += weights[i] * a[i];
    return right({ value: value + 0, weights });
  });

export interface PreferenceCombineInput extends NoonPpoCombineInput {
  /** One number ≥ 0 per objective; only ratios matter; 0 leaves the objective out. */
  readonly preference: ArrayLike<number>;
}

/** What `preferenceCombine` returns: the combined advantage and the weights, as `noonPpoCombine` does. */
export interface PreferenceCombineResult {
  /** ŝ_t = Σ_i c_i I(A^i_t), length B·T; 0 on masked tokens. */
  readonly combined: Float32Array;
  /** `sample`: B×N (row b = response b's weights); `batch`: N; `token`: the mean over valid tokens, N. */
  readonly weights: Float64Array;
  readonly weightsShape: readonly number[];
  readonly validTokens: number;
}

/**
 * Noon PPO combine with preference-steered PAMA weights, at granularity `token`, `sample` or
 * `batch` (the closed-form ones; `gram` is a min-norm solve and is refused). Same input as
 * noonPpoCombine plus `preference`; an `objectiveMask` and a zero preference both leave objectives out.
 *
 * @example
 * preferenceCombine({
 *   advantages: { data: [0.3, 0.5], shape: [1, 1, 2] }, clipEpsilon: 0.2, granularity: 'sample',
 *   preference: [0.2, 0.8],
 * }); // Right({ combined: [0.5], weights: [0, 1], … })
 */
export const preferenceCombine = (input: PreferenceCombineInput): PamaResult<PreferenceCombineResult> =>
  guardBoundary('input', () => {
    const read = readCombineProblem(input);
    if (read._tag === 'Left') return read;
    const problem = read.right;
    if (problem.granularity === 'gram' || problem.granularity === 'sample-mix') {
      return left(
        pamaError(
          'unknown-granularity',
          'granularity',
          `preferenceCombine takes granularity 'token', 'sample' or 'batch' (closed form), not '${problem.granularity}'`,
        ),
      );
    }
    const perToken = scanPerTokenInputs(problem);
    if (perToken._tag === 'Left') return perToken;
    const finite = requireFinite(problem.advantages, 'advantages');
    if (finite._tag === 'Left') return finite;
    const p = readPreference((input as { preference?: unknown }).preference, problem.objectives);
    if (p._tag === 'Left') return p;
    const { batch, tokens, objectives: n } = problem;
    const ind = indicatorsOf(problem);
    const s = steering(p.right);
    const baseInclude = Uint8Array.from(s.include);
    const mask = problem.objectiveMask;
    /** Applies response b's objective mask (if any) on top of the preference's exclusions. */
    const includeFor = (b: number): void => {
      if (mask === undefined) return;
      for (let i = 0; i < n; i++)
        s.include[i] = baseInclude[i] !== 0 && mask.data[mask.offset + b * mask.stride[0] + i * mask.stride[1]] !== 0 ? 1 : 0;
    };
    const combined = new Float32Array(batch * tokens);
    const apply = (row: number, w: Float64Array, wOffset: number): void => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += w[wOffset + i] * ind.rows[row * n + i];
      combined[row] = sum;
    };
    let weights: Float64Array;
    let weightsShape: number[];
    if (problem.granularity === 'batch') {
      weights = new Float64Array(n);
      const means = new Float64Array(n);
      meanIndicators(ind, n, 0, batch * tokens, means);
      if (!steerInto(means, s, weights)) return overflow(0);
      for (let q = 0; q < batch * tokens; q++) if (ind.valid[q] !== 0) apply(q, weights, 0);
      weightsShape = [n];
    } else if (problem.granularity === 'sample') {
      weights = new Float64Array(batch * n);
      const means = new Float64Array(n);
      for (let b = 0; b < batch; b++) {
        includeFor(b);
        meanIndicators(ind, n, b * tokens, (b + 1) * tokens, means);
        if (!steerInto(means, s, weights.subarray(b * n, (b + 1) * n))) return overflow(b);
        for (let t = 0; t < tokens; t++) if (ind.valid[b * tokens + t] !== 0) apply(b * tokens + t, weights, b * n);
      }
      weightsShape = [batch, n];
    } else {
      weights = new Float64Array(n);
      const w = new Float64Array(n);
      for (let b = 0; b < batch; b++) {
        includeFor(b);
        for (let t = 0; t < tokens; t++) {
          const q = b * tokens + t;
          if (ind.valid[q] === 0) continue;
          if (!steerInto(ind.rows.subarray(q * n, (q + 1) * n), s, w)) return overflow(q);
          apply(q, w, 0);
          for (let i = 0; i < n; i++) weights[i] += w[i];
        }
      }
      if (ind.validTokens > 0) for (let i = 0; i < n; i++) weights[i] /= ind.validTokens;
      else {
        // No valid token: Theorem 1 on zeros, as noonPpoCombine reports it.
        s.include.set(baseInclude);
        steerInto(new Float64Array(n), s, weights);
      }
      weightsShape = [n];
    }
    if (!(problem.advantages.data instanceof Float32Array)) {
      const range = requireFloat32Range(combined, tokens);
      if (range._tag === 'Left') return range;
    }
    return right({ combined, weights, weightsShape, validTokens: ind.validTokens });
  });
