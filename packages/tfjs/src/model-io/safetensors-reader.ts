// Reads a safetensors file tensor by tensor with positioned reads on one file handle: the header is
// parsed once, and each tensor's bytes are read only when asked for, so a checkpoint larger than
// the 2 GiB that fs.readFile accepts (or than memory) loads one tensor at a time.
import { type FileHandle, open } from 'node:fs/promises';
import { ModelInputError } from '../models/model-errors.js';
import { decodeFloat32, type FloatDtype, isFloatDtype } from './safetensors-dtype.js';
import { HEADER_LENGTH_BYTES, headerLength, parseSafetensorsHeader, type SafetensorsTensorInfo } from './safetensors-header.js';

/** Reads `length` bytes at `position` into a fresh buffer, looping over short reads. */
async function readExactly(handle: FileHandle, position: number, length: number, path: string, what: string): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    // One read call is capped well below the 2 GiB a single read() may transfer.
    const chunk = Math.min(length - done, 1 << 30);
    const { bytesRead } = await handle.read(out, done, chunk, position + done);
    if (bytesRead === 0) throw new ModelInputError(what, `${done} of ${length} bytes`, 'ended early: the file is truncated', path);
    done += bytesRead;
  }
  return out;
}

/** An open safetensors file: its header, and its tensors read on demand. */
export interface SafetensorsFile {
  readonly path: string;
  /** Every tensor's dtype, shape and place, in file order. */
  readonly tensors: ReadonlyMap<string, SafetensorsTensorInfo>;
  readonly metadata: Readonly<Record<string, string>>;
  /** A tensor's stored bytes (little-endian, as in the file). */
  readBytes(name: string): Promise<Uint8Array>;
  /** A float tensor (F32, F16 or BF16) as float32 values; any other dtype is refused, naming the tensor. */
  readFloat32(name: string): Promise<Float32Array>;
  /** Closes the file handle. */
  close(): Promise<void>;
}

/**
 * Opens a safetensors file and parses its header; tensors are read when asked for. Errors name the file.
 *
 * @example
 * const file = await openSafetensors('models/gpt2/model.safetensors');
 * try {
 *   const { shape } = file.tensors.get('wte.weight')!; // [vocabulary, width]: [50257, 768] for GPT-2
 *   const wte = await file.readFloat32('wte.weight');
 *   wte.length === shape[0] * shape[1]; // true
 * } finally {
 *   await file.close();
 * }
 */
export async function openSafetensors(path: string): Promise<SafetensorsFile> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new ModelInputError(
      'file',
      (e as NodeJS.ErrnoException).code ?? (e as Error).message,
      'is not a readable safetensors file',
      path,
    );
  }
  try {
    const { size } = await handle.stat();
    const prefix = await readExactly(handle, 0, Math.min(HEADER_LENGTH_BYTES, size), path, 'header length');
    const length = headerLength(prefix, size, path);
    const json = await readExactly(handle, HEADER_LENGTH_BYTES, length, path, 'header');
    const header = parseSafetensorsHeader(json, size, path);
    let closed = false;
    const info = (name: string): SafetensorsTensorInfo => {
      if (closed) throw new ModelInputError(`tensor "${name}"`, 'closed', 'cannot be read after close()', path);
      const entry = header.tensors.get(name);
      if (entry === undefined) throw new ModelInputError(`tensor "${name}"`, undefined, 'is not in this file', path);
      return entry;
    };
    const readBytes = (name: string): Promise<Uint8Array> => {
      const entry = info(name);
      return readExactly(handle, entry.fileOffset, entry.byteLength, path, `tensor "${name}"`);
    };
    return {
      path,
      tensors: header.tensors,
      metadata: header.metadata,
      readBytes,
      async readFloat32(name: string): Promise<Float32Array> {
        const entry = info(name);
        if (!isFloatDtype(entry.dtype)) {
          throw new ModelInputError(`tensor "${name}" dtype`, entry.dtype, 'must be F32, F16 or BF16 to load as weights', path);
        }
        return decodeFloat32(await readBytes(name), entry.dtype as FloatDtype);
      },
      async close() {
        if (closed) return;
        closed = true;
        await handle.close();
      },
    };
  } catch (e) {
    await handle.close();
    throw e;
  }
}
