// Validation of a set of objective vectors (points to maximise) sharing one dimension.
import { left, right, type PamaResult } from '../either.js';
import { readFiniteVector } from '../validation/finite-vector.js';
import { describeValue, pamaError } from '../pama-error.js';

/** Right(dimension) when `points` is an array of equally long finite vectors (dimension from the first, or `dimension`). */
export const readPoints = (points: unknown, field: string, dimension?: number): PamaResult<number> => {
  if (!Array.isArray(points)) {
    return left(pamaError('invalid-type', field, `${field} must be an array of points, got ${describeValue(points)}`));
  }
  let d = dimension ?? -1;
  for (let k = 0; k < points.length; k++) {
    const len = readFiniteVector(points[k], `${field}[${k}]`, d < 0 ? undefined : d);
    if (len._tag === 'Left') return len;
    d = len.right;
  }
  return right(Math.max(d, 0));
};
