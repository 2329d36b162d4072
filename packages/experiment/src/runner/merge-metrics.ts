// Combines the metrics of finished shards (`pama align --shard K/N`) into the metrics of the whole
// run matrix, after checking that they belong together: one config (the out and cache directories
// aside), one backend, one pre-trained model, and each of the N shards exactly once.
import type { AlignConfig } from '../config/align-config.js';
import type { Metrics, RunMetrics } from '../report/metrics.js';
import { ExperimentError } from '../experiment-error.js';
import { firstDifference, shownValue } from './first-difference.js';
import { runMatrix, shardRuns } from './run-matrix.js';
import type { ShardInfo } from './shard-info.js';

export interface ShardOutput {
  readonly dir: string;
  readonly shard: ShardInfo;
  readonly metrics: Metrics;
}

/** Config keys that say where files go, not what is computed: shards may differ in them. */
const PLACEMENT_KEYS = ['outDir', 'cacheDir'] as const;

function withoutPlacement(config: unknown): Record<string, unknown> {
  const copy = { ...(config as Record<string, unknown>) };
  for (const key of PLACEMENT_KEYS) delete copy[key];
  return copy;
}

/** The first way `other` does not belong with `first`, as an error message, or undefined. */
function mismatch(first: ShardOutput, other: ShardOutput): string | undefined {
  const config = firstDifference(withoutPlacement(first.metrics.config), withoutPlacement(other.metrics.config));
  if (config) return `${config.path} is ${shownValue(config.b)} in ${other.dir} but ${shownValue(config.a)} in ${first.dir}`;
  const facts: Array<[string, unknown, unknown]> = [
    ['the shard count', first.shard.count, other.shard.count],
    ['backend', first.metrics.backend, other.metrics.backend],
    ['the pre-trained model (cache key)', first.shard.pretrainKey, other.shard.pretrainKey],
    ['objectives', first.metrics.objectives, other.metrics.objectives],
  ];
  for (const [what, a, b] of facts) {
    if (JSON.stringify(a) !== JSON.stringify(b)) return `${what} is ${shownValue(b)} in ${other.dir} but ${shownValue(a)} in ${first.dir}`;
  }
  return undefined;
}

/**
 * Merges shard outputs into one Metrics with the runs in matrix order (as a single-machine run
 * lists them). `outDir` becomes config.outDir. Wall-clock fields: `seconds` and `pretrain.seconds`
 * are the longest shard's, `createdAt` is now.
 * @example mergeShardMetrics([], 'runs/merged'); // throws: merge needs at least one shard directory
 */
export function mergeShardMetrics(shards: readonly ShardOutput[], outDir: string): Metrics {
  if (shards.length === 0) throw new ExperimentError('merge needs at least one shard directory');
  const [first] = shards;
  for (const other of shards.slice(1)) {
    const problem = mismatch(first, other);
    if (problem) throw new ExperimentError(`cannot merge: ${problem}`);
  }
  const count = first.shard.count;
  const byIndex = new Map<number, ShardOutput>();
  for (const s of shards) {
    const seen = byIndex.get(s.shard.index);
    if (seen) throw new ExperimentError(`cannot merge: shard ${s.shard.index}/${count} is given twice (${seen.dir} and ${s.dir})`);
    byIndex.set(s.shard.index, s);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length > 0)
    throw new ExperimentError(
      `cannot merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} missing (got ${shards.length} of ${count})`,
    );

  const config = first.metrics.config as AlignConfig;
  const matrix = runMatrix(config);
  const runs: RunMetrics[] = [];
  for (const s of shards) {
    const expected = shardRuns(matrix, s.shard).map((r) => r.label);
    if (JSON.stringify(expected) !== JSON.stringify(s.shard.runs) || s.metrics.runs.length !== expected.length) {
      throw new ExperimentError(
        `cannot merge: ${s.dir} holds runs ${shownValue(s.shard.runs)} (${s.metrics.runs.length} results) but shard ${s.shard.index}/${count} of this config is ${shownValue(expected)}`,
      );
    }
  }
  // Matrix position i is in shard (i mod N) + 1, at position ⌊i / N⌋ of that shard's runs.
  matrix.forEach((_, i) => runs.push(byIndex.get((i % count) + 1)!.metrics.runs[Math.floor(i / count)]));

  const finalLosses = new Set(shards.map((s) => s.metrics.pretrain?.finalLoss ?? null));
  if (finalLosses.size > 1)
    throw new ExperimentError(`cannot merge: the shards' pre-training final losses differ (${[...finalLosses].join(', ')})`);
  const longest = (values: Array<number | undefined>) => Math.max(0, ...values.map((v) => v ?? 0));
  return {
    objectives: first.metrics.objectives,
    backend: first.metrics.backend,
    config: { ...config, outDir },
    runs,
    createdAt: new Date().toISOString(),
    ...(first.metrics.pretrain
      ? {
          pretrain: {
            ...first.metrics.pretrain,
            cached: shards.every((s) => s.metrics.pretrain?.cached === true),
            seconds: longest(shards.map((s) => s.metrics.pretrain?.seconds)),
          },
        }
      : {}),
    seconds: longest(shards.map((s) => s.metrics.seconds)),
  };
}
