// Writes safetensors files: the header (padded with spaces so the data starts at a multiple of 8,
// as the reference writer does), then each tensor in the order given. Tensors are encoded and
// written one at a time (a tensor's data may be produced only when the writer reaches it), into a
// temporary file in the same directory that is fsynced and renamed: a reader never sees half a file.
import type { FileHandle } from 'node:fs/promises';
import { ModelInputError } from '../models/model-errors.js';
import { writeThroughTemporary } from './atomic-file.js';
import { encodeFloat32, isFloatDtype, isSafetensorsDtype, SAFETENSORS_DTYPE_BYTES, type SafetensorsDtype } from './safetensors-dtype.js';
import { HEADER_LENGTH_BYTES } from './safetensors-header.js';

/** A tensor's values: float32 (for a float dtype, narrowed as needed) or its stored little-endian bytes. */
export type SafetensorsData = Float32Array | Uint8Array;

/** One tensor to write. */
export interface SafetensorsWriteEntry {
  readonly name: string;
  readonly shape: readonly number[];
  /** Stored element type (default F32). */
  readonly dtype?: SafetensorsDtype;
  /** The values, or a function that gives them when the writer reaches this tensor (so only one is in memory). */
  readonly data: SafetensorsData | (() => Promise<SafetensorsData>);
}

/** Options of {@link writeSafetensors}. */
export interface WriteSafetensorsOptions {
  /** The header's `__metadata__` (string → string), e.g. `{ format: 'pt' }`. */
  readonly metadata?: Readonly<Record<string, string>>;
}

interface Planned {
  readonly entry: SafetensorsWriteEntry;
  readonly dtype: SafetensorsDtype;
  readonly byteLength: number;
}

function plan(entries: readonly SafetensorsWriteEntry[]): Planned[] {
  const seen = new Set<string>();
  return entries.map((entry, k) => {
    const field = `entries[${k}]`;
    if (typeof entry?.name !== 'string' || entry.name === '' || entry.name === '__metadata__') {
      throw new ModelInputError(`${field}.name`, entry?.name, 'must be a non-empty tensor name other than __metadata__');
    }
    if (seen.has(entry.name)) throw new ModelInputError(`${field}.name`, entry.name, 'must be unique');
    seen.add(entry.name);
    const dtype = entry.dtype ?? 'F32';
    if (!isSafetensorsDtype(dtype)) throw new ModelInputError(`${field}.dtype`, dtype, 'must be a safetensors dtype');
    if (!Array.isArray(entry.shape) || !entry.shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
      throw new ModelInputError(`${field}.shape`, entry.shape, 'must be an array of non-negative integers');
    }
    const count = entry.shape.reduce((a, b) => a * b, 1);
    return { entry, dtype, byteLength: count * SAFETENSORS_DTYPE_BYTES[dtype] };
  });
}

function headerBytes(planned: readonly Planned[], metadata?: Readonly<Record<string, string>>): Uint8Array {
  // No prototype: a tensor may be named __proto__ (any string is a valid name), and it must be a key.
  const json: Record<string, unknown> = Object.create(null);
  if (metadata !== undefined) json.__metadata__ = { ...metadata };
  let offset = 0;
  for (const p of planned) {
    json[p.entry.name] = { dtype: p.dtype, shape: [...p.entry.shape], data_offsets: [offset, offset + p.byteLength] };
    offset += p.byteLength;
  }
  const text = JSON.stringify(json);
  const padded = text + ' '.repeat((8 - ((HEADER_LENGTH_BYTES + Buffer.byteLength(text)) % 8)) % 8);
  return new TextEncoder().encode(padded);
}

/** The stored bytes of one tensor, checked against its planned size. */
function storedBytes(p: Planned, data: SafetensorsData, path: string): Uint8Array {
  const field = `tensor "${p.entry.name}"`;
  let bytes: Uint8Array;
  if (data instanceof Float32Array) {
    if (!isFloatDtype(p.dtype))
      throw new ModelInputError(`${field} data`, 'Float32Array', `cannot be stored as ${p.dtype}; give its bytes`, path);
    bytes = encodeFloat32(data, p.dtype);
  } else if (data instanceof Uint8Array) {
    bytes = data;
  } else {
    throw new ModelInputError(`${field} data`, data, 'must be a Float32Array or a Uint8Array', path);
  }
  if (bytes.byteLength !== p.byteLength) {
    throw new ModelInputError(
      `${field} data`,
      `${bytes.byteLength} bytes`,
      `must be ${p.byteLength} bytes (${p.dtype} × [${p.entry.shape.join(', ')}])`,
      path,
    );
  }
  return bytes;
}

async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.byteLength) {
    const { bytesWritten } = await handle.write(bytes, done, Math.min(bytes.byteLength - done, 1 << 30), position + done);
    done += bytesWritten;
  }
}

/**
 * Writes `entries` as one safetensors file at `path`, atomically (temporary file, fsync, rename).
 *
 * @example
 * await writeSafetensors('out/model.safetensors', [
 *   { name: 'wte.weight', shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) },
 *   { name: 'ln_f.weight', shape: [3], dtype: 'BF16', data: Float32Array.of(1, 1, 1) },
 * ], { metadata: { format: 'pt' } });
 */
export async function writeSafetensors(
  path: string,
  entries: readonly SafetensorsWriteEntry[],
  options: WriteSafetensorsOptions = {},
): Promise<void> {
  if (!Array.isArray(entries)) throw new ModelInputError('entries', entries, 'must be an array of tensors', path);
  const planned = plan(entries);
  const header = headerBytes(planned, options.metadata);
  await writeThroughTemporary(path, async (handle) => {
    const prefix = new Uint8Array(HEADER_LENGTH_BYTES);
    new DataView(prefix.buffer).setBigUint64(0, BigInt(header.byteLength), true);
    await writeAll(handle, prefix, 0);
    await writeAll(handle, header, HEADER_LENGTH_BYTES);
    let position = HEADER_LENGTH_BYTES + header.byteLength;
    for (const p of planned) {
      const produce = p.entry.data;
      const data = typeof produce === 'function' ? await produce() : produce;
      await writeAll(handle, storedBytes(p, data, path), position);
      position += p.byteLength;
    }
  });
}
