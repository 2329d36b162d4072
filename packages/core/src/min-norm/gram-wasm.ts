// The Gram matrix through a small WebAssembly SIMD kernel (src/min-norm/wasm/gram-tiles.wat):
// 2×2 tiles of (i, j ≥ i) pairs, two Float64 lanes and four independent accumulators per tile.
// The vectors are copied block by block (`len` components of every vector at a time, the block
// within ~512 KB so it stays in the L2 cache while the tiles sweep it) into one reused region of
// the kernel's memory. Float32 vectors are copied as they are and promoted to Float64 inside the
// kernel, so products and sums are Float64 whatever the input type (a product of two Float32
// values is exact in Float64). Returns undefined where WebAssembly SIMD is unavailable or the
// memory cannot be had; the caller then uses the plain JS Gram.
import { GRAM_TILES_WASM_BASE64 } from './wasm/gram-tiles-bytes.js';
import { decodeBase64 } from '../combine/wasm/decode-base64.js';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface GramKernel {
  readonly memory: WasmMemory;
  promote(src: number, dst: number, count: number): void;
  gramTiles(base: number, stride: number, rows: number, len: number, out: number): void;
}

/** The part of the WebAssembly JS API used here (declared locally: the core has no DOM types). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

const PAGE_BYTES = 65536;
/**
 * Aim for one block of all vectors to take this many doubles (512 KB: half of a typical L2, so
 * the tile sweep reads the block from L2 and not from memory). Measured at d = 10⁶ on a 1 MB-L2
 * machine: 256 KB blocks were 10–20 % slower at n = 32, 1 MB blocks no faster.
 */
const BLOCK_DOUBLES = 65536;
/**
 * Longest block row: with more vectors, each JS-side copy moves up to 32 KB (fewer, larger copies:
 * rows of 1024 doubles made n = 8 ~35 % slower, from the per-copy overhead); two vectors (a
 * single tile) take rows of up to 128 KB.
 */
const MAX_ROW = 4096;
const MAX_ROW_PAIR = 16384;
const MIN_ROW = 64;
/**
 * Beyond this many vectors the kernel's memory (block, staging and the rows×rows accumulator,
 * 33 MB at 2048) is not worth reserving; the JS Gram, which needs only the n×n result, takes over.
 */
export const MAX_KERNEL_VECTORS = 2048;
/** Below this many multiply-adds (n(n+1)/2 · d) the JS loop is as fast as the kernel's setup. */
export const KERNEL_MIN_WORK = 16384;

let kernel: GramKernel | null | undefined;
/**
 * True while a call is using the kernel's memory. A getter of a plain-array component runs user
 * code during the copy; should it compute another Gram, that inner call must not overwrite (or
 * grow, detaching) the memory the outer call is using: it gets undefined and the JS path.
 */
let busy = false;

const loadKernel = (): GramKernel | null => {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    const bytes = decodeBase64(GRAM_TILES_WASM_BASE64);
    if (wasm === undefined || bytes === undefined) return kernel;
    kernel = new wasm.Instance(new wasm.Module(bytes), {}).exports as GramKernel;
  } catch {
    // No SIMD support (or no WebAssembly): the JS Gram takes over.
    kernel = null;
  }
  return kernel;
};

/** True when the WebAssembly SIMD kernel can run here (it is compiled on first use). */
export const gramKernelAvailable = (): boolean => loadKernel() !== null;

/** A typed array of numbers (not BigInt, not a DataView): TypedArray#set copies it into Float64. */
const isNumericTypedArray = (v: unknown): boolean =>
  ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array);

/** Per vector, the first component that is not a finite number: its index (−1: none) and value. */
export interface FirstBad {
  readonly index: Int32Array;
  readonly value: unknown[];
}

/**
 * Components start…end of vector r, not a typed array, into the block row at `at`, each read
 * once. A component that is not a finite number is stored as NaN (so the Gram's diagonal shows
 * it) and, when `bad` is given and holds none for r yet, recorded there.
 */
const copyGeneric = (
  v: ArrayLike<unknown>,
  start: number,
  end: number,
  block: Float64Array,
  at: number,
  bad: FirstBad | undefined,
  r: number,
): void => {
  for (let k = start; k < end; k++) {
    const x = v[k];
    if (typeof x === 'number' && x - x === 0) block[at + k - start] = x;
    else {
      block[at + k - start] = NaN;
      if (bad !== undefined && bad.index[r] < 0) {
        bad.index[r] = k;
        bad.value[r] = x;
      }
    }
  }
};

/**
 * Row-major n×n Gram matrix G[i·n + j] = ⟨vectors[i], vectors[j]⟩ (Float64 products and sums),
 * or undefined when the kernel is unavailable or n > MAX_KERNEL_VECTORS. Every component is read
 * once. Components of vectors that are not typed arrays which are not finite numbers enter as
 * NaN, and when `bad` is given (its index filled with −1 by the caller) the first such component
 * of each vector is recorded there (typed-array vectors are not scanned: a non-finite component
 * shows as a non-finite G[i·n + i]).
 */
export const gramMatrixWasm = (vectors: ReadonlyArray<ArrayLike<unknown>>, d: number, bad?: FirstBad): Float64Array | undefined => {
  const n = vectors.length;
  if (n === 0 || n > MAX_KERNEL_VECTORS || !(d >= 1) || busy) return undefined;
  const k = loadKernel();
  if (k === null) return undefined;
  busy = true;
  try {
    return gramInKernel(k, vectors, d, bad);
  } finally {
    busy = false;
  }
};

const gramInKernel = (
  k: GramKernel,
  vectors: ReadonlyArray<ArrayLike<unknown>>,
  d: number,
  bad: FirstBad | undefined,
): Float64Array | undefined => {
  const n = vectors.length;
  const rows = n + (n & 1);
  // Row length (a multiple of 4: the kernel reads whole groups of 4) and stride of the block.
  const cap = rows <= 2 ? MAX_ROW_PAIR : MAX_ROW;
  const len = Math.min(Math.max(MIN_ROW, Math.floor(BLOCK_DOUBLES / rows / 4) * 4), cap, (d + 3) & ~3);
  // Layout: block (rows × len doubles) | Float32 staging (rows × len floats) | rows×rows sums.
  const stagingPtr = rows * len * 8;
  const outPtr = stagingPtr + rows * len * 4;
  const needed = outPtr + rows * rows * 8;
  const have = k.memory.buffer.byteLength;
  if (needed > have) {
    try {
      k.memory.grow(Math.ceil((needed - have) / PAGE_BYTES));
    } catch {
      return undefined; // the engine refused the memory: the JS Gram needs none
    }
  }
  const buffer = k.memory.buffer;
  const block = new Float64Array(buffer, 0, rows * len);
  const staging = new Float32Array(buffer, stagingPtr, rows * len);
  const out = new Float64Array(buffer, outPtr, rows * rows);
  out.fill(0);
  // The padding row of an odd count is never written: it only feeds the accumulators of its own
  // row and column of `out`, which are not read.

  // How each vector is copied: 2 = Float32 (staged, promoted by the kernel), 1 = other numeric
  // typed array (TypedArray#set converts), 0 = anything else (element by element).
  const kinds = new Uint8Array(n);
  let f32Rows = 0;
  for (let r = 0; r < n; r++) {
    const v = vectors[r];
    kinds[r] = v instanceof Float32Array ? 2 : isNumericTypedArray(v) ? 1 : 0;
    if (kinds[r] === 2) f32Rows++;
  }
  const allF32 = f32Rows === n;
  for (let start = 0; start < d; start += len) {
    const end = Math.min(d, start + len);
    const m = end - start;
    const m4 = (m + 3) & ~3; // the tail of the last block is zero-padded to a group of 4
    for (let r = 0; r < n; r++) {
      const v = vectors[r];
      const at = r * len;
      if (kinds[r] === 2) {
        staging.set((v as Float32Array).subarray(start, end), at);
        if (m4 > m) staging.fill(0, at + m, at + m4);
        if (!allF32) k.promote(stagingPtr + at * 4, at * 8, m4);
      } else {
        if (kinds[r] === 1) block.set((v as Float64Array).subarray(start, end), at);
        else copyGeneric(v, start, end, block, at, bad, r);
        if (m4 > m) block.fill(0, at + m, at + m4);
      }
    }
    // All Float32: one promotion of every staged row (rows sit at the same stride in both areas).
    if (allF32) k.promote(stagingPtr, 0, (n - 1) * len + m4);
    k.gramTiles(0, len * 8, rows, m4, outPtr);
  }
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const g = out[i * rows + j];
      gram[i * n + j] = g;
      gram[j * n + i] = g;
    }
  }
  return gram;
};
