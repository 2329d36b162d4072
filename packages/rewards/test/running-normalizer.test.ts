import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { NormalizerInputError, RewardConfigError, RunningNormalizer } from '../src/index.js';

const matrix = (rows: number[][], n: number) => ndarray(new Float64Array(rows.flat()), [rows.length, n]);

/** The Right of an Either, failing the test with the Left's message otherwise. */
function right<A>(result: E.Either<NormalizerInputError, A>): A {
  if (E.isLeft(result)) throw new Error(`expected Right, got Left: ${result.left.message}`);
  return result.right;
}

function leftField<A>(result: E.Either<NormalizerInputError, A>): string | undefined {
  expect(E.isLeft(result)).toBe(true);
  return E.isLeft(result) ? result.left.field : undefined;
}

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
        for (const batch of batches)
          right(
            normalizer.update(
              matrix(
                batch.map((b) => b.row),
                2,
              ),
              batch.map((b) => b.keep),
            ),
          );
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
    const normalizer = right(new RunningNormalizer(2, 0).update(matrix(rows, 2), mask));
    const z = right(normalizer.normalize(matrix(rows, 2), mask));
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
    const normalizer = right(new RunningNormalizer(2).update(matrix(rows, 2), mask));
    expect([normalizer.count(0), normalizer.count(1), normalizer.mean(0), normalizer.mean(1)]).toEqual([2, 1, 2, 10]);
  });

  it('round-trips its state through JSON, continuing identically', () => {
    const a = right(
      new RunningNormalizer(2).update(
        matrix(
          [
            [1, 2],
            [3, 5],
          ],
          2,
        ),
      ),
    );
    const b = right(RunningNormalizer.fromJSON(JSON.parse(JSON.stringify(a))));
    right(a.update(matrix([[7, -1]], 2)));
    right(b.update(matrix([[7, -1]], 2)));
    expect(b.toJSON()).toEqual(a.toJSON());
  });

  it('rejects bad state, shapes and values with a Left naming the field, and never throws for data', () => {
    const bad = RunningNormalizer.fromJSON({ version: 1, epsilon: 1e-8, count: [1], mean: [Number.NaN], m2: [0] });
    expect(leftField(bad)).toBe('state.mean[0]');
    const lengths = RunningNormalizer.fromJSON({ version: 1, epsilon: 0, count: [1, 1], mean: [0], m2: [0, 0] });
    expect(E.isLeft(lengths)).toBe(true);
    const version = RunningNormalizer.fromJSON({ version: 2 });
    expect(leftField(version)).toBe('state.version');
    const normalizer = new RunningNormalizer(2);
    const wrongShape = normalizer.update(matrix([[1, 2, 3]], 3));
    expect(leftField(wrongShape)).toBe('rewards.shape');
    if (E.isLeft(wrongShape)) expect(wrongShape.left).toBeInstanceOf(NormalizerInputError);
    expect(leftField(normalizer.update(matrix([[1, Number.NaN]], 2)))).toBe('rewards[0][1]');
    expect(leftField(normalizer.update(matrix([[1, 2]], 2), [1, 0]))).toBe('mask.length');
    expect(leftField(normalizer.normalize({ data: [1, 2], shape: [2, 2] }))).toBe('rewards.data');
    expect(leftField(normalizer.update({ data: [1, 2], shape: [1, 2], stride: [2, 1], offset: -1 }))).toBe('rewards.offset');
    expect(leftField(normalizer.update(null as never))).toBe('rewards');
    expect(leftField(normalizer.update(matrix([[1, 2]], 2), 7 as never))).toBe('mask');
    expect(leftField(new RunningNormalizer(1, 0).normalize({ data: [3], shape: [1, 1] }))).toBe('epsilon');
    expect(() => new RunningNormalizer(0)).toThrow(/objectives/);
    expect(() => new RunningNormalizer(0)).toThrow(RewardConfigError);
    expect(() => normalizer.mean(2)).toThrow(RewardConfigError);
  });

  it('changes nothing when a batch is refused (a bad entry in a later column does not half-apply it)', () => {
    const normalizer = right(new RunningNormalizer(2).update(matrix([[1, 10]], 2)));
    const before = normalizer.toJSON();
    expect(
      leftField(
        normalizer.update(
          matrix(
            [
              [5, 20],
              [7, Number.POSITIVE_INFINITY],
            ],
            2,
          ),
        ),
      ),
    ).toBe('rewards[1][1]');
    expect(normalizer.toJSON()).toEqual(before);
  });

  it('reads any B×N view structurally: plain row-major { data, shape }, strided and offset views give the ndarray results', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: -1e3, max: 1e3, noNaN: true })), {
          minLength: 1,
          maxLength: 10,
        }),
        (rows) => {
          const reference = right(new RunningNormalizer(2).update(matrix(rows, 2)));
          const plain = right(new RunningNormalizer(2).update({ data: rows.flat(), shape: [rows.length, 2] }));
          // The same matrix stored transposed (N×B, column-major for the B×N view) after 3 padding values.
          const transposed = [0, 0, 0, ...rows.map((r) => r[0]), ...rows.map((r) => r[1])];
          const strided = right(
            new RunningNormalizer(2).update({
              data: new Float64Array(transposed),
              shape: [rows.length, 2],
              stride: [1, rows.length],
              offset: 3,
            }),
          );
          expect(plain.toJSON()).toEqual(reference.toJSON());
          expect(strided.toJSON()).toEqual(reference.toJSON());
          const z = right(
            reference.normalize({ data: new Float64Array(transposed), shape: [rows.length, 2], stride: [1, rows.length], offset: 3 }),
          );
          expect([...z.data]).toEqual([...right(reference.normalize(matrix(rows, 2))).data]);
        },
      ),
      { numRuns: 50 },
    );
  });
});
