// Pareto dominance for maximisation, and non-dominated sorting into fronts.
import { guardBoundary } from '../validation/boundary-guard.js';
import { right, type PamaResult } from '../either.js';
import { readPoints } from './pareto-points.js';

/**
 * a dominates b (maximisation): a_k ≥ b_k for every k and a_k > b_k for some k. Unchecked and
 * allocation-free: vectors of different lengths, or any NaN, never dominate (comparisons are false).
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
 * Fast non-dominated sort (Deb et al. 2002), O(m²·d): fronts of point indices, front 0 being the
 * non-dominated points; each later front is non-dominated once the earlier fronts are removed.
 * An empty set gives no fronts.
 */
export const nonDominatedSort = (points: ReadonlyArray<ArrayLike<number>>): PamaResult<number[][]> =>
  guardBoundary('points', () => {
    const checked = readPoints(points, 'points');
    if (checked._tag === 'Left') return checked;
    const m = points.length;
    const dominatedBy = new Int32Array(m);
    const dominatesList: number[][] = Array.from({ length: m }, () => []);
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        if (dominates(points[p], points[q])) {
          dominatesList[p].push(q);
          dominatedBy[q]++;
        } else if (dominates(points[q], points[p])) {
          dominatesList[q].push(p);
          dominatedBy[p]++;
        }
      }
    }
    const fronts: number[][] = [];
    let current: number[] = [];
    for (let p = 0; p < m; p++) if (dominatedBy[p] === 0) current.push(p);
    while (current.length > 0) {
      fronts.push(current);
      const next: number[] = [];
      for (const p of current) {
        for (const q of dominatesList[p]) {
          dominatedBy[q]--;
          if (dominatedBy[q] === 0) next.push(q);
        }
      }
      next.sort((x, y) => x - y);
      current = next;
    }
    return right(fronts);
  });
