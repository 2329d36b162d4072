import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_ALIGN_CONFIG, METHODS, type AlignConfig } from '../src/config/align-config.js';
import { parseShard, runMatrix, shardRuns } from '../src/runner/run-matrix.js';
import { runnerOptionsFromFlags } from '../src/runner/runner-options.js';
import { availableParallelism } from 'node:os';

const configArb = fc.record({
  methods: fc.uniqueArray(fc.constantFrom(...METHODS), { minLength: 1, maxLength: 3 }),
  seeds: fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }),
});

describe('run matrix and --shard K/N', () => {
  it('lists every method × seed once, methods outer, in config order', () => {
    const config: AlignConfig = { ...DEFAULT_ALIGN_CONFIG, methods: ['morlhf', 'pama'], seeds: [3, 1] };
    expect(runMatrix(config).map((r) => r.label)).toEqual(['morlhf-seed3', 'morlhf-seed1', 'pama-sample-seed3', 'pama-sample-seed1']);
  });

  it('the N shards are disjoint, cover the matrix, keep matrix order and differ in size by at most one (property)', () => {
    fc.assert(
      fc.property(configArb, fc.integer({ min: 1, max: 40 }), ({ methods, seeds }, count) => {
        const matrix = runMatrix({ ...DEFAULT_ALIGN_CONFIG, methods, seeds });
        const shards = Array.from({ length: count }, (_, k) => shardRuns(matrix, { index: k + 1, count }));
        const labels = shards.flat().map((r) => r.label);
        expect(new Set(labels).size).toBe(labels.length);
        expect([...labels].sort()).toEqual(matrix.map((r) => r.label).sort());
        for (const s of shards) expect(s.map((r) => matrix.indexOf(r))).toEqual(s.map((r) => matrix.indexOf(r)).sort((a, b) => a - b));
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        // Deterministic: the same config and shard give the same slice.
        expect(shardRuns(runMatrix({ ...DEFAULT_ALIGN_CONFIG, methods, seeds }), { index: 1, count })).toEqual(shards[0]);
      }),
      { numRuns: 200 },
    );
  });

  it('parses K/N and refuses anything else, naming the flag and the value', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    expect(() => parseShard('0/3')).toThrow(/--shard: K must be between 1 and N = 3 \(shards count from 1\) \(got "0\/3"\)/);
    expect(() => parseShard('4/3')).toThrow(/--shard: K must be between 1 and N = 3 .*\(got "4\/3"\)/);
    expect(() => parseShard('1/0')).toThrow(/--shard: N must be between 1 .*\(got "1\/0"\)/);
    expect(() => parseShard('env')).toThrow(/--shard: K\/N .*\(got "env"\)/);
    expect(() => parseShard('1.5/3')).toThrow(/--shard: .*\(got "1.5\/3"\)/);
  });
});

describe('--jobs', () => {
  it('defaults to the available cores and accepts a whole number from 1', () => {
    expect(runnerOptionsFromFlags({}).jobs).toBe(availableParallelism());
    expect(runnerOptionsFromFlags({ jobs: '1' }).jobs).toBe(1);
    expect(runnerOptionsFromFlags({ jobs: '3' }).jobs).toBe(3);
  });

  it('refuses 0, fractions and words, naming the flag and the value', () => {
    for (const bad of ['0', '1.5', 'all', '-2', ''])
      expect(() => runnerOptionsFromFlags({ jobs: bad })).toThrow(
        new RegExp(`--jobs: a whole number from 1 to \\d+ \\(got ${JSON.stringify(bad).replace('.', '\\.')}\\)`),
      );
  });
});
