// `token` granularity with Noon on contiguous Float32 advantages, through a small WebAssembly
// SIMD kernel (src/combine/wasm/token-min-noon.wat): four objectives per instruction, no data-dependent
// branches. The advantages are copied into the kernel's memory (one memcpy), the kernel writes each
// token's min and arg-min, and the mask and ratios are applied here per token. Falls back (returns
// undefined) where WebAssembly SIMD is unavailable or the layout does not fit: the caller then
// uses the plain integer kernel, which gives the same result.
import type { CombineProblem } from './combine-problem.js';
import type { StridedView } from '../nd-view.js';
import type { TokenCombineOutput } from './combine-token.js';
import { TOKEN_MIN_NOON_WASM_BASE64 } from './wasm/token-min-noon-bytes.js';
import { decodeBase64 } from './wasm/decode-base64.js';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface TokenKernel {
  readonly memory: WasmMemory;
  tokenMinNoon(
    src: number,
    tokens: number,
    n: number,
    outMin: number,
    outArg: number,
    mask: number,
    ratios: number,
    upper: number,
    flags: number,
    counts: number,
  ): number;
}

/** The part of the WebAssembly JS API used here (declared locally: the core has no DOM types). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

const PAGE_BYTES = 65536;
/** Kernel pointers are i32: stay well inside the 32-bit address space. */
const MAX_KERNEL_BYTES = 2 ** 31;
/** Objective counts the kernel handles: whole SIMD lanes, and an arg-min bit set that fits an i32. */
const MAX_OBJECTIVES = 32;

let kernel: TokenKernel | null | undefined;

const loadKernel = (): TokenKernel | null => {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    const bytes = decodeBase64(TOKEN_MIN_NOON_WASM_BASE64);
    if (wasm === undefined || bytes === undefined) return kernel;
    kernel = new wasm.Instance(new wasm.Module(bytes), {}).exports as TokenKernel;
  } catch {
    // No SIMD support (or no WebAssembly): the integer JS kernel takes over.
    kernel = null;
  }
  return kernel;
};

/**
 * Copies a validated B×T view row-major into kernel memory at `ptr` (room for 8 bytes per entry):
 * Float32 storage as Float32 (a plain copy; the kernel compares it exactly as JS would), anything
 * else as Float64. Returns the kernel's flag bit for Float32 entries (0 for Float64).
 */
const copyPerToken = (view: StridedView, buffer: ArrayBuffer, ptr: number, batch: number, tokens: number, f32Flag: number): number => {
  const { data, offset, stride } = view;
  const count = batch * tokens;
  const asF32 = data instanceof Float32Array;
  const target = asF32 ? new Float32Array(buffer, ptr, count) : new Float64Array(buffer, ptr, count);
  if (view.rowMajor && ArrayBuffer.isView(data)) {
    target.set((data as unknown as Float64Array).subarray(offset, offset + count));
  } else {
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < tokens; t++) target[b * tokens + t] = data[offset + b * stride[0] + t * stride[1]];
    }
  }
  return asF32 ? f32Flag : 0;
};

export const combineTokenNoonWasm = (problem: CombineProblem, data: Float32Array): TokenCombineOutput | undefined => {
  const { batch, tokens, objectives: n, upper, ratios, mask } = problem;
  const adv = problem.advantages;
  if (!adv.rowMajor || n % 4 !== 0 || n > MAX_OBJECTIVES) return undefined;
  const k = loadKernel();
  if (k === null) return undefined;
  const count = batch * tokens;
  const size = adv.size;
  // Layout: advantages | min words | arg-mins | counts | (8-aligned) mask f64 | ratios f64
  const minPtr = size * 4;
  const argPtr = minPtr + count * 4;
  const countsPtr = argPtr + count * 4;
  const maskPtr = Math.ceil((countsPtr + n * 4) / 8) * 8;
  const ratioPtr = maskPtr + (mask === undefined ? 0 : count * 8);
  const needed = ratioPtr + (ratios === undefined ? 0 : count * 8);
  // The kernel's memory grows to the largest call and is kept for the next one.
  const have = k.memory.buffer.byteLength;
  if (needed > MAX_KERNEL_BYTES) return undefined;
  if (needed > have) {
    try {
      k.memory.grow(Math.ceil((needed - have) / PAGE_BYTES));
    } catch {
      return undefined; // the engine refused the memory: the JS kernel needs none
    }
  }
  const buffer = k.memory.buffer;
  new Float32Array(buffer, 0, size).set(data.subarray(adv.offset, adv.offset + size));
  new Int32Array(buffer, countsPtr, n).fill(0);
  let flags = 0;
  if (mask !== undefined) flags |= 1 | copyPerToken(mask, buffer, maskPtr, batch, tokens, 4);
  if (ratios !== undefined) flags |= 2 | copyPerToken(ratios, buffer, ratioPtr, batch, tokens, 8);
  // An absent mask or ratios array is never used, but its pointer must still be readable: 0 is.
  const status = k.tokenMinNoon(
    0,
    count,
    n,
    minPtr,
    argPtr,
    mask === undefined ? 0 : maskPtr,
    ratios === undefined ? 0 : ratioPtr,
    upper,
    flags,
    countsPtr,
  );
  // Bit 0: a non-finite advantage; bit 1: a bad mask entry or ratio. The caller names the element.
  if (status !== 0) {
    return {
      combined: new Float32Array(0),
      weights: new Float64Array(0),
      validTokens: 0,
      finite: (status & 1) === 0,
      perTokenChecked: (status & 2) === 0,
    };
  }
  const combined = new Float32Array(count);
  new Int32Array(combined.buffer).set(new Int32Array(buffer, minPtr, count));
  const counts = new Int32Array(buffer, countsPtr, n);
  let validTokens = 0;
  for (let i = 0; i < n; i++) validTokens += counts[i];
  let weights: Float64Array;
  if (problem.tokenWeights === 'per-token') {
    weights = new Float64Array(count * n);
    const args = new Int32Array(buffer, argPtr, count);
    for (let p = 0; p < count; p++) if (args[p] >= 0) weights[p * n + args[p]] = 1;
  } else {
    weights = new Float64Array(n);
    if (validTokens === 0) weights[0] = 1;
    else for (let i = 0; i < n; i++) weights[i] = counts[i] / validTokens;
  }
  // Plain arrays could hold non-numbers, which the copy above coerced: those get the JS scan.
  const typed = (view: StridedView | undefined) => view === undefined || ArrayBuffer.isView(view.data);
  return { combined, weights, validTokens, finite: true, perTokenChecked: typed(mask) && typed(ratios) };
};
