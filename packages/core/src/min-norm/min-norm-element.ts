// The MGDA sub-problem on explicit vectors: the minimum-norm point of their convex hull.
import { guardBoundary } from '../validation/boundary-guard.js';
import { left, right, type PamaResult } from '../either.js';
import { gramMatrix } from './gram-matrix.js';
import { float64GramRounding, TINY_COMPONENT } from './min-norm-certificate.js';
import { solveMinNorm, type MinNormOptions, type MinNormSolution } from './min-norm-gram.js';
import { readMinNormOptions } from './min-norm-options.js';
import { describeValue, pamaError } from '../pama-error.js';
import { MAX_GRAM_PRODUCTS, MAX_INPUT_ELEMENTS, MAX_MIN_NORM_VECTORS, tooLarge } from '../validation/limits.js';
import { readLength, stableTypedArray } from '../validation/owned-numbers.js';

export interface ReadVectors {
  /** The vectors in storage the caller cannot change: typed arrays in place, others copied. */
  readonly vectors: readonly ArrayLike<number>[];
  /** Their common length. */
  readonly d: number;
  /** Some non-zero component is below TINY_COMPONENT in magnitude (Gram products may underflow). */
  readonly tiny: boolean;
}

/**
 * Checks that `vectors` is a non-empty array of at most MAX_MIN_NORM_VECTORS equally long (≥ 1)
 * arrays of finite numbers whose Gram fits MAX_GRAM_PRODUCTS; reads every element once. Errors
 * name e.g. `vectors[2][17]`; size limits are checked before any element is read.
 */
export const readVectors = (vectors: unknown, field: string): PamaResult<ReadVectors> => {
  if (!Array.isArray(vectors)) {
    return left(pamaError('invalid-type', field, `${field} must be an array of vectors, got ${describeValue(vectors)}`));
  }
  const n = vectors.length;
  if (n === 0) return left(pamaError('empty-input', field, `${field} must hold at least one vector, got none`));
  if (n > MAX_MIN_NORM_VECTORS) {
    return tooLarge(`${field}.length`, `${field} holds ${n} vectors, more than MAX_MIN_NORM_VECTORS = ${MAX_MIN_NORM_VECTORS}`);
  }
  const sources = new Array<ArrayLike<unknown>>(n);
  const stable = new Array<boolean>(n);
  let d = -1;
  for (let i = 0; i < n; i++) {
    const v: unknown = vectors[i];
    const typed = stableTypedArray(v);
    if (typed === undefined && (v === null || typeof v !== 'object' || !('length' in v))) {
      return left(pamaError('invalid-type', `${field}[${i}]`, `${field}[${i}] must be an array of numbers, got ${describeValue(v)}`));
    }
    const source = typed ?? (v as ArrayLike<unknown>);
    const length = readLength(source.length, `${field}[${i}]`, MAX_INPUT_ELEMENTS, 'MAX_INPUT_ELEMENTS');
    if (length._tag === 'Left') return length;
    if (d < 0) {
      d = length.right;
      if (d === 0) return left(pamaError('empty-input', `${field}[0]`, `${field}[0] has length 0; vectors need at least one component`));
    } else if (length.right !== d) {
      return left(pamaError('shape-mismatch', `${field}[${i}]`, `${field}[${i}] has length ${length.right}, but ${field}[0] has length ${d}`));
    }
    sources[i] = source;
    stable[i] = typed !== undefined;
  }
  const products = ((n * (n + 1)) / 2) * d;
  if (products > MAX_GRAM_PRODUCTS) {
    return tooLarge(field, `${n} vectors of length ${d} need n(n+1)/2·d = ${products} products for their Gram, more than MAX_GRAM_PRODUCTS = ${MAX_GRAM_PRODUCTS}`);
  }
  const owned = new Array<ArrayLike<number>>(n);
  let tiny = false;
  for (let i = 0; i < n; i++) {
    const source = sources[i];
    const copy = stable[i] ? undefined : new Float64Array(d);
    for (let k = 0; k < d; k++) {
      const x = source[k];
      if (typeof x !== 'number' || x - x !== 0) {
        return left(pamaError(typeof x === 'number' ? 'non-finite' : 'invalid-type', `${field}[${i}][${k}]`, `${field}[${i}][${k}] is ${describeValue(x)}; every component must be a finite number`));
      }
      if (x !== 0 && x < TINY_COMPONENT && x > -TINY_COMPONENT) tiny = true;
      if (copy !== undefined) copy[k] = x;
    }
    owned[i] = copy ?? (source as ArrayLike<number>);
  }
  return right({ vectors: owned, d, tiny });
};

/**
 * Minimum-norm point w = Σ c_i v_i of the convex hull of `vectors` (the MGDA sub-problem):
 * O(n²·d) for the Gram matrix, then Wolfe's active-set solver on the n×n Gram alone (see
 * `minNormFromGram`). `dualityGap` certifies the result against exact arithmetic on the given
 * vectors (the Gram's Float64 rounding included). Each element is read once.
 *
 * @example
 * const r = minNormElement([[1, 0], [0, 1]]);
 * // Right: weights [0.5, 0.5], normSquared 0.5, converged true
 */
export const minNormElement = (
  vectors: ReadonlyArray<ArrayLike<number>>,
  options?: MinNormOptions,
): PamaResult<MinNormSolution> =>
  guardBoundary('vectors', () => {
    const read = readVectors(vectors, 'vectors');
    if (read._tag === 'Left') return read;
    const opts = readMinNormOptions(options, 'options');
    if (opts._tag === 'Left') return opts;
    const { vectors: owned, d, tiny } = read.right;
    const gram = gramMatrix(owned, d);
    for (let i = 0; i < gram.length; i++) {
      if (!Number.isFinite(gram[i])) {
        return left(pamaError('out-of-range', 'vectors', `an inner product of the vectors overflows (Gram entry ${describeValue(gram[i])}); rescale the vectors`));
      }
    }
    return right(solveMinNorm(gram, owned.length, opts.right, float64GramRounding(d, tiny)));
  });
