// Validation of noonPpoCombine's input into a checked problem the granularity kernels can trust.
import { left, right, type PamaResult } from '../either.js';
import type { MinNormOptions } from '../min-norm/min-norm-gram.js';
import { readMinNormOptions } from '../min-norm/min-norm-options.js';
import { readNdView, requireFinite, sourceIndex, type NdArrayView, type StridedView } from '../nd-view.js';
import { pamaError } from '../pama-error.js';
import { renderValue } from '../support/render-value.js';
import { MAX_GRAM_PRODUCTS, MAX_MIN_NORM_VECTORS, tooLarge } from '../validation/limits.js';

/**
 * Where the combine chooses objective weights: per token, per response, per batch, by min-norm (MGDA)
 * over the batch, or per response mixed with the batch's consensus (`sample-mix`, which no objective
 * can veto batch-wide; see combineSampleMix).
 */
export type Granularity = 'token' | 'sample' | 'batch' | 'gram' | 'sample-mix';

/** Every {@link Granularity}, in the order token, sample, batch, gram, sample-mix (for validating user input). */
export const GRANULARITIES: readonly Granularity[] = ['token', 'sample', 'batch', 'gram', 'sample-mix'];

/** How `token` granularity reports its weights. */
export type TokenWeightsMode = 'mean' | 'per-token';

/** Input of {@link noonPpoCombine}. */
export interface NoonPpoCombineInput {
  /** B×T×N per-objective advantages A'^i_t (before Noon). */
  readonly advantages: NdArrayView;
  /** B×T ratios u_t = π_θ/π_old (≥ 0). Absent: u = 1 everywhere (no clipping). */
  readonly ratios?: NdArrayView;
  /** B×T response mask: a token is valid when its entry is non-zero. Absent: all valid. */
  readonly mask?: NdArrayView;
  /** PPO clip ε, in (0, 1). */
  readonly clipEpsilon: number;
  /** Where the weights are chosen; see {@link Granularity}. */
  readonly granularity: Granularity;
  /** Clamp advantages to A ≥ 0 before combining (Noon PPO). Default true. */
  readonly noon?: boolean;
  /** `token` only: report the mean per-token weights over valid tokens (default) or all of them. */
  readonly tokenWeights?: TokenWeightsMode;
  /** `gram` only: options of the min-norm solve. */
  readonly minNorm?: MinNormOptions;
  /**
   * `token` and `sample` only: B×N, non-zero where objective i takes part in response b's combine.
   * An objective the caller considers met for a response (its reward at a target or cap) is left
   * out of that response's Theorem-1 problem: it gets weight 0 there. A response with no objective
   * taking part gets ŝ = 0 and all-zero weights. Absent: every objective takes part everywhere.
   */
  readonly objectiveMask?: NdArrayView;
}

/** A problem whose types, shapes and bounds are checked (element values: see readCombineProblem). */
export interface CombineProblem {
  readonly advantages: StridedView;
  readonly ratios: StridedView | undefined;
  readonly mask: StridedView | undefined;
  readonly batch: number;
  readonly tokens: number;
  readonly objectives: number;
  readonly upper: number;
  readonly lower: number;
  readonly noon: boolean;
  readonly granularity: Granularity;
  readonly tokenWeights: TokenWeightsMode;
  readonly minNorm: MinNormOptions;
  readonly objectiveMask: StridedView | undefined;
}

/**
 * An optional 2-D view that must match the advantages on two axes: B×T (ratios, mask) or B×N
 * (objectiveMask). `dims` are the expected sizes of those two axes.
 */
const readMatrixView = (
  raw: unknown,
  field: string,
  axes: 'B×T' | 'B×N',
  dims: readonly [number, number],
): PamaResult<StridedView | undefined> => {
  if (raw === undefined) return right(undefined);
  const view = readNdView(raw, field, 2, axes);
  if (view._tag === 'Left') return view;
  const [r, c] = view.right.shape;
  if (r !== dims[0] || c !== dims[1]) {
    const advantages = axes === 'B×T' ? `${dims[0]}×${dims[1]}×N` : `${dims[0]}×T×${dims[1]}`;
    return left(
      pamaError(
        'shape-mismatch',
        `${field}.shape`,
        `${field}.shape is [${r}, ${c}] but advantages are ${advantages}; they must agree on ${axes}`,
      ),
    );
  }
  return right(view.right);
};

const readObjectiveMask = (
  raw: unknown,
  granularity: Granularity,
  batch: number,
  objectives: number,
): PamaResult<StridedView | undefined> => {
  if (raw !== undefined && granularity !== 'token' && granularity !== 'sample') {
    return left(
      pamaError(
        'invalid-type',
        'objectiveMask',
        `objectiveMask leaves objectives out per response, so it applies to granularity 'token' or 'sample', not '${granularity}'`,
      ),
    );
  }
  return readMatrixView(raw, 'objectiveMask', 'B×N', [batch, objectives]);
};

/**
 * The element checks of the per-token inputs: mask entries finite, ratios finite and ≥ 0.
 * Separate from readCombineProblem because the SIMD token kernel performs them in its own pass
 * (then this runs only to name the offending element).
 */
export const scanPerTokenInputs = (problem: CombineProblem): PamaResult<undefined> => {
  const { ratios, mask, batch, tokens } = problem;
  if (ratios !== undefined) {
    // One pass for both checks: !(x >= 0) catches negatives and NaN; Infinity is caught by name.
    const { data, stride, offset } = ratios;
    for (let i = 0; i < batch; i++) {
      for (let j = 0, p = offset + i * stride[0]; j < tokens; j++, p += stride[1]) {
        const x = data[p];
        if (typeof x === 'number' && x >= 0 && x !== Infinity) continue;
        if (typeof x !== 'number' || !Number.isFinite(x)) return requireFinite(ratios, 'ratios');
        const index = sourceIndex(ratios, p);
        return left(
          pamaError(
            'out-of-range',
            `ratios.data[${index}]`,
            `ratios.data[${index}] is ${renderValue(x)} (element [${i}, ${j}]); probability ratios must be ≥ 0`,
          ),
        );
      }
    }
  }
  if (mask !== undefined) {
    const finite = requireFinite(mask, 'mask');
    if (finite._tag === 'Left') return finite;
  }
  if (problem.objectiveMask !== undefined) return requireFinite(problem.objectiveMask, 'objectiveMask');
  return right(undefined);
};

/** `gram` solves an N×N min-norm problem on a Gram of B·T·N(N+1)/2 products: both are bounded. */
const gramLimit = (batch: number, tokens: number, objectives: number): PamaResult<undefined> => {
  if (objectives > MAX_MIN_NORM_VECTORS) {
    return tooLarge(
      'advantages.shape',
      `advantages.shape is [${batch}, ${tokens}, ${objectives}]: granularity 'gram' takes at most MAX_MIN_NORM_VECTORS = ${MAX_MIN_NORM_VECTORS} objectives`,
    );
  }
  const products = (batch * tokens * objectives * (objectives + 1)) / 2;
  if (products > MAX_GRAM_PRODUCTS) {
    return tooLarge(
      'advantages.shape',
      `advantages.shape is [${batch}, ${tokens}, ${objectives}]: its Gram takes B·T·N(N+1)/2 = ${products} products, more than MAX_GRAM_PRODUCTS = ${MAX_GRAM_PRODUCTS}; split the batch`,
    );
  }
  return right(undefined);
};

/**
 * Validates types, shapes and options. Element values are checked elsewhere, once: the
 * advantages' finiteness by the kernels (or requireFinite), the per-token inputs by
 * scanPerTokenInputs (or the SIMD kernel).
 */
export const readCombineProblem = (input: unknown): PamaResult<CombineProblem> => {
  if (input === null || typeof input !== 'object') {
    return left(
      pamaError(
        'invalid-type',
        'input',
        `noonPpoCombine takes { advantages, ratios?, mask?, clipEpsilon, granularity, noon?, objectiveMask? }, got ${renderValue(input)}`,
      ),
    );
  }
  const raw = input as Partial<Record<keyof NoonPpoCombineInput, unknown>>;
  const granularity = raw.granularity;
  if (typeof granularity !== 'string' || !(GRANULARITIES as readonly string[]).includes(granularity)) {
    return left(
      pamaError(
        'unknown-granularity',
        'granularity',
        `granularity must be one of ${GRANULARITIES.map((g) => `'${g}'`).join(', ')}, got ${renderValue(granularity)}`,
      ),
    );
  }
  const eps = raw.clipEpsilon;
  if (typeof eps !== 'number') {
    return left(pamaError('invalid-type', 'clipEpsilon', `clipEpsilon must be a number in (0, 1), got ${renderValue(eps)}`));
  }
  if (!Number.isFinite(eps)) {
    return left(pamaError('non-finite', 'clipEpsilon', `clipEpsilon is ${renderValue(eps)}; it must be a finite number in (0, 1)`));
  }
  if (!(eps > 0 && eps < 1)) {
    return left(pamaError('out-of-range', 'clipEpsilon', `clipEpsilon must lie in (0, 1), got ${renderValue(eps)}`));
  }
  const noon = raw.noon ?? true;
  if (typeof noon !== 'boolean') {
    return left(pamaError('invalid-type', 'noon', `noon must be a boolean, got ${renderValue(noon)}`));
  }
  const tokenWeights = raw.tokenWeights ?? 'mean';
  if (tokenWeights !== 'mean' && tokenWeights !== 'per-token') {
    return left(pamaError('invalid-type', 'tokenWeights', `tokenWeights must be 'mean' or 'per-token', got ${renderValue(tokenWeights)}`));
  }
  const minNorm = readMinNormOptions(raw.minNorm, 'minNorm');
  if (minNorm._tag === 'Left') return minNorm;
  const advantages = readNdView(raw.advantages, 'advantages', 3, 'B×T×N');
  if (advantages._tag === 'Left') return advantages;
  const [batch, tokens, objectives] = advantages.right.shape;
  if (objectives === 0) {
    return left(
      pamaError(
        'zero-objectives',
        'advantages.shape',
        `advantages.shape is [${batch}, ${tokens}, 0]: there must be at least one objective`,
      ),
    );
  }
  if (batch === 0 || tokens === 0) {
    return left(
      pamaError('empty-input', 'advantages.shape', `advantages.shape is [${batch}, ${tokens}, ${objectives}]: B and T must be ≥ 1`),
    );
  }
  if (granularity === 'gram') {
    const limit = gramLimit(batch, tokens, objectives);
    if (limit._tag === 'Left') return limit;
  }
  const ratios = readMatrixView(raw.ratios, 'ratios', 'B×T', [batch, tokens]);
  if (ratios._tag === 'Left') return ratios;
  const mask = readMatrixView(raw.mask, 'mask', 'B×T', [batch, tokens]);
  if (mask._tag === 'Left') return mask;
  const objectiveMask = readObjectiveMask(raw.objectiveMask, granularity as Granularity, batch, objectives);
  if (objectiveMask._tag === 'Left') return objectiveMask;
  return right({
    advantages: advantages.right,
    ratios: ratios.right,
    mask: mask.right,
    batch,
    tokens,
    objectives,
    upper: 1 + eps,
    lower: 1 - eps,
    noon,
    granularity: granularity as Granularity,
    tokenWeights,
    minNorm: minNorm.right,
    objectiveMask: objectiveMask.right,
  });
};
