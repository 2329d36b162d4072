// The safetensors layout: an 8-byte little-endian header length N, N bytes of JSON, then the data.
// The JSON maps each tensor name to {dtype, shape, data_offsets: [begin, end]} (offsets relative to
// the first data byte) and may hold `__metadata__`, a string → string map. As in the reference
// implementation, the tensors must tile the data region exactly — no overlap, no hole, nothing
// after the last one — so one file has one reading. Offsets need not be aligned to the element size.
import { ModelInputError } from '../models/model-errors.js';
import { isSafetensorsDtype, SAFETENSORS_DTYPE_BYTES, type SafetensorsDtype } from './safetensors-dtype.js';

/** Bytes before the JSON header: its length as a little-endian unsigned 64-bit integer. */
export const HEADER_LENGTH_BYTES = 8;
/** The largest header accepted (the reference implementation's limit): a larger one is not a safetensors file. */
export const MAX_HEADER_BYTES = 100_000_000;

/** Where one tensor's bytes are in its file. */
export interface SafetensorsTensorInfo {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  /** Absolute position of the first byte in the file. */
  readonly fileOffset: number;
  readonly byteLength: number;
}

/** The parsed header of one safetensors file. */
export interface SafetensorsHeader {
  /** Tensors in the order of their data. */
  readonly tensors: ReadonlyMap<string, SafetensorsTensorInfo>;
  readonly metadata: Readonly<Record<string, string>>;
  /** Absolute position of the data region (8 + header length). */
  readonly dataStart: number;
}

/**
 * The header length stored in the first 8 bytes, checked against the file size.
 *
 * @example
 * const json = new TextEncoder().encode('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}');
 * const prefix = new Uint8Array(8);
 * new DataView(prefix.buffer).setBigUint64(0, BigInt(json.length), true); // little-endian u64
 * headerLength(prefix, 8 + json.length + 8, 'model.safetensors'); // 54
 * headerLength(prefix, 40, 'model.safetensors'); // throws ModelInputError: must be between 2 and the 32 bytes after the length
 */
export function headerLength(prefix: Uint8Array, fileSize: number, path: string): number {
  if (fileSize < HEADER_LENGTH_BYTES || prefix.byteLength < HEADER_LENGTH_BYTES) {
    throw new ModelInputError('file size', fileSize, `must be at least ${HEADER_LENGTH_BYTES} bytes (the header length)`, path);
  }
  const length = new DataView(prefix.buffer, prefix.byteOffset, HEADER_LENGTH_BYTES).getBigUint64(0, true);
  if (length > BigInt(MAX_HEADER_BYTES)) {
    throw new ModelInputError(
      'header length',
      length.toString(),
      `must be at most ${MAX_HEADER_BYTES} bytes (not a safetensors file?)`,
      path,
    );
  }
  const n = Number(length);
  if (n < 2 || HEADER_LENGTH_BYTES + n > fileSize) {
    throw new ModelInputError(
      'header length',
      n,
      `must be between 2 and the ${fileSize - HEADER_LENGTH_BYTES} bytes after the length`,
      path,
    );
  }
  return n;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Parses and checks a header's JSON bytes for a file of `fileSize` bytes; every error names the
 * file (as its context) and the tensor or field at fault.
 *
 * @example
 * const json = new TextEncoder().encode('{"wte.weight":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}');
 * const header = parseSafetensorsHeader(json, 8 + json.length + 24, 'model.safetensors');
 * header.tensors.get('wte.weight'); // { name: 'wte.weight', dtype: 'F32', shape: [2, 3], fileOffset: 74, byteLength: 24 }
 * header.dataStart; // 74
 */
export function parseSafetensorsHeader(json: Uint8Array, fileSize: number, path: string): SafetensorsHeader {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    throw new ModelInputError('header', `${json.byteLength} bytes`, 'must be UTF-8 text', path);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ModelInputError('header', text.slice(0, 40), `must be JSON (${(e as Error).message.split('\n')[0]})`, path);
  }
  if (!isPlainObject(parsed)) throw new ModelInputError('header', parsed, 'must be a JSON object', path);
  const dataStart = HEADER_LENGTH_BYTES + json.byteLength;
  const dataBytes = fileSize - dataStart;
  let metadata: Record<string, string> = {};
  const entries: SafetensorsTensorInfo[] = [];
  const begins = new Map<string, number>();
  for (const [name, value] of Object.entries(parsed)) {
    if (name === '__metadata__') {
      metadata = checkedMetadata(value, path);
      continue;
    }
    const field = `tensor "${name}"`;
    if (!isPlainObject(value)) throw new ModelInputError(field, value, 'must be an object {dtype, shape, data_offsets}', path);
    const { dtype, shape, data_offsets: offsets } = value;
    if (!isSafetensorsDtype(dtype)) {
      throw new ModelInputError(`${field} dtype`, dtype, `must be one of ${Object.keys(SAFETENSORS_DTYPE_BYTES).join(', ')}`, path);
    }
    if (!Array.isArray(shape) || !shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
      throw new ModelInputError(`${field} shape`, shape, 'must be an array of non-negative integers', path);
    }
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((n) => Number.isSafeInteger(n) && n >= 0) ||
      offsets[0] > offsets[1]
    ) {
      throw new ModelInputError(`${field} data_offsets`, offsets, 'must be [begin, end] with 0 <= begin <= end', path);
    }
    const [begin, end] = offsets as [number, number];
    const expected = shape.reduce((a: number, b: number) => a * b, 1) * SAFETENSORS_DTYPE_BYTES[dtype];
    if (end - begin !== expected) {
      throw new ModelInputError(
        `${field} data_offsets`,
        offsets,
        `must span ${expected} bytes (${dtype} × [${shape.join(', ')}]), not ${end - begin}`,
        path,
      );
    }
    if (end > dataBytes) {
      throw new ModelInputError(`${field} data_offsets`, offsets, `must end within the ${dataBytes} data bytes of the file`, path);
    }
    entries.push({ name, dtype, shape: [...shape], fileOffset: dataStart + begin, byteLength: expected });
    begins.set(name, begin);
  }
  // Sorted by position, the tensors must follow one another from byte 0 to the end of the file.
  entries.sort((a, b) => a.fileOffset - b.fileOffset || a.byteLength - b.byteLength);
  let cursor = 0;
  for (const entry of entries) {
    const begin = begins.get(entry.name)!;
    if (begin !== cursor) {
      const what = begin < cursor ? `overlaps the tensor before it (which ends at ${cursor})` : `leaves a hole after byte ${cursor}`;
      throw new ModelInputError(
        `tensor "${entry.name}" data_offsets`,
        [begin, begin + entry.byteLength],
        `${what}; tensors must tile the data`,
        path,
      );
    }
    cursor += entry.byteLength;
  }
  if (cursor !== dataBytes) {
    throw new ModelInputError('data', `${dataBytes} bytes`, `must be exactly the ${cursor} bytes the header's tensors use`, path);
  }
  return { tensors: new Map(entries.map((e) => [e.name, e])), metadata, dataStart };
}

function checkedMetadata(value: unknown, path: string): Record<string, string> {
  if (!isPlainObject(value)) throw new ModelInputError('__metadata__', value, 'must be an object of strings', path);
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new ModelInputError(`__metadata__.${key}`, v, 'must be a string', path);
  }
  return value as Record<string, string>;
}
