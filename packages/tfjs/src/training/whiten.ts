// Mask-aware per-objective whitening of advantages over the batch: each objective's valid entries get
// mean 0 and variance 1 (population variance); masked entries stay 0.
import { requireLength } from './training-error.js';

const VARIANCE_FLOOR = 1e-8;

/** Input of {@link maskedWhiten}. */
export interface WhitenInput {
  /** B×T×N row-major. */
  readonly values: ArrayLike<number>;
  /** B×T row-major. */
  readonly mask: ArrayLike<number>;
  readonly nObjectives: number;
  /** Subtract the mean (default true); false only rescales. */
  readonly shiftMean?: boolean;
}

/**
 * Each objective's valid entries scaled to mean 0 and variance 1 (population variance); masked
 * entries stay 0.
 *
 * @example
 * maskedWhiten({ values: [1, 3, 9], mask: [1, 1, 0], nObjectives: 1 }); // Float32Array [-1, 1, 0]
 */
export function maskedWhiten(input: WhitenInput): Float32Array {
  const N = input.nObjectives;
  const positions = input.mask.length;
  requireLength('values', input.values, positions * N);
  const out = new Float32Array(positions * N);
  const shift = input.shiftMean ?? true;
  for (let i = 0; i < N; i++) {
    const { count, mean, variance } = maskedColumnMoments(input.values, input.mask, N, i);
    if (count === 0) continue;
    const scale = 1 / Math.sqrt(variance + VARIANCE_FLOOR);
    for (let k = 0; k < positions; k++) {
      if (input.mask[k] === 0) continue;
      const x = input.values[k * N + i];
      out[k * N + i] = (shift ? x - mean : x) * scale;
    }
  }
  return out;
}

/** Count, mean and population variance of column i of a positions×N stream over its valid positions. */
export interface ColumnMoments {
  readonly count: number;
  readonly mean: number;
  readonly variance: number;
}

/**
 * The valid entries' count, mean and population variance of column `i` (zeros when none is valid).
 *
 * @example
 * maskedColumnMoments([1, 3, 9], [1, 1, 0], 1, 0); // { count: 2, mean: 2, variance: 1 }
 */
export function maskedColumnMoments(values: ArrayLike<number>, mask: ArrayLike<number>, nObjectives: number, i: number): ColumnMoments {
  const positions = mask.length;
  let count = 0;
  let sum = 0;
  for (let k = 0; k < positions; k++) {
    if (mask[k] === 0) continue;
    count++;
    sum += values[k * nObjectives + i];
  }
  if (count === 0) return { count: 0, mean: 0, variance: 0 };
  const mean = sum / count;
  let squares = 0;
  for (let k = 0; k < positions; k++) {
    if (mask[k] === 0) continue;
    const d = values[k * nObjectives + i] - mean;
    squares += d * d;
  }
  return { count, mean, variance: squares / count };
}

/**
 * The mean over columns of the whitening scale 1/√(variance + 1e-8): how {@link maskedWhiten}
 * converts the stream's units on average; 1 when no position is valid.
 *
 * @example
 * whiteningScale([1, 3], [1, 1], 1); // ≈ 1 (variance 1)
 */
export function whiteningScale(values: ArrayLike<number>, mask: ArrayLike<number>, nObjectives: number): number {
  let total = 0;
  for (let i = 0; i < nObjectives; i++) {
    const { count, variance } = maskedColumnMoments(values, mask, nObjectives, i);
    if (count === 0) return 1;
    total += 1 / Math.sqrt(variance + VARIANCE_FLOOR);
  }
  return total / nObjectives;
}
