// Draws one token from a row of logits with temperature and top-k, using the caller's seeded Rng.
import type { Rng } from '../contracts.js';

/**
 * Index of the largest value (first one on ties).
 *
 * @example
 * argmax([0.1, 0.7, 0.7]); // 1
 */
export function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/**
 * Samples from softmax(row / temperature) restricted to the topK largest entries (0 = all).
 * topK = 1 is greedy and consumes no randomness. Ties at the k-th value keep the lowest indices,
 * so exactly k candidates remain.
 *
 * @example
 * sampleToken(Float32Array.of(2, 1, 0.5), 1, 1, createRng(1)); // 0 (topK = 1 is greedy)
 */
export function sampleToken(row: Float32Array, temperature: number, topK: number, rng: Rng): number {
  if (topK === 1) return argmax(row);
  const n = row.length;
  const allowed = new Uint8Array(n).fill(1);
  if (topK > 0 && topK < n) {
    const sorted = Float32Array.from(row).sort();
    const threshold = sorted[n - topK];
    let aboveCount = 0;
    for (let i = 0; i < n; i++) if (row[i] > threshold) aboveCount++;
    let tiesLeft = topK - aboveCount;
    for (let i = 0; i < n; i++) {
      if (row[i] > threshold) continue;
      if (row[i] === threshold && tiesLeft > 0) tiesLeft--;
      else allowed[i] = 0;
    }
  }
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (allowed[i] && row[i] > max) max = row[i];
  const weights = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!allowed[i]) continue;
    weights[i] = Math.exp((row[i] - max) / temperature);
    total += weights[i];
  }
  let target = rng.nextFloat() * total;
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (!allowed[i]) continue;
    last = i;
    target -= weights[i];
    if (target < 0) return i;
  }
  return last; // rounding left a sliver: the last allowed token
}
