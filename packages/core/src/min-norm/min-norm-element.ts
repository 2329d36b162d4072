// The MGDA sub-problem on explicit vectors: the minimum-norm point of their convex hull.
import { guardBoundary } from '../validation/boundary-guard.js';
import { left, right, type PamaResult } from '../either.js';
import { gramMatrixChecked } from './gram-checked.js';
import { float64GramRounding } from './min-norm-certificate.js';
import { solveMinNorm, type MinNormOptions, type MinNormSolution } from './min-norm-gram.js';
import { readMinNormOptions } from './min-norm-options.js';
import { pamaError } from '../pama-error.js';
import { renderValue } from '../support/render-value.js';
import { MAX_GRAM_PRODUCTS, MAX_INPUT_ELEMENTS, MAX_MIN_NORM_VECTORS, tooLarge } from '../validation/limits.js';
import { readLength, stableTypedArray } from '../validation/owned-numbers.js';

interface VectorShapes {
  /** Typed arrays the caller cannot change (copied when shared), or the caller's array-likes. */
  readonly sources: readonly ArrayLike<unknown>[];
  readonly d: number;
}

/**
 * Checks that `vectors` is a non-empty array of at most MAX_MIN_NORM_VECTORS equally long (≥ 1)
 * array-likes whose Gram fits MAX_GRAM_PRODUCTS, reading no component (the Gram pass checks them).
 */
const readVectorShapes = (vectors: unknown, field: string): PamaResult<VectorShapes> => {
  if (!Array.isArray(vectors)) {
    return left(pamaError('invalid-type', field, `${field} must be an array of vectors, got ${renderValue(vectors)}`));
  }
  const n = vectors.length;
  if (n === 0) return left(pamaError('empty-input', field, `${field} must hold at least one vector, got none`));
  if (n > MAX_MIN_NORM_VECTORS) {
    return tooLarge(`${field}.length`, `${field} holds ${n} vectors, more than MAX_MIN_NORM_VECTORS = ${MAX_MIN_NORM_VECTORS}`);
  }
  const sources = new Array<ArrayLike<unknown>>(n);
  let d = -1;
  for (let i = 0; i < n; i++) {
    const v: unknown = vectors[i];
    const typed = stableTypedArray(v);
    if (typed === undefined && (v === null || typeof v !== 'object' || !('length' in v))) {
      return left(pamaError('invalid-type', `${field}[${i}]`, `${field}[${i}] must be an array of numbers, got ${renderValue(v)}`));
    }
    const source = typed ?? (v as ArrayLike<unknown>);
    const length = readLength(source.length, `${field}[${i}]`, MAX_INPUT_ELEMENTS, 'MAX_INPUT_ELEMENTS');
    if (length._tag === 'Left') return length;
    if (d < 0) {
      d = length.right;
      if (d === 0) return left(pamaError('empty-input', `${field}[0]`, `${field}[0] has length 0; vectors need at least one component`));
    } else if (length.right !== d) {
      return left(
        pamaError('shape-mismatch', `${field}[${i}]`, `${field}[${i}] has length ${length.right}, but ${field}[0] has length ${d}`),
      );
    }
    sources[i] = source;
  }
  const products = ((n * (n + 1)) / 2) * d;
  if (products > MAX_GRAM_PRODUCTS) {
    return tooLarge(
      field,
      `${n} vectors of length ${d} need n(n+1)/2·d = ${products} products for their Gram, more than MAX_GRAM_PRODUCTS = ${MAX_GRAM_PRODUCTS}`,
    );
  }
  return right({ sources, d });
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
export const minNormElement = (vectors: ReadonlyArray<ArrayLike<number>>, options?: MinNormOptions): PamaResult<MinNormSolution> =>
  guardBoundary('vectors', () => {
    const shapes = readVectorShapes(vectors, 'vectors');
    if (shapes._tag === 'Left') return shapes;
    const opts = readMinNormOptions(options, 'options');
    if (opts._tag === 'Left') return opts;
    const { sources, d } = shapes.right;
    // One pass: the components are checked as the Gram reads them (each once); at large d a
    // separate checking pass costs as much as the Gram. Underflow is not looked for in that pass,
    // so the certificate always includes its (tiny, 2·d·MIN_VALUE) allowance.
    const checked = gramMatrixChecked(sources, d);
    if (checked.bad !== undefined) {
      const { vector: i, index: k, value: x } = checked.bad;
      return left(
        pamaError(
          typeof x === 'number' ? 'non-finite' : 'invalid-type',
          `vectors[${i}][${k}]`,
          `vectors[${i}][${k}] is ${renderValue(x)}; every component must be a finite number`,
        ),
      );
    }
    const gram = checked.gram;
    const tiny = true;
    for (let i = 0; i < gram.length; i++) {
      if (!Number.isFinite(gram[i])) {
        return left(
          pamaError(
            'out-of-range',
            'vectors',
            `an inner product of the vectors overflows (Gram entry ${renderValue(gram[i])}); rescale the vectors`,
          ),
        );
      }
    }
    return right(solveMinNorm(gram, sources.length, opts.right, float64GramRounding(d, tiny)));
  });
