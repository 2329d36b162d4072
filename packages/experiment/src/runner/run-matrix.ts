// The run matrix of a config (every method × seed, methods outer, in config order) and its
// deterministic split into N shards for `pama align --shard K/N`.
import type { AlignConfig, Method } from '../config/align-config.js';
import { ExperimentError } from '../experiment-error.js';
import { runDirName } from '../align/run-files.js';

export interface RunSpec {
  readonly method: Method;
  readonly seed: number;
  /** The run's directory name under runs/, e.g. `pama-sample-seed1`. */
  readonly label: string;
  /**
   * `pama sweep`: the run's preference over the objectives, one weight per objective. MORLHF
   * trains on Σ w_i r_i with these weights; PAMA runs preference-steered (pama-core's
   * preferenceCombine). Absent: the config's MORLHF weights and the paper's PAMA.
   */
  readonly preference?: readonly number[];
}

/** One of N slices of the run matrix; `index` counts from 1 (`--shard 1/3` … `--shard 3/3`). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Every method × seed of the config, in the order metrics.json lists them. */
export function runMatrix(config: AlignConfig): RunSpec[] {
  return config.methods.flatMap((method) =>
    config.seeds.map((seed) => ({ method, seed, label: runDirName(method, method === 'pama' ? config.granularity : undefined, seed) })),
  );
}

/**
 * The runs of shard K of N: matrix positions i with i mod N = K − 1. Round-robin rather than
 * contiguous blocks, so each shard gets a mix of methods (MGDA-UB's steps are the slowest).
 * @example shardRuns(runMatrix(DEFAULT_ALIGN_CONFIG), { index: 2, count: 3 }).map((r) => r.label); // ['pama-sample-seed2', 'morlhf-seed2', 'mgda-ub-seed2']
 */
export function shardRuns(runs: readonly RunSpec[], shard: Shard): RunSpec[] {
  return runs.filter((_, i) => i % shard.count === shard.index - 1);
}

const SHARD = /^\s*(\d+)\s*\/\s*(\d+)\s*$/;

/**
 * Parses `--shard K/N` (1 ≤ K ≤ N), e.g. `--shard 2/3`.
 * @example parseShard('2/3') // { index: 2, count: 3 }
 */
export function parseShard(text: string): Shard {
  const m = SHARD.exec(text);
  if (!m) throw new ExperimentError('--shard', text, 'K/N with whole numbers 1 ≤ K ≤ N, e.g. 2/3');
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > 100_000) throw new ExperimentError('--shard', text, 'N must be between 1 and 100000');
  if (index < 1 || index > count) throw new ExperimentError('--shard', text, `K must be between 1 and N = ${count} (shards count from 1)`);
  return { index, count };
}
