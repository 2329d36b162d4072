// Exact hypervolume (maximisation): the Lebesgue measure of the region dominated by the points
// and bounded below by the reference point. 1-D: max; 2-D: a sweep, O(m log m); d ≥ 3:
// hypervolume by slicing objectives (HSO) — slice along the last objective and recurse on d − 1,
// O(m^(d−1) · log m) time, exact up to floating-point rounding.
import { guardBoundary } from '../validation/boundary-guard.js';
import { right, type PamaResult } from '../either.js';
import { readFiniteVector } from '../validation/finite-vector.js';
import { readPoints } from './pareto-points.js';

/** Points are rows of length ≥ d; only the first d coordinates are read. */
const volume = (points: readonly Float64Array[], reference: ArrayLike<number>, d: number): number => {
  if (points.length === 0) return 0;
  if (d === 1) {
    let best = reference[0];
    for (const p of points) if (p[0] > best) best = p[0];
    return best - reference[0];
  }
  if (d === 2) {
    const sorted = points.slice().sort((a, b) => b[0] - a[0]);
    let area = 0;
    let height = reference[1];
    for (let i = 0; i < sorted.length; i++) {
      if (sorted[i][1] > height) height = sorted[i][1];
      const nextX = i + 1 < sorted.length ? sorted[i + 1][0] : reference[0];
      area += (sorted[i][0] - nextX) * (height - reference[1]);
    }
    return area;
  }
  const last = d - 1;
  const sorted = points.slice().sort((a, b) => b[last] - a[last]);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    const top = sorted[i][last];
    const bottom = i + 1 < sorted.length ? sorted[i + 1][last] : reference[last];
    if (top > bottom) total += (top - bottom) * volume(sorted.slice(0, i + 1), reference, last);
  }
  return total;
};

/**
 * Exact hypervolume of `points` (maximised) against `reference`. Points not strictly better than
 * the reference in every objective add nothing. No points → 0.
 */
export const hypervolume = (points: ReadonlyArray<ArrayLike<number>>, reference: ArrayLike<number>): PamaResult<number> =>
  guardBoundary('points', () => {
    const d = readFiniteVector(reference, 'reference');
    if (d._tag === 'Left') return d;
    const checked = readPoints(points, 'points', d.right);
    if (checked._tag === 'Left') return checked;
    const kept: Float64Array[] = [];
    for (const p of points) {
      let inside = true;
      for (let k = 0; k < d.right; k++) if (!(p[k] > reference[k])) inside = false;
      if (inside) kept.push(Float64Array.from(p));
    }
    return right(volume(kept, reference, d.right));
  });
