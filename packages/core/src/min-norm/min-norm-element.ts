// The MGDA sub-problem on explicit vectors: the minimum-norm point of their convex hull.
import { guardBoundary } from '../validation/boundary-guard.js';
import { left, right, type PamaResult } from '../either.js';
import { gramMatrix } from './gram-matrix.js';
import { minNormFromGram, type MinNormOptions, type MinNormSolution } from './min-norm-gram.js';
import { readMinNormOptions } from './min-norm-options.js';
import { describeValue, pamaError } from '../pama-error.js';

/**
 * Checks that `vectors` is a non-empty list of equally long (≥ 1) arrays of finite numbers;
 * returns their common length. Errors name e.g. `vectors[2][17]`.
 */
export const readVectors = (vectors: unknown, field: string): PamaResult<number> => {
  if (!Array.isArray(vectors)) {
    return left(pamaError('invalid-type', field, `${field} must be an array of vectors, got ${describeValue(vectors)}`));
  }
  if (vectors.length === 0) return left(pamaError('empty-input', field, `${field} must hold at least one vector, got none`));
  let d = -1;
  for (let i = 0; i < vectors.length; i++) {
    const v: unknown = vectors[i];
    if (v === null || typeof v !== 'object' || typeof (v as ArrayLike<unknown>).length !== 'number') {
      return left(pamaError('invalid-type', `${field}[${i}]`, `${field}[${i}] must be an array of numbers, got ${describeValue(v)}`));
    }
    const vec = v as ArrayLike<unknown>;
    if (d < 0) {
      d = vec.length;
      if (d === 0) return left(pamaError('empty-input', `${field}[0]`, `${field}[0] has length 0; vectors need at least one component`));
    } else if (vec.length !== d) {
      return left(pamaError('shape-mismatch', `${field}[${i}]`, `${field}[${i}] has length ${vec.length}, but ${field}[0] has length ${d}`));
    }
    for (let k = 0; k < d; k++) {
      const x = vec[k];
      if (typeof x !== 'number' || x - x !== 0) {
        return left(pamaError(typeof x === 'number' ? 'non-finite' : 'invalid-type', `${field}[${i}][${k}]`, `${field}[${i}][${k}] is ${describeValue(x)}; every component must be a finite number`));
      }
    }
  }
  return right(d);
};

/**
 * Minimum-norm point w = Σ c_i v_i of the convex hull of `vectors` (the MGDA sub-problem):
 * O(n²·d) for the Gram matrix, then a solver on the n×n Gram alone (see `minNormFromGram`).
 */
export const minNormElement = (
  vectors: ReadonlyArray<ArrayLike<number>>,
  options?: MinNormOptions,
): PamaResult<MinNormSolution> =>
  guardBoundary('vectors', () => {
    const d = readVectors(vectors, 'vectors');
    if (d._tag === 'Left') return d;
    const opts = readMinNormOptions(options, 'options');
    if (opts._tag === 'Left') return opts;
    const gram = gramMatrix(vectors, d.right);
    for (let i = 0; i < gram.length; i++) {
      if (!Number.isFinite(gram[i])) {
        return left(pamaError('out-of-range', 'vectors', `an inner product of the vectors overflows (Gram entry ${describeValue(gram[i])}); rescale the vectors`));
      }
    }
    return right(minNormFromGram(gram, vectors.length, opts.right));
  });
