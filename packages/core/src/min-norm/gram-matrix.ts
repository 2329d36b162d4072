// The n×n Gram matrix of n vectors of length d, accumulated in Float64: the one O(n²·d) step of
// the min-norm problem. Blocked over d so each block of all n vectors stays in cache.

const BLOCK = 2048;

/**
 * Row-major n×n Gram matrix G[i·n + j] = ⟨vectors[i], vectors[j]⟩. Inputs are not validated.
 *
 * @example
 * gramMatrix([[1, 2], [3, 4]], 2); // Float64Array [5, 11, 11, 25]
 */
export const gramMatrix = (vectors: ReadonlyArray<ArrayLike<number>>, d: number): Float64Array => {
  const n = vectors.length;
  const gram = new Float64Array(n * n);
  for (let start = 0; start < d; start += BLOCK) {
    const end = Math.min(d, start + BLOCK);
    for (let i = 0; i < n; i++) {
      const vi = vectors[i];
      for (let j = i; j < n; j++) {
        const vj = vectors[j];
        // Four independent accumulators: a single running sum is bound by add latency.
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let k = start;
        for (; k + 3 < end; k += 4) {
          s0 += vi[k] * vj[k];
          s1 += vi[k + 1] * vj[k + 1];
          s2 += vi[k + 2] * vj[k + 2];
          s3 += vi[k + 3] * vj[k + 3];
        }
        for (; k < end; k++) s0 += vi[k] * vj[k];
        gram[i * n + j] += s0 + s1 + (s2 + s3);
      }
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) gram[i * n + j] = gram[j * n + i];
  return gram;
};
