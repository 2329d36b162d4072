// Pareto dominance for maximisation, and non-dominated sorting into fronts.
import { guardBoundary } from '../validation/boundary-guard.js';
import { right, type PamaResult } from '../either.js';
import { frontRanks, frontsFromRanks } from './non-dominated-sort.js';
import { copyPoints } from './pareto-points.js';

/**
 * a dominates b (maximisation): a_k ≥ b_k for every k and a_k > b_k for some k. Unchecked and
 * allocation-free: vectors of different lengths, or any NaN, never dominate (comparisons are false).
 *
 * @example
 * dominates([2, 1], [1, 1]); // true
 * dominates([2, 0], [1, 1]); // false (a trade-off)
 */
export const dominates = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => {
  if (a.length !== b.length) return false;
  let strictly = false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k];
    const y = b[k];
    if (!(x >= y)) return false;
    if (x > y) strictly = true;
  }
  return strictly;
};

/**
 * Non-dominated sort: fronts of point indices (each in increasing index order), front 0 being the
 * non-dominated points; each later front is non-dominated once the earlier fronts are removed.
 * Equal points share a front. An empty set gives no fronts. Each input element is read once.
 *
 * O(m log m) time for d ≤ 2 (a million 2-D points in about a second); O(m log² m) for d = 3 (a
 * divide and conquer over the lexicographic order); for d ≥ 4 ENS-BS, O(m log m + m·f·d) for
 * fronts of size f (O(m²·d) at worst). Memory is linear; inputs of more than
 * {@link MAX_POINT_VALUES} values (points × objectives) get a `too-large` Left.
 *
 * @example
 * nonDominatedSort([[1, 2], [2, 1], [0, 0], [1, 1]]); // { _tag: 'Right', right: [[0, 1], [3], [2]] }
 */
export const nonDominatedSort = (points: ReadonlyArray<ArrayLike<number>>): PamaResult<number[][]> =>
  guardBoundary('points', () => {
    const matrix = copyPoints(points, 'points');
    if (matrix._tag === 'Left') return matrix;
    const { rank, fronts } = frontRanks(matrix.right);
    return right(frontsFromRanks(rank, fronts));
  });
