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
    let count = 0;
    let sum = 0;
    for (let k = 0; k < positions; k++) {
      if (input.mask[k] === 0) continue;
      count++;
      sum += input.values[k * N + i];
    }
    if (count === 0) continue;
    const mean = sum / count;
    let squares = 0;
    for (let k = 0; k < positions; k++) {
      if (input.mask[k] === 0) continue;
      const d = input.values[k * N + i] - mean;
      squares += d * d;
    }
    const scale = 1 / Math.sqrt(squares / count + VARIANCE_FLOOR);
    for (let k = 0; k < positions; k++) {
      if (input.mask[k] === 0) continue;
      const x = input.values[k * N + i];
      out[k * N + i] = (shift ? x - mean : x) * scale;
    }
  }
  return out;
}
