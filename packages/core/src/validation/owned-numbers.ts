// Each input is read once into storage the caller cannot change behind our back, then validated
// and computed on. A plain array (or any array-like) may have getters or be a Proxy, so its
// elements are copied, each read exactly once. A genuine typed array cannot run user code on
// element reads, so it is used in place, through a fresh view on its buffer made with the
// intrinsic accessors (an own `length` or a subclass cannot lie about the bounds). A typed array
// on a SharedArrayBuffer may change under another thread: it is copied too.
import { left, right, type PamaResult } from '../either.js';
import { pamaError } from '../pama-error.js';
import { renderValue } from '../support/render-value.js';
import { tooLarge } from './limits.js';

/** A numeric typed array of the standard kinds (no BigInt arrays). */
export type NumericTypedArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray;

type TypedArrayConstructor = new (buffer: ArrayBuffer, byteOffset: number, length: number) => NumericTypedArray;

const CONSTRUCTORS: Readonly<Record<string, TypedArrayConstructor>> = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
};

const typedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
const intrinsicGetter = (key: PropertyKey): ((this: unknown) => unknown) =>
  Object.getOwnPropertyDescriptor(typedArrayPrototype, key)!.get as (this: unknown) => unknown;
/** Returns the typed array's kind, or undefined for anything else (never throws). */
const kindOf = intrinsicGetter(Symbol.toStringTag);
const lengthOf = intrinsicGetter('length');
const bufferOf = intrinsicGetter('buffer');
const byteOffsetOf = intrinsicGetter('byteOffset');
const arrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')!.get as (this: unknown) => number;

const isUnsharedArrayBuffer = (buffer: unknown): buffer is ArrayBuffer => {
  try {
    arrayBufferByteLength.call(buffer); // throws on a SharedArrayBuffer
    return true;
  } catch {
    return false;
  }
};

/**
 * A fresh view on the same memory when `value` is a genuine numeric typed array on an unshared
 * buffer; undefined otherwise (plain arrays, array-likes, proxies, BigInt arrays, shared memory).
 */
export const stableTypedArray = (value: unknown): NumericTypedArray | undefined => {
  const kind = kindOf.call(value);
  if (typeof kind !== 'string') return undefined;
  const Kind = CONSTRUCTORS[kind];
  if (Kind === undefined) return undefined;
  const buffer = bufferOf.call(value);
  if (!isUnsharedArrayBuffer(buffer)) return undefined;
  return new Kind(buffer, byteOffsetOf.call(value) as number, lengthOf.call(value) as number);
};

/** True for a BigInt64Array / BigUint64Array (intrinsic check). */
export const isBigIntTypedArray = (value: unknown): boolean => {
  const kind = kindOf.call(value);
  return kind === 'BigInt64Array' || kind === 'BigUint64Array';
};

/**
 * Reads an array-like's `length` once: a non-negative integer no larger than `limit`
 * (else Left invalid-type / too-large naming `${field}.length`).
 */
export const readLength = (raw: unknown, field: string, limit: number, limitName: string): PamaResult<number> => {
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0) {
    return left(pamaError('invalid-type', `${field}.length`, `${field}.length must be a non-negative integer, got ${renderValue(raw)}`));
  }
  if (raw > limit) {
    return tooLarge(`${field}.length`, `${field}.length is ${raw}, more than ${limitName} = ${limit}`);
  }
  return right(raw);
};

/**
 * The numbers of `values` in stable storage, each element read once and checked to be a finite
 * number (Left invalid-type / non-finite naming `${field}[i]`). `values` must be an array-like
 * object; its length must be ≤ `limit`, and equal `expectedLength` when given.
 */
export const readFiniteNumbers = (
  values: unknown,
  field: string,
  limit: number,
  limitName: string,
  expectedLength?: number,
): PamaResult<ArrayLike<number>> => {
  if (values === null || typeof values !== 'object') {
    return left(pamaError('invalid-type', field, `${field} must be an array of numbers, got ${renderValue(values)}`));
  }
  const typed = stableTypedArray(values);
  if (isBigIntTypedArray(values)) {
    return left(pamaError('invalid-type', field, `${field} must hold numbers, got ${renderValue(values)}`));
  }
  const length = readLength(typed === undefined ? (values as { length?: unknown }).length : typed.length, field, limit, limitName);
  if (length._tag === 'Left') return length;
  const n = length.right;
  if (n === 0) return left(pamaError('empty-input', field, `${field} must hold at least one number, got an empty array`));
  if (expectedLength !== undefined && n !== expectedLength) {
    return left(pamaError('shape-mismatch', field, `${field} has length ${n}, expected ${expectedLength}`));
  }
  const source = typed ?? (values as ArrayLike<unknown>);
  const out = typed ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = source[i];
    if (typeof x !== 'number') {
      return left(pamaError('invalid-type', `${field}[${i}]`, `${field}[${i}] must be a number, got ${renderValue(x)}`));
    }
    if (x - x !== 0) {
      return left(pamaError('non-finite', `${field}[${i}]`, `${field}[${i}] is ${renderValue(x)}; it must be finite`));
    }
    if (typed === undefined) out[i] = x;
  }
  return right(out);
};
