// Exact hypervolume (maximisation): the Lebesgue measure of the region dominated by the points
// and bounded below by the reference point. d = 1: the best value; d = 2: a sweep, O(m log m);
// d = 3: the dimension sweep, O(m log m); d ≥ 4: WFG down to the 3-D sweep. Exact up to
// floating-point rounding (sums and products of coordinate differences).
import { guardBoundary } from '../validation/boundary-guard.js';
import { left, right, type PamaResult } from '../either.js';
import { pamaError } from '../pama-error.js';
import { renderValue } from '../support/render-value.js';
import { frontAbove, WorkBudget, WorkLimitExceeded } from './hypervolume-front.js';
import { sweep2d, Sweep3d } from './hypervolume-sweep.js';
import { Wfg } from './hypervolume-wfg.js';
import { copyPoints, copyVector } from './pareto-points.js';

/** Options of {@link hypervolume}. */
export interface HypervolumeOptions {
  /**
   * Bound on the work of d ≥ 4 (elementary steps: dominance comparisons, sweep insertions, sorted
   * elements); past it the result is a `too-large` Left. Exact hypervolume is #P-hard in the
   * number of objectives, so some fronts (e.g. 1000 points in 10 objectives) would run for hours.
   * Default 1e10 (tens of seconds); `Infinity` disables the bound.
   */
  readonly maxSteps?: number;
}

export const DEFAULT_HYPERVOLUME_MAX_STEPS = 1e10;

/**
 * Exact hypervolume of `points` (maximised) against `reference`. Points not strictly better than
 * the reference in every objective add nothing. No points → 0. Each input element is read once.
 *
 * Left: `out-of-range` when the volume (or a partial volume) exceeds the float64 range;
 * `too-large` past {@link MAX_POINT_VALUES} values or `options.maxSteps`.
 *
 * @example
 * hypervolume([[3, 1], [2, 2], [1, 3]], [0, 0]); // { _tag: 'Right', right: 6 }
 * hypervolume([[1, 2, 3]], [0, 0, 0]);            // { _tag: 'Right', right: 6 }
 */
export const hypervolume = (
  points: ReadonlyArray<ArrayLike<number>>,
  reference: ArrayLike<number>,
  options: HypervolumeOptions = {},
): PamaResult<number> =>
  guardBoundary('points', () => {
    const maxSteps: unknown = options?.maxSteps ?? DEFAULT_HYPERVOLUME_MAX_STEPS;
    if (typeof maxSteps !== 'number' || !(maxSteps > 0)) {
      return left(
        pamaError('out-of-range', 'options.maxSteps', `options.maxSteps must be a positive number, got ${renderValue(maxSteps)}`),
      );
    }
    const ref = copyVector(reference, 'reference');
    if (ref._tag === 'Left') return ref;
    const matrix = copyPoints(points, 'points', ref.right.length);
    if (matrix._tag === 'Left') return matrix;
    const d = ref.right.length;
    const front = frontAbove(matrix.right.data, matrix.right.count, ref.right);
    let volume: number;
    try {
      volume = volumeOf(front, new WorkBudget(maxSteps));
    } catch (cause) {
      if (!(cause instanceof WorkLimitExceeded)) throw cause;
      return left(
        pamaError(
          'too-large',
          'points',
          `exact hypervolume of ${front.m} points in ${d} objectives needs ${cause.what} (options.maxSteps)`,
        ),
      );
    }
    if (!Number.isFinite(volume)) {
      return left(
        pamaError(
          'out-of-range',
          'points',
          `the hypervolume of points against reference exceeds the float64 range (got ${renderValue(volume)})`,
        ),
      );
    }
    return right(volume);
  });

const volumeOf = (front: ReturnType<typeof frontAbove>, budget: WorkBudget): number => {
  const { x, m, d, reference } = front;
  if (m === 0) return 0;
  if (m === 1 || d === 1) {
    // One point (or one objective): the largest box.
    let best = 0;
    for (let i = 0; i < m; i++) {
      let box = 1;
      for (let j = 0; j < d; j++) box *= x[i * d + j] - reference[j];
      if (box > best) best = box;
    }
    return best;
  }
  if (d === 2) return sweep2d(front);
  if (d === 3) {
    const byZ = front.order[2].slice().reverse();
    return new Sweep3d(front).volume(byZ, m, Infinity, Infinity, Infinity);
  }
  return new Wfg(front, budget).total();
};
