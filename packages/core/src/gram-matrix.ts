// The n×n Gram matrix of n vectors of length d, accumulated in Float64: the one O(n²·d) step of
// the min-norm problem. Blocked over d so each block of all n vectors stays in cache.

const BLOCK = 2048;

/** Row-major n×n Gram matrix G[i·n + j] = ⟨vectors[i], vectors[j]⟩. Inputs are not validated. */
export const gramMatrix = (vectors: ReadonlyArray<ArrayLike<number>>, d: number): Float64Array => {
  const n = vectors.length;
  const gram = new Float64Array(n * n);
  for (let start = 0; start < d; start += BLOCK) {
    const end = Math.min(d, start + BLOCK);
    for (let i = 0; i < n; i++) {
      const vi = vectors[i];
      for (let j = i; j < n; j++) {
        const vj = vectors[j];
        let sum = 0;
        for (let k = start; k < end; k++) sum += vi[k] * vj[k];
        gram[i * n + j] += sum;
      }
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) gram[i * n + j] = gram[j * n + i];
  return gram;
};
