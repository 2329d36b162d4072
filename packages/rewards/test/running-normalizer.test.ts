import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { NormalizerInputError, RunningNormalizer } from '../src/index.js';

const matrix = (rows: number[][], n: number) => ndarray(new Float64Array(rows.flat()), [rows.length, n]);

function twoPass(values: number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, variance: values.reduce((a, x) => a + (x - mean) ** 2, 0) / values.length };
}

const rowArb = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 2 });
const batchArb = fc.array(fc.record({ row: rowArb, keep: fc.boolean() }), { maxLength: 12 });

describe('RunningNormalizer', () => {
  it('for any sequence of masked batches, the running mean and variance equal the two-pass statistics of the kept rows', () => {
    fc.assert(
      fc.property(fc.array(batchArb, { maxLength: 6 }), (batches) => {
        const normalizer = new RunningNormalizer(2);
        for (const batch of batches) normalizer.update(matrix(batch.map((b) => b.row), 2), batch.map((b) => b.keep));
        const kept = batches.flat().filter((b) => b.keep);
        for (const j of [0, 1]) {
          expect(normalizer.count(j)).toBe(kept.length);
          if (kept.length === 0) continue;
          const { mean, variance } = twoPass(kept.map((b) => b.row[j]));
          expect(normalizer.mean(j)).toBeCloseTo(mean, 6);
          expect(normalizer.variance(j)).toBeCloseTo(variance, 3);
        }
      }),
    );
  });

  it('normalises to zero mean and unit variance per objective, masked entries to 0', () => {
    const rows = [
      [1, 100],
      [2, 200],
      [3, 300],
      [1000, -5],
    ];
    const mask = [1, 1, 1, 0];
    const normalizer = new RunningNormalizer(2, 0).update(matrix(rows, 2), mask);
    const z = normalizer.normalize(matrix(rows, 2), mask);
    for (const j of [0, 1]) {
      const col = [0, 1, 2].map((i) => z.get(i, j));
      const { mean, variance } = twoPass(col);
      expect(mean).toBeCloseTo(0, 12);
      expect(variance).toBeCloseTo(1, 12);
      expect(z.get(3, j)).toBe(0);
    }
  });

  it('accepts a per-entry B×N mask', () => {
    const rows = [
      [1, 10],
      [3, 99],
    ];
    const mask = ndarray(new Uint8Array([1, 1, 1, 0]), [2, 2]);
    const normalizer = new RunningNormalizer(2).update(matrix(rows, 2), mask);
    expect([normalizer.count(0), normalizer.count(1), normalizer.mean(0), normalizer.mean(1)]).toEqual([2, 1, 2, 10]);
  });

  it('round-trips its state through JSON, continuing identically', () => {
    const a = new RunningNormalizer(2).update(matrix([[1, 2], [3, 5]], 2));
    const restored = RunningNormalizer.fromJSON(JSON.parse(JSON.stringify(a)));
    expect(E.isRight(restored)).toBe(true);
    if (E.isLeft(restored)) return;
    const b = restored.right;
    a.update(matrix([[7, -1]], 2));
    b.update(matrix([[7, -1]], 2));
    expect(b.toJSON()).toEqual(a.toJSON());
  });

  it('rejects bad state, shapes and values, naming the field', () => {
    const bad = RunningNormalizer.fromJSON({ version: 1, epsilon: 1e-8, count: [1], mean: [Number.NaN], m2: [0] });
    expect(E.isLeft(bad) && bad.left.field).toBe('state.mean[0]');
    const lengths = RunningNormalizer.fromJSON({ version: 1, epsilon: 0, count: [1, 1], mean: [0], m2: [0, 0] });
    expect(E.isLeft(lengths)).toBe(true);
    const version = RunningNormalizer.fromJSON({ version: 2 });
    expect(E.isLeft(version) && version.left.field).toBe('state.version');
    const normalizer = new RunningNormalizer(2);
    expect(() => normalizer.update(matrix([[1, 2, 3]], 3))).toThrow(NormalizerInputError);
    expect(() => normalizer.update(matrix([[1, Number.NaN]], 2))).toThrow(/rewards\[0\]\[1\]/);
    expect(() => normalizer.update(matrix([[1, 2]], 2), [1, 0])).toThrow(/mask.length/);
    expect(() => new RunningNormalizer(0)).toThrow(/objectives/);
  });
});
