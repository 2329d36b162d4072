import { describe, expect, it } from 'vitest';
import { DEFAULT_ALIGN_CONFIG, type AlignConfig } from '../src/config/align-config.js';
import { mergeShardMetrics, type ShardOutput } from '../src/runner/merge-metrics.js';
import { runMatrix, shardRuns } from '../src/runner/run-matrix.js';
import type { Metrics } from 'pama-experiment';
import { metricsFixture } from './metrics-fixture.js';

const config: AlignConfig = { ...DEFAULT_ALIGN_CONFIG, granularity: 'token', seeds: [1, 2, 3], outDir: 'runs/whole' };
const whole: Metrics = {
  ...metricsFixture({ seeds: [1, 2, 3], steps: 3 }),
  config,
  pretrain: { steps: 150, finalLoss: 4.2, cached: false, seconds: 5 },
};

/** Splits the whole run into shard outputs the way `pama align --shard K/N` would write them. */
function shardsOf(metrics: Metrics, count: number, edit: (k: number, c: AlignConfig) => AlignConfig = (_, c) => c): ShardOutput[] {
  const matrix = runMatrix(config);
  return Array.from({ length: count }, (_, i) => {
    const shard = { index: i + 1, count };
    const runs = shardRuns(matrix, shard);
    return {
      dir: `shard${i + 1}`,
      shard: { format: 'pama-shard-v1', ...shard, runs: runs.map((r) => r.label), backend: 'cpu', pretrainKey: 'k1' },
      metrics: {
        ...metrics,
        config: edit(i + 1, { ...config, outDir: `runs/s${i + 1}`, cacheDir: `/cache/${i + 1}` }),
        runs: runs.map((r) => metrics.runs[matrix.indexOf(r)]),
        seconds: 10 + i,
      },
    } as ShardOutput;
  });
}

describe('pama merge (metrics of shards)', () => {
  it('three shards merge into the runs of the whole matrix in its order, with the given out dir', () => {
    const merged = mergeShardMetrics(shardsOf(whole, 3).reverse(), 'runs/merged');
    expect(merged.runs).toEqual(whole.runs);
    expect(merged.config).toEqual({ ...config, outDir: 'runs/merged', cacheDir: '/cache/3' });
    expect(merged.objectives).toEqual(whole.objectives);
    expect(merged.backend).toBe('cpu');
    expect(merged.pretrain?.finalLoss).toBe(4.2);
    expect(merged.seconds).toBe(12);
  });

  it('more shards than runs: empty shards merge too', () => {
    expect(mergeShardMetrics(shardsOf(whole, 12), 'out').runs).toEqual(whole.runs);
  });

  it('refuses shards of different configs, naming the key and both values', () => {
    const shards = shardsOf(whole, 3, (k, c) => (k === 2 ? { ...c, steps: 7 } : c));
    expect(() => mergeShardMetrics(shards, 'out')).toThrow('cannot merge: steps is 7 in shard2 but 30 in shard1');
    const nested = shardsOf(whole, 2, (k, c) => (k === 2 ? { ...c, ppo: { ...c.ppo, klCoef: 0.1 } } : c));
    expect(() => mergeShardMetrics(nested, 'out')).toThrow('cannot merge: ppo.klCoef is 0.1 in shard2 but 0.05 in shard1');
  });

  it('refuses a different backend or pre-trained model', () => {
    const shards = shardsOf(whole, 2);
    const otherBackend = [shards[0], { ...shards[1], metrics: { ...shards[1].metrics, backend: 'wasm' } }];
    expect(() => mergeShardMetrics(otherBackend, 'out')).toThrow('cannot merge: backend is "wasm" in shard2 but "cpu" in shard1');
    const otherModel = [shards[0], { ...shards[1], shard: { ...shards[1].shard, pretrainKey: 'k2' } }];
    expect(() => mergeShardMetrics(otherModel, 'out')).toThrow(/pre-trained model \(cache key\) is "k2" in shard2 but "k1" in shard1/);
  });

  it('refuses a missing shard, a shard given twice, and a different shard count', () => {
    const shards = shardsOf(whole, 3);
    expect(() => mergeShardMetrics([shards[0], shards[2]], 'out')).toThrow('cannot merge: shard 2/3 missing (got 2 of 3)');
    expect(() => mergeShardMetrics([shards[0], shards[1], { ...shards[1], dir: 'copy' }], 'out')).toThrow(
      'cannot merge: shard 2/3 is given twice (shard2 and copy)',
    );
    expect(() => mergeShardMetrics([shards[0], shardsOf(whole, 2)[1]], 'out')).toThrow(
      'cannot merge: the shard count is 2 in shard2 but 3 in shard1',
    );
  });

  it('refuses a shard whose runs are not its slice of the matrix', () => {
    const shards = shardsOf(whole, 3);
    const short = { ...shards[0], metrics: { ...shards[0].metrics, runs: shards[0].metrics.runs.slice(1) } };
    expect(() => mergeShardMetrics([short, shards[1], shards[2]], 'out')).toThrow(
      /shard1 holds runs .* \(2 results\) but shard 1\/3 of this config is/,
    );
  });
});
