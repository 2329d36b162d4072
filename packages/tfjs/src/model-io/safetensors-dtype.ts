// The element types of the safetensors format and the conversions between float32 and the three
// float types checkpoints are stored in (F32, F16, BF16). Models compute in float32: F16 and BF16
// widen exactly, and narrowing rounds to nearest, ties to even (as PyTorch's .half() / .bfloat16() do).
/** Every element type the safetensors format defines, with its size in bytes. */
export const SAFETENSORS_DTYPE_BYTES = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
} as const;

/** A safetensors element type. */
export type SafetensorsDtype = keyof typeof SAFETENSORS_DTYPE_BYTES;

/** The stored types that load as float32 weights. */
export const FLOAT_DTYPES = ['F32', 'F16', 'BF16'] as const;

/** A stored type that loads as float32 weights. */
export type FloatDtype = (typeof FLOAT_DTYPES)[number];

/**
 * True when `value` names a safetensors element type.
 *
 * @example
 * isSafetensorsDtype('BF16'); // true
 * isSafetensorsDtype('float32'); // false
 */
export function isSafetensorsDtype(value: unknown): value is SafetensorsDtype {
  return typeof value === 'string' && Object.hasOwn(SAFETENSORS_DTYPE_BYTES, value);
}

/**
 * True when `dtype` is one of the float types weights may be stored in (F32, F16, BF16).
 *
 * @example
 * isFloatDtype('F16'); // true
 * isFloatDtype('I64'); // false
 */
export function isFloatDtype(dtype: unknown): dtype is FloatDtype {
  return (FLOAT_DTYPES as readonly unknown[]).includes(dtype);
}

// Read from memory rather than node:os, so the module also loads in a browser.
const littleEndianHost = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** float32 values of all 65,536 half-precision bit patterns (built on first use: 256 KiB). */
let halfTable: Float32Array | undefined;

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function halves(): Float32Array {
  if (halfTable === undefined) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halfTable[h] = halfToFloat(h);
  }
  return halfTable;
}

/** The 16-bit patterns of `count` little-endian elements starting at `bytes[0]` (any alignment). */
function uint16s(bytes: Uint8Array, count: number): Uint16Array {
  if (littleEndianHost && bytes.byteOffset % 2 === 0) return new Uint16Array(bytes.buffer, bytes.byteOffset, count);
  const out = new Uint16Array(count);
  for (let i = 0; i < count; i++) out[i] = bytes[2 * i] | (bytes[2 * i + 1] << 8);
  return out;
}

/**
 * Stored elements (little-endian, at any byte offset) → float32 values. F16 and BF16 widen exactly.
 *
 * @example
 * decodeFloat32(Uint8Array.of(0x00, 0x3c), 'F16'); // Float32Array [1]
 */
export function decodeFloat32(bytes: Uint8Array, dtype: FloatDtype): Float32Array {
  const size = SAFETENSORS_DTYPE_BYTES[dtype];
  if (bytes.byteLength % size !== 0) throw new RangeError(`${bytes.byteLength} bytes is not a whole number of ${dtype} elements`);
  const count = bytes.byteLength / size;
  if (dtype === 'F32') {
    if (littleEndianHost) {
      // A copy into a fresh (so 4-byte aligned) buffer: the file's offsets need not be aligned.
      const out = new Float32Array(count);
      new Uint8Array(out.buffer).set(bytes);
      return out;
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i, true));
  }
  const patterns = uint16s(bytes, count);
  const out = new Float32Array(count);
  if (dtype === 'F16') {
    const table = halves();
    for (let i = 0; i < count; i++) out[i] = table[patterns[i]];
    return out;
  }
  const words = new Uint32Array(out.buffer);
  for (let i = 0; i < count; i++) words[i] = patterns[i] << 16;
  return out;
}

/** float32 bits → bfloat16 bits, round to nearest even; NaN stays a (quiet) NaN. */
function bfloat16Bits(word: number): number {
  if ((word & 0x7fffffff) > 0x7f800000) return ((word >>> 16) | 0x40) & 0xffff;
  return ((word + 0x7fff + ((word >>> 16) & 1)) >>> 16) & 0xffff;
}

/** float32 bits → half bits, round to nearest even (overflow → ±Infinity, underflow → subnormals or ±0). */
function halfBits(word: number): number {
  const sign = (word >>> 16) & 0x8000;
  const exponent = (word >>> 23) & 0xff;
  const mantissa = word & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): shift the significand (with its implicit 1) right, rounding to even.
    if (e < -10) return sign;
    const significand = mantissa | 0x800000;
    const shift = 14 - e;
    const kept = significand >>> shift;
    const rest = significand & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    const rounded = rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
    return sign | rounded;
  }
  const kept = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to Infinity).
  const rounded = rest > 0x1000 || (rest === 0x1000 && (kept & 1) === 1) ? kept + 1 : kept;
  return sign | rounded;
}

/**
 * float32 values → stored little-endian elements. F16 and BF16 round to nearest, ties to even.
 *
 * @example
 * encodeFloat32(Float32Array.of(1), 'BF16'); // Uint8Array [0x80, 0x3f]
 */
export function encodeFloat32(values: Float32Array, dtype: FloatDtype): Uint8Array {
  if (dtype === 'F32') {
    if (littleEndianHost) return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
    const out = new Uint8Array(values.length * 4);
    const view = new DataView(out.buffer);
    values.forEach((v, i) => view.setFloat32(4 * i, v, true));
    return out;
  }
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint8Array(values.length * 2);
  const narrow = dtype === 'F16' ? halfBits : bfloat16Bits;
  for (let i = 0; i < values.length; i++) {
    const bits = narrow(words[i]);
    out[2 * i] = bits & 0xff;
    out[2 * i + 1] = bits >>> 8;
  }
  return out;
}
