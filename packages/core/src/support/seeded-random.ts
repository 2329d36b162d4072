// mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). The core itself is pure and
// draws no random numbers; this is exported so adapters and benchmarks get reproducible streams
// (retry jitter, generated inputs) from one implementation.

/**
 * A seeded stream of uniform floats in [0, 1) (mulberry32); equal seeds give equal streams.
 *
 * @example
 * const random = seededRandom(42);
 * const a = random(), b = random(); // two floats in [0, 1); seededRandom(42) repeats them
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
