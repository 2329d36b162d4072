// shard.json in the out dir of `pama align --shard K/N`: which slice of the run matrix the
// directory holds, on which backend and from which pre-trained model, for `pama merge` to check.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ExperimentError } from '../experiment-error.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import type { Shard } from './run-matrix.js';
import { readBoundedText } from '../io/bounded-read.js';

export const SHARD_FILE = 'shard.json';
const SHARD_FORMAT = 'pama-shard-v1';

export interface ShardInfo {
  readonly format: typeof SHARD_FORMAT;
  readonly index: number;
  readonly count: number;
  /** The run names (directories under runs/) of this shard, in matrix order. */
  readonly runs: readonly string[];
  readonly backend: string;
  /** The pre-training cache key of the model every run started from. */
  readonly pretrainKey: string;
}

/** The shard.json of DIR, or null when DIR is not a shard's out dir. */
export function readShardInfo(dir: string): ShardInfo | null {
  const path = join(dir, SHARD_FILE);
  if (!existsSync(path)) return null;
  let parsed: Partial<ShardInfo>;
  try {
    parsed = JSON.parse(readBoundedText(path, 'shard file')) as Partial<ShardInfo>;
  } catch (error) {
    if (error instanceof ExperimentError) throw error;
    throw new ExperimentError(`${path} is not valid JSON (${(error as Error).message})`);
  }
  if (parsed.format !== SHARD_FORMAT)
    throw new ExperimentError(`${path} has format ${JSON.stringify(parsed.format)}, expected "${SHARD_FORMAT}"`);
  return parsed as ShardInfo;
}

/** Before any work: an out dir that holds a shard is only ever continued as that same shard. */
export function checkShardOfOutDir(outDir: string, shard: Shard | null): void {
  const previous = readShardInfo(outDir);
  if (previous === null) return;
  const held = `${previous.index}/${previous.count}`;
  if (shard === null) throw new ExperimentError(`${outDir} holds shard ${held}; continue it with --shard ${held}`);
  if (previous.index !== shard.index || previous.count !== shard.count) {
    throw new ExperimentError(`--shard is ${shard.index}/${shard.count} but ${outDir} holds shard ${held}; rerun with --shard ${held}`);
  }
}

/**
 * Records the shard of an out dir (after checkShardOfOutDir).
 * @example
 * import { mkdirSync } from 'node:fs';
 * mkdirSync('shard1', { recursive: true });
 * recordShard('shard1', { index: 1, count: 3 }, ['pama-sample-seed1', 'morlhf-seed2'], 'wasm', 'a1b2');
 * readShardInfo('shard1')?.index; // 1
 */
export function recordShard(outDir: string, shard: Shard, runs: readonly string[], backend: string, pretrainKey: string): void {
  const info: ShardInfo = { format: SHARD_FORMAT, index: shard.index, count: shard.count, runs, backend, pretrainKey };
  writeJsonAtomic(join(outDir, SHARD_FILE), info);
}
