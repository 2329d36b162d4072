// The Gram matrix through a small WebAssembly SIMD kernel (src/min-norm/wasm/gram-tiles.wat):
// 2×2 tiles of (i, j ≥ i) pairs, two Float64 lanes and eight independent accumulators per tile.
// The vectors are copied block by block (up to 1024 components of every vector at a time, all of
// them within ~256 KB so the block stays in the L2 cache while the tiles sweep it) into one
// reused region of the kernel's memory. Float32 vectors are copied as they are and promoted to
// Float64 inside the kernel, so products and sums are Float64 whatever the input type (a product
// of two Float32 values is exact in Float64). Returns undefined where WebAssembly SIMD is
// unavailable or the memory cannot be had; the caller then uses the plain JS Gram.
import { GRAM_TILES_WASM_BASE64 } from './wasm/gram-tiles-bytes.js';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface GramKernel {
  readonly memory: WasmMemory;
  promoteRows(src: number, dst: number, rows: number, len: number): void;
  gramTiles(base: number, rows: number, len: number, out: number): void;
}

/** The part of the WebAssembly JS API used here (declared locally: the core has no DOM types). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

const PAGE_BYTES = 65536;
/** Row stride of the block in doubles (fixed in the kernel: row r + 1 is 8192 bytes after row r). */
const ROW = 1024;
/** Row stride of the Float32 staging area in floats (the kernel's promoteRows reads 4096-byte rows). */
const STAGING_ROW = 1024;
/** Aim for one block of all vectors to take this many doubles (256 KB: well inside L2). */
const BLOCK_DOUBLES = 32768;
const MIN_BLOCK = 64;
/**
 * Beyond this many vectors the kernel's memory (block, staging and the rows×rows accumulator,
 * 56 MB at 2048) is not worth reserving; the JS Gram, which needs only the n×n result, takes over.
 */
export const MAX_KERNEL_VECTORS = 2048;

let kernel: GramKernel | null | undefined;

const loadKernel = (): GramKernel | null => {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined || typeof atob !== 'function') return kernel;
    const text = atob(GRAM_TILES_WASM_BASE64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    kernel = new wasm.Instance(new wasm.Module(bytes), {}).exports as GramKernel;
  } catch {
    // No SIMD support (or no WebAssembly): the JS Gram takes over.
    kernel = null;
  }
  return kernel;
};

/** True when the WebAssembly SIMD kernel can run here (it is compiled on first use). */
export const gramKernelAvailable = (): boolean => loadKernel() !== null;

type TypedVector = Float64Array | Float32Array;

/** Components start…end of a vector that is not a typed array, into the block row at `at`. */
const copyGeneric = (v: ArrayLike<number>, start: number, end: number, block: Float64Array, at: number): void => {
  for (let k = start; k < end; k++) block[at + k - start] = v[k];
};

/**
 * Row-major n×n Gram matrix G[i·n + j] = ⟨vectors[i], vectors[j]⟩ (Float64 products and sums),
 * or undefined when the kernel is unavailable or n > MAX_KERNEL_VECTORS. Inputs are not
 * validated: callers check that every component is a finite number.
 */
export const gramMatrixWasm = (vectors: ReadonlyArray<ArrayLike<number>>, d: number): Float64Array | undefined => {
  const n = vectors.length;
  if (n === 0 || n > MAX_KERNEL_VECTORS) return undefined;
  const k = loadKernel();
  if (k === null) return undefined;
  const rows = n + (n & 1);
  // Layout: block rows (8 KB each) | Float32 staging rows (4 KB each) | rows×rows accumulator.
  const stagingPtr = rows * ROW * 8;
  const outPtr = stagingPtr + rows * STAGING_ROW * 4;
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
  const block = new Float64Array(buffer, 0, rows * ROW);
  const staging = new Float32Array(buffer, stagingPtr, rows * STAGING_ROW);
  const out = new Float64Array(buffer, outPtr, rows * rows);
  out.fill(0);
  // The padding row of an odd count is zero in every block (the memory is reused across calls).
  if (rows > n) block.fill(0, n * ROW, rows * ROW);

  // How each vector is copied: 2 = Float32 (staged, promoted by the kernel), 1 = other typed
  // array (TypedArray#set converts), 0 = anything else (element by element).
  const kinds = new Uint8Array(n);
  let allF32 = true;
  for (let r = 0; r < n; r++) {
    const v = vectors[r];
    kinds[r] = v instanceof Float32Array ? 2 : ArrayBuffer.isView(v) ? 1 : 0;
    if (kinds[r] !== 2) allF32 = false;
  }
  const len = Math.max(MIN_BLOCK, Math.min(ROW, Math.floor(BLOCK_DOUBLES / rows / 4) * 4));
  for (let start = 0; start < d; start += len) {
    const end = Math.min(d, start + len);
    const m = end - start;
    const m4 = (m + 3) & ~3; // the kernel reads whole groups of 4: the tail is zero-padded
    for (let r = 0; r < n; r++) {
      const v = vectors[r];
      const kind = kinds[r];
      if (kind === 2) {
        staging.set((v as Float32Array).subarray(start, end), r * STAGING_ROW);
        if (m4 > m) staging.fill(0, r * STAGING_ROW + m, r * STAGING_ROW + m4);
        if (!allF32) k.promoteRows(stagingPtr + r * STAGING_ROW * 4, r * ROW * 8, 1, m4);
      } else {
        if (kind === 1) block.set((v as TypedVector).subarray(start, end), r * ROW);
        else copyGeneric(v, start, end, block, r * ROW);
        if (m4 > m) block.fill(0, r * ROW + m, r * ROW + m4);
      }
    }
    if (allF32) k.promoteRows(stagingPtr, 0, n, m4);
    k.gramTiles(0, rows, m4, outPtr);
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
