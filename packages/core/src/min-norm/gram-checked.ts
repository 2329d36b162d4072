// The Gram matrix together with the check that every component is a finite number, in one pass
// over the data: at large d a separate checking pass costs as much as the Gram itself (both read
// every component from memory once). Components of plain arrays are checked as they are copied;
// a typed array holds only numbers, and a NaN or ±Infinity among them makes its own diagonal entry
// ⟨v, v⟩ non-finite, so only the vectors whose diagonal is not finite are scanned, to name the
// component. Each component is read once for the Gram, so the values checked are the values used.
import { gramMatrixJs } from './gram-js.js';
import { gramMatrixWasm, KERNEL_MIN_WORK, type FirstBad } from './gram-wasm.js';

/** A component that is not a finite number: vectors[vector][index] is `value`. */
export interface BadComponent {
  readonly vector: number;
  readonly index: number;
  readonly value: unknown;
}

/**
 * Either the Gram (`bad` undefined) or the first component, in vector then index order, that is
 * not a finite number. A Gram whose entries overflow to ±Infinity with finite components is
 * returned as it is: the caller reports the overflow.
 */
export type CheckedGram =
  | { readonly gram: Float64Array; readonly bad?: undefined }
  | { readonly gram?: undefined; readonly bad: BadComponent };

const isNumericTypedArray = (v: unknown): v is ArrayLike<number> =>
  ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array);

/** The first index of a typed array whose component is not finite, or −1. */
const firstNonFinite = (v: ArrayLike<number>, d: number): number => {
  for (let k = 0; k < d; k++) if (!Number.isFinite(v[k])) return k;
  return -1;
};

/**
 * Row-major n×n Gram matrix of `vectors` (n ≥ 1 array-likes, each of length d ≥ 1: the caller
 * checks the shape) with every component checked to be a finite number, every component read once
 * for the Gram. Float64 products and sums, Float32 input included.
 *
 * @example
 * gramMatrixChecked([[1, 2], [3, 4]], 2).gram; // Float64Array [5, 11, 11, 25]
 * gramMatrixChecked([[1, 2], [3, NaN]], 2).bad; // { vector: 1, index: 1, value: NaN }
 */
export const gramMatrixChecked = (vectors: ReadonlyArray<ArrayLike<unknown>>, d: number): CheckedGram => {
  const n = vectors.length;
  const bad: FirstBad = { index: new Int32Array(n).fill(-1), value: new Array<unknown>(n) };
  let gram = (n * (n + 1) * d) / 2 >= KERNEL_MIN_WORK ? gramMatrixWasm(vectors, d, bad) : undefined;
  if (gram === undefined) {
    // Small inputs, or no kernel here. The JS Gram reads components more than once: plain arrays are first read once into owned
    // Float64 copies (checked as they are read); typed arrays are used as they are.
    const owned = vectors.map((v, i) => {
      if (isNumericTypedArray(v)) return v;
      const copy = new Float64Array(d);
      for (let k = 0; k < d; k++) {
        const x = v[k];
        if (typeof x === 'number' && x - x === 0) copy[k] = x;
        else {
          copy[k] = NaN;
          if (bad.index[i] < 0) {
            bad.index[i] = k;
            bad.value[i] = x;
          }
        }
      }
      return copy;
    });
    gram = gramMatrixJs(owned, d);
  }
  for (let i = 0; i < n; i++) {
    if (bad.index[i] >= 0) return { bad: { vector: i, index: bad.index[i], value: bad.value[i] } };
    const v = vectors[i];
    if (!Number.isFinite(gram[i * n + i]) && isNumericTypedArray(v)) {
      const k = firstNonFinite(v, d);
      if (k >= 0) return { bad: { vector: i, index: k, value: v[k] } };
    }
  }
  return { gram };
};
