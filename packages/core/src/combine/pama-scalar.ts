// Theorem 1 (closed form): min over the simplex of (Σ c_i a_i)² is attained where Σ c_i a_i is
// the projection of 0 onto [min_i a_i, max_i a_i]. O(n) and, in `pamaScalarInto`, allocation-free.
import { guardBoundary } from '../validation/boundary-guard.js';
import { right, type PamaResult } from '../either.js';
import { MAX_INPUT_ELEMENTS } from '../validation/limits.js';
import { readFiniteNumbers } from '../validation/owned-numbers.js';

/** The closed form's value and weights, from {@link pamaScalar}. */
export interface PamaScalarResult {
  /** s* = projection of 0 onto [min, max]: 0 when signs differ, else the value nearest 0. */
  readonly value: number;
  /** c on the simplex with Σ c_i·values[i] = value: one-hot, or a two-point mix of min and max. */
  readonly weights: Float64Array;
}

/**
 * Weight that the two-point mix puts on the minimum `lo < 0 < hi` so that the mix is 0:
 * c_lo = hi / (hi − lo). The smaller of the two weights is computed directly and the larger as
 * its complement, so a tiny weight is not rounded away; halves both ends when hi − lo overflows.
 */
export const mixWeightOnMin = (lo: number, hi: number): number => {
  let span = hi - lo;
  if (span === Infinity) {
    lo /= 2;
    hi /= 2;
    span = hi - lo;
  }
  return hi <= -lo ? hi / span : 1 - -lo / span;
};

/**
 * Unchecked closed form for hot loops: writes the weights into `outWeights[0 … n)` and returns s*.
 * Ties go to the first index. Inputs must be finite (the checked functions validate first); a
 * non-finite input or n = 0 returns NaN and leaves the weights zeroed, so it cannot pass for a value.
 *
 * @example
 * const w = new Float64Array(3);
 * pamaScalarInto([0.8, 0.3, 0.5], w); // 0.3 (w = [0, 1, 0])
 */
export const pamaScalarInto = (values: ArrayLike<number>, outWeights: { [i: number]: number; length: number }): number => {
  const n = values.length;
  let lo = 0;
  let hi = 0;
  let min = Infinity;
  let max = -Infinity;
  let poison = 0;
  for (let i = 0; i < n; i++) {
    const a = values[i];
    poison += a * 0;
    outWeights[i] = 0;
    if (a < min) {
      min = a;
      lo = i;
    }
    if (a > max) {
      max = a;
      hi = i;
    }
  }
  if (n === 0 || poison !== 0) return Number.NaN;
  if (min >= 0) {
    outWeights[lo] = 1;
    return min + 0; // + 0 turns −0 into 0
  }
  if (max <= 0) {
    outWeights[hi] = 1;
    return max + 0;
  }
  const onMin = mixWeightOnMin(min, max);
  outWeights[lo] = onMin;
  outWeights[hi] = 1 - onMin;
  return 0;
};

/**
 * Theorem 1 restricted to the entries where `include` is non-zero (the others get weight 0): the
 * included values are compacted into `scratch` (length ≥ n), solved by pamaScalarInto, and the
 * weights scattered back. With nothing included it returns 0 and leaves every weight 0.
 *
 * @example
 * const scratch = { values: new Float64Array(3), weights: new Float64Array(3) };
 * const w = new Float64Array(3);
 * pamaScalarSubsetInto([0.8, -0.2, 0.5], [1, 0, 1], scratch, w); // 0.5 (w = [0, 0, 1])
 */
export const pamaScalarSubsetInto = (
  values: ArrayLike<number>,
  include: ArrayLike<number>,
  scratch: { values: Float64Array; weights: Float64Array },
  outWeights: { [i: number]: number; length: number },
): number => {
  const n = values.length;
  let k = 0;
  for (let i = 0; i < n; i++) {
    outWeights[i] = 0;
    if (include[i] !== 0) scratch.values[k++] = values[i];
  }
  if (k === 0) return 0;
  const value = pamaScalarInto(scratch.values.subarray(0, k), scratch.weights.subarray(0, k));
  k = 0;
  for (let i = 0; i < n; i++) if (include[i] !== 0) outWeights[i] = scratch.weights[k++];
  return value;
};

/**
 * Theorem 1, checked: `value` = projection of 0 onto [min, max] of `values`, and simplex weights
 * reproducing it. Left on empty input, a `length` that is not a non-negative integer (field
 * `values.length`), more than MAX_INPUT_ELEMENTS values (too-large), non-numbers or non-finite
 * numbers (field `values[i]`). Each element is read once.
 *
 * @example
 * pamaScalar([0.8, -0.2, 0.5]); // Right({ value: 0, weights: [0.2, 0.8, 0] }) (up to rounding)
 */
export const pamaScalar = (values: ArrayLike<number>): PamaResult<PamaScalarResult> =>
  guardBoundary('values', () => {
    const read = readFiniteNumbers(values, 'values', MAX_INPUT_ELEMENTS, 'MAX_INPUT_ELEMENTS');
    if (read._tag === 'Left') return read;
    const owned = read.right;
    const weights = new Float64Array(owned.length);
    const value = pamaScalarInto(owned, weights);
    return right({ value, weights });
  });
