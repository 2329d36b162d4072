// The combined advantages are returned as Float32: a value beyond Float32's range would be stored
// as ±Infinity. That is a Left, never a Right holding Infinity.
import { left, right, type PamaResult } from '../either.js';
import { pamaError } from '../pama-error.js';

/** The largest finite Float32, 2¹²⁸ − 2¹⁰⁴. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Left out-of-range naming `combined[p]` for the first non-finite output (token (b, t) = (p div T, p mod T)). */
export const requireFloat32Range = (combined: Float32Array, tokens: number): PamaResult<undefined> => {
  for (let p = 0; p < combined.length; p++) {
    const x = combined[p];
    if (x - x === 0) continue;
    const b = Math.floor(p / tokens);
    const t = p - b * tokens;
    return left(
      pamaError(
        'out-of-range',
        `combined[${p}]`,
        `the combined advantage of token [${b}, ${t}] (combined[${p}]) exceeds Float32's range ±${FLOAT32_MAX} and would be stored as ${x}; rescale the advantages`,
      ),
    );
  }
  return right(undefined);
};
