// A model's weights as Hugging Face stores them in a directory: one `model.safetensors`, or shards
// `model-0000k-of-0000n.safetensors` listed by `model.safetensors.index.json`
// ({"metadata": {"total_size": …}, "weight_map": {tensor name: shard file}}). Opened as one set of
// tensors; written either way.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ModelInputError } from '../models/model-errors.js';
import { writeFileAtomic } from './atomic-file.js';
import { SAFETENSORS_DTYPE_BYTES } from './safetensors-dtype.js';
import type { SafetensorsTensorInfo } from './safetensors-header.js';
import { openSafetensors, type SafetensorsFile } from './safetensors-reader.js';
import { type SafetensorsWriteEntry, writeSafetensors } from './safetensors-writer.js';

/** The single-file checkpoint's name. */
export const SAFETENSORS_FILE = 'model.safetensors';
/** The index of a sharded checkpoint. */
export const SAFETENSORS_INDEX_FILE = 'model.safetensors.index.json';
/** Shard size limit of {@link writeSafetensorsCheckpoint} unless told otherwise (Hugging Face's default, 5 GB). */
export const DEFAULT_MAX_SHARD_BYTES = 5_000_000_000;

/** A tensor of a checkpoint and the file that holds it. */
export interface CheckpointTensorInfo extends SafetensorsTensorInfo {
  readonly path: string;
}

/** The tensors of a (possibly sharded) safetensors checkpoint, read on demand. */
export interface SafetensorsCheckpoint {
  /** The weight files, in the order opened. */
  readonly paths: readonly string[];
  /** The index file of a sharded checkpoint (undefined for a single file). */
  readonly indexPath: string | undefined;
  readonly tensors: ReadonlyMap<string, CheckpointTensorInfo>;
  /** A float tensor as float32 values (F32, F16 and BF16 widen exactly). */
  readFloat32(name: string): Promise<Float32Array>;
  /** A tensor's stored bytes. */
  readBytes(name: string): Promise<Uint8Array>;
  /** Closes every file. */
  close(): Promise<void>;
}

async function readIndex(indexPath: string): Promise<Map<string, string> | undefined> {
  let text: string;
  try {
    text = await readFile(indexPath, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ModelInputError('file', (e as NodeJS.ErrnoException).code ?? String(e), 'is not readable', indexPath);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelInputError('index', text.slice(0, 40), `must be JSON (${(e as Error).message.split('\n')[0]})`, indexPath);
  }
  const weightMap = (json as { weight_map?: unknown } | null)?.weight_map;
  if (weightMap === null || typeof weightMap !== 'object' || Array.isArray(weightMap)) {
    throw new ModelInputError('weight_map', weightMap, 'must be an object mapping tensor names to shard files', indexPath);
  }
  const shards = new Map<string, string>();
  for (const [name, file] of Object.entries(weightMap)) {
    if (typeof file !== 'string' || file === '' || file !== basename(file) || file.startsWith('.')) {
      throw new ModelInputError(`weight_map["${name}"]`, file, 'must be a file name in the model directory', indexPath);
    }
    shards.set(name, file);
  }
  return shards;
}

/**
 * Opens the weights of a Hugging Face model directory: `model.safetensors.index.json` and its shards
 * when present, else `model.safetensors`. Every listed tensor is checked to be in its shard.
 *
 * @example
 * const weights = await openSafetensorsCheckpoint('models/gpt2');
 * try {
 *   weights.tensors.has('wte.weight'); // true
 *   weights.tensors.size; // 30 here (a two-layer model), 148 for GPT-2
 * } finally {
 *   await weights.close();
 * }
 */
export async function openSafetensorsCheckpoint(dir: string): Promise<SafetensorsCheckpoint> {
  const indexPath = join(dir, SAFETENSORS_INDEX_FILE);
  const index = await readIndex(indexPath);
  const files: SafetensorsFile[] = [];
  const tensors = new Map<string, CheckpointTensorInfo>();
  const owner = new Map<string, SafetensorsFile>();
  try {
    if (index === undefined) {
      const file = await openSafetensors(join(dir, SAFETENSORS_FILE)).catch((e: unknown) => {
        if (e instanceof ModelInputError && e.field === 'file' && e.value === 'ENOENT') {
          throw new ModelInputError(
            'weights',
            'missing',
            `found neither ${SAFETENSORS_FILE} nor ${SAFETENSORS_INDEX_FILE} (PyTorch .bin checkpoints must be converted to safetensors)`,
            dir,
          );
        }
        throw e;
      });
      files.push(file);
      for (const [name, info] of file.tensors) {
        tensors.set(name, { ...info, path: file.path });
        owner.set(name, file);
      }
    } else {
      const byShard = new Map<string, SafetensorsFile>();
      for (const shard of new Set(index.values())) {
        const file = await openSafetensors(join(dir, shard));
        files.push(file);
        byShard.set(shard, file);
      }
      for (const [name, shard] of index) {
        const file = byShard.get(shard)!;
        const info = file.tensors.get(name);
        if (info === undefined)
          throw new ModelInputError(`tensor "${name}"`, shard, `is listed in ${SAFETENSORS_INDEX_FILE} but not in its shard`, file.path);
        tensors.set(name, { ...info, path: file.path });
        owner.set(name, file);
      }
    }
  } catch (e) {
    await Promise.all(files.map((f) => f.close()));
    throw e;
  }
  const fileOf = (name: string): SafetensorsFile => {
    const file = owner.get(name);
    if (file === undefined) throw new ModelInputError(`tensor "${name}"`, undefined, 'is not in the checkpoint', dir);
    return file;
  };
  return {
    paths: files.map((f) => f.path),
    indexPath: index === undefined ? undefined : indexPath,
    tensors,
    readFloat32: (name) => fileOf(name).readFloat32(name),
    readBytes: (name) => fileOf(name).readBytes(name),
    close: async () => {
      await Promise.all(files.map((f) => f.close()));
    },
  };
}

/** Options of {@link writeSafetensorsCheckpoint}. */
export interface WriteCheckpointOptions {
  /** Largest shard in bytes; when the tensors need more, shards and an index are written (default 5 GB). */
  readonly maxShardBytes?: number;
  /** Each file's `__metadata__` (Hugging Face writes `{ format: 'pt' }`). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * Writes tensors into directory `dir` as Hugging Face does: `model.safetensors` when they fit in one
 * shard, else `model-0000k-of-0000n.safetensors` plus `model.safetensors.index.json`. Each file is
 * written atomically; write into a temporary directory to make the whole set atomic. Returns the
 * file names written.
 *
 * @example
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const entries = [{ name: 'wte.weight', shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) }];
 * const dir = mkdtempSync(join(tmpdir(), 'pama-'));
 * await writeSafetensorsCheckpoint(dir, entries, { metadata: { format: 'pt' } }); // ['model.safetensors']
 */
export async function writeSafetensorsCheckpoint(
  dir: string,
  entries: readonly SafetensorsWriteEntry[],
  options: WriteCheckpointOptions = {},
): Promise<string[]> {
  const maxShard = options.maxShardBytes ?? DEFAULT_MAX_SHARD_BYTES;
  if (!(Number.isSafeInteger(maxShard) && maxShard > 0)) throw new ModelInputError('maxShardBytes', maxShard, 'must be a positive integer');
  const sizeOf = (e: SafetensorsWriteEntry): number => e.shape.reduce((a, b) => a * b, 1) * SAFETENSORS_DTYPE_BYTES[e.dtype ?? 'F32'];
  const shards: SafetensorsWriteEntry[][] = [[]];
  let used = 0;
  let total = 0;
  for (const entry of entries) {
    const size = sizeOf(entry);
    total += size;
    // As Hugging Face does: a tensor larger than the limit gets a shard of its own.
    if (used > 0 && used + size > maxShard) {
      shards.push([]);
      used = 0;
    }
    shards[shards.length - 1].push(entry);
    used += size;
  }
  if (shards.length === 1) {
    await writeSafetensors(join(dir, SAFETENSORS_FILE), entries, { metadata: options.metadata });
    return [SAFETENSORS_FILE];
  }
  const digits = (n: number): string => String(n).padStart(5, '0');
  const names = shards.map((_, k) => `model-${digits(k + 1)}-of-${digits(shards.length)}.safetensors`);
  const weightMap: Record<string, string> = Object.create(null); // tensor names are any strings, __proto__ too
  for (const [k, shard] of shards.entries()) {
    await writeSafetensors(join(dir, names[k]), shard, { metadata: options.metadata });
    for (const entry of shard) weightMap[entry.name] = names[k];
  }
  const index = { metadata: { total_size: total }, weight_map: weightMap };
  await writeFileAtomic(join(dir, SAFETENSORS_INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`);
  return [...names, SAFETENSORS_INDEX_FILE];
}
