// How `pama align` executes its run matrix: how many runs at once (--jobs), which slice of the
// matrix (--shard K/N) and where the pre-trained model comes from (--pretrained DIR).
// These are not part of the config: they do not change any result, so config.json — which
// --resume and `pama merge` compare — stays the same whatever the number of jobs or shards.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ExperimentError } from '../experiment-error.js';
import { parseShard, type Shard } from './run-matrix.js';

export interface RunnerFlags {
  readonly jobs?: string;
  readonly shard?: string;
  readonly pretrained?: string;
}

export interface RunnerOptions {
  /** Runs at once: 1 = in this process, one after another; N ≥ 2 = one child process per run, N at a time. */
  readonly jobs: number;
  readonly shard: Shard | null;
  /** A `pama pretrain --out` directory whose model every run starts from, or null (pre-train or reuse the cache). */
  readonly pretrainedDir: string | null;
}

export const MAX_JOBS = 256;

/**
 * Reads --jobs (default: os.availableParallelism()), --shard and --pretrained.
 * @example runnerOptionsFromFlags({ jobs: '2', shard: '1/3' }) // { jobs: 2, shard: { index: 1, count: 3 }, pretrainedDir: null }
 */
export function runnerOptionsFromFlags(flags: RunnerFlags): RunnerOptions {
  let jobs = availableParallelism();
  if (flags.jobs !== undefined) {
    const text = flags.jobs.trim();
    if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_JOBS) {
      throw new ExperimentError('--jobs', flags.jobs, `a whole number from 1 to ${MAX_JOBS}`);
    }
    jobs = Number(text);
  }
  const shard = flags.shard === undefined ? null : parseShard(flags.shard);
  const pretrainedDir = flags.pretrained === undefined ? null : resolve(flags.pretrained);
  return { jobs, shard, pretrainedDir };
}
