// The n×n Gram matrix of n vectors of length d, accumulated in Float64: the one O(n²·d) step of
// the min-norm problem. A WebAssembly SIMD kernel does it where available (gram-wasm.ts); plain
// JS (gram-js.ts) otherwise and for small inputs, where the kernel's setup outweighs its speed.
import { gramMatrixJs } from './gram-js.js';
import { gramMatrixWasm, KERNEL_MIN_WORK } from './gram-wasm.js';

/**
 * Row-major n×n Gram matrix G[i·n + j] = ⟨vectors[i], vectors[j]⟩, every product and sum in
 * Float64 (Float32 inputs included). Inputs are not validated: callers check that every vector
 * has length `d` and finite components (see `minNormElement`).
 *
 * @example
 * gramMatrix([[1, 2], [3, 4]], 2); // Float64Array [5, 11, 11, 25]
 */
export const gramMatrix = (vectors: ReadonlyArray<ArrayLike<number>>, d: number): Float64Array => {
  const n = vectors.length;
  if ((n * (n + 1) * d) / 2 >= KERNEL_MIN_WORK) {
    const gram = gramMatrixWasm(vectors, d);
    if (gram !== undefined) return gram;
  }
  return gramMatrixJs(vectors, d);
};
