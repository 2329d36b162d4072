// xoshiro128** (Blackman & Vigna): a small, fast 32-bit generator whose whole state is four
// words, so it serialises exactly for checkpoint/resume. Seeds are expanded with splitmix32.
import type { Rng, RngState } from '../contracts.js';
import { ModelInputError } from '../models/model-errors.js';

/** The `algorithm` recorded in the state of a {@link createRng} generator. */
export const XOSHIRO_ALGORITHM = 'xoshiro128**';

const TWO_POW_32 = 4294967296;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** splitmix32 step: a well-mixed stream from any 32-bit seed, used only to fill the state. */
function splitmix32(seed: number): () => number {
  let z = seed >>> 0;
  return () => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z;
    t = Math.imul(t ^ (t >>> 16), 0x21f0aaad);
    t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

class Xoshiro128StarStar implements Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(seed: number) {
    // Mix the high and low halves so seeds differing only above bit 32 still differ.
    const low = seed >>> 0;
    const high = Math.floor(seed / TWO_POW_32) >>> 0;
    const next = splitmix32(low ^ Math.imul(high, 0x85ebca6b));
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  nextFloat(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  getState(): RngState {
    return { algorithm: XOSHIRO_ALGORITHM, state: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0] };
  }

  setState(state: RngState): void {
    if (state === null || typeof state !== 'object' || state.algorithm !== XOSHIRO_ALGORITHM) {
      throw new ModelInputError('rngState.algorithm', state?.algorithm, `must be "${XOSHIRO_ALGORITHM}"`);
    }
    const words = state.state;
    if (!Array.isArray(words) || words.length !== 4) {
      throw new ModelInputError('rngState.state', words, 'must be an array of 4 uint32 words');
    }
    for (let i = 0; i < 4; i++) {
      const w = words[i];
      if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w >= TWO_POW_32) {
        throw new ModelInputError(`rngState.state[${i}]`, w, 'must be an integer in [0, 2^32)');
      }
    }
    if (words.every((w: number) => w === 0)) {
      throw new ModelInputError('rngState.state', words, 'must not be all zero (xoshiro would emit only zeros)');
    }
    [this.s0, this.s1, this.s2, this.s3] = words.map((w: number) => w | 0);
  }
}

/**
 * A seeded xoshiro128** generator. `seed` is any safe integer; equal seeds give equal streams.
 *
 * @example
 * const rng = createRng(7);
 * rng.nextFloat(); // uniform in [0, 1); createRng(7) repeats the stream
 */
export function createRng(seed: number): Rng {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new ModelInputError('seed', seed, 'must be a safe integer');
  }
  return new Xoshiro128StarStar(seed);
}

/**
 * A standard normal draw (Box–Muller; one of the pair is discarded so the stream stays simple to reason about).
 *
 * @example
 * const noise = Array.from({ length: 4 }, () => nextStandardNormal(createRng(1)));
 */
export function nextStandardNormal(rng: Rng): number {
  const u1 = 1 - rng.nextFloat(); // (0, 1]: log stays finite
  const u2 = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
