// The pre-trained model is cached on disk, keyed by a hash of everything that determines it:
// corpus, tokenizer, model size and pre-training config. A change to any of them is a new key.
// Each entry records its key and a SHA-256 of its contents; an entry that does not verify is
// reported on stderr and recomputed, never used. Writing an entry takes a per-key lock, so two
// processes sharing the cache never write the same entry at once (the second skips: same key,
// same model).
import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { WeightMap } from 'pama-tfjs';
import { decodeWeights, encodeWeights, type EncodedWeight } from './weight-codec.js';
import { readSealedJson, writeSealedJson } from '../io/sealed-json.js';
import { tryLock } from '../io/dir-lock.js';
import { removeStaleTempFiles } from '../io/temp-files.js';
import { ensureDir } from '../io/make-dir.js';
import { ExperimentError } from '../experiment-error.js';

const CACHE_FORMAT = 'pama-pretrain-cache-v2';

export interface PretrainKeyParts {
  readonly corpusHash: string;
  readonly tokenizer: unknown;
  readonly modelConfig: unknown;
  readonly pretrainConfig: unknown;
  /** Anything else that changes the result (e.g. the backend). */
  readonly extra?: unknown;
}

export interface CachedPretrain {
  readonly weights: WeightMap;
  readonly finalLoss: number | null;
  readonly losses: readonly number[];
}

export function pretrainCacheKey(parts: PretrainKeyParts): string {
  return createHash('sha256')
    .update(JSON.stringify({ format: CACHE_FORMAT, ...parts }))
    .digest('hex')
    .slice(0, 24);
}

export function pretrainCachePath(cacheDir: string, key: string): string {
  return join(cacheDir, `pretrained-${key}.json`);
}

function keyOf(path: string): string | null {
  return /^pretrained-(.+)\.json$/.exec(basename(path))?.[1] ?? null;
}

/** Where a warning about a cache entry goes (stderr; tests may capture it). */
export type CacheWarning = (line: string) => void;
const toStderr: CacheWarning = (line) => process.stderr.write(`pama: ${line}\n`);

/**
 * The cached pre-training result, or null when absent or when it does not verify (then a warning
 * names the file and why, and the caller recomputes and rewrites it).
 */
export function readPretrainCache(path: string, warn: CacheWarning = toStderr): CachedPretrain | null {
  try {
    const entry = readSealedJson(path, 'it is recomputed') as {
      format?: unknown;
      key?: unknown;
      weights?: Record<string, EncodedWeight>;
      finalLoss?: unknown;
      losses?: unknown;
    } | null;
    if (entry === null) return null;
    if (entry.format !== CACHE_FORMAT)
      throw new ExperimentError(`${path}: written in format ${String(entry.format)}, not ${CACHE_FORMAT}; it is recomputed`);
    if (entry.key !== keyOf(path))
      throw new ExperimentError(`${path}: holds the entry for key ${String(entry.key)}, not for its file name; it is recomputed`);
    const finalLoss = entry.finalLoss;
    if (finalLoss !== null && (typeof finalLoss !== 'number' || !Number.isFinite(finalLoss)))
      throw new ExperimentError(`${path}: finalLoss is not a number; it is recomputed`);
    if (!Array.isArray(entry.losses) || !entry.losses.every((l) => typeof l === 'number'))
      throw new ExperimentError(`${path}: losses is not an array of numbers; it is recomputed`);
    if (entry.weights === null || typeof entry.weights !== 'object')
      throw new ExperimentError(`${path}: weights missing; it is recomputed`);
    return { weights: decodeWeights(entry.weights), finalLoss, losses: entry.losses };
  } catch (e) {
    warn(
      `ignoring pre-training cache entry ${e instanceof ExperimentError ? e.message : `${path}: ${(e as Error).message}; it is recomputed`}`,
    );
    return null;
  }
}

/**
 * Writes the entry under a per-key lock. Returns false (writing nothing) when another live process
 * holds that lock: it is writing the same entry.
 */
export function writePretrainCache(path: string, value: CachedPretrain): boolean {
  const dir = ensureDir(dirname(path), 'cache dir');
  const lock = tryLock(`${path}.lock`, 'pama align (writing the pre-training cache)');
  if (!('release' in lock)) return false;
  try {
    // Holding the key's lock, leftovers of an interrupted write of this entry are safe to remove.
    removeStaleTempFiles(dir, 0, basename(path));
    writeSealedJson(path, {
      format: CACHE_FORMAT,
      key: keyOf(path),
      finalLoss: value.finalLoss,
      losses: value.losses,
      weights: encodeWeights(value.weights),
    });
    return true;
  } finally {
    lock.release();
  }
}
