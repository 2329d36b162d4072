// The pre-trained model is cached on disk, keyed by a hash of everything that determines it:
// corpus, tokenizer, model size and pre-training config. A change to any of them is a new key.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WeightMap } from 'pama-tfjs';
import { decodeWeights, encodeWeights, type EncodedWeight } from './weight-codec.js';
import { writeJsonAtomic } from '../io/atomic-write.js';

const CACHE_FORMAT = 'pama-pretrain-cache-v1';

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
  return createHash('sha256').update(JSON.stringify({ format: CACHE_FORMAT, ...parts })).digest('hex').slice(0, 24);
}

export function pretrainCachePath(cacheDir: string, key: string): string {
  return join(cacheDir, `pretrained-${key}.json`);
}

/** The cached pre-training result, or null when absent or unreadable (it is then recomputed). */
export function readPretrainCache(path: string): CachedPretrain | null {
  if (!existsSync(path)) return null;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { format: string; weights: Record<string, EncodedWeight>; finalLoss: number | null; losses: number[] };
    if (parsed.format !== CACHE_FORMAT) return null;
    return { weights: decodeWeights(parsed.weights), finalLoss: parsed.finalLoss, losses: parsed.losses };
  } catch {
    return null;
  }
}

export function writePretrainCache(path: string, value: CachedPretrain): void {
  writeJsonAtomic(path, { format: CACHE_FORMAT, finalLoss: value.finalLoss, losses: value.losses, weights: encodeWeights(value.weights) });
}
