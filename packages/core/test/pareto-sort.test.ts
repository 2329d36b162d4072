import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_POINT_VALUES, nonDominatedSort, type PamaResult } from '../src/index.js';
import { fickle } from './fickle.js';
import { referenceFronts } from './pareto-reference.js';
import { unwrap } from './unwrap.js';

const expectLeft = (result: PamaResult<unknown>, code: string, field: string): void => {
  expect(result._tag).toBe('Left');
  if (result._tag === 'Left') {
    expect(result.left.code).toBe(code);
    expect(result.left.field).toBe(field);
  }
};

/** d in [1, maxD], up to maxM points with coordinates from few values: many ties and duplicates. */
const tiedPoints = (maxD: number, maxM: number, values: number) =>
  fc
    .integer({ min: 1, max: maxD })
    .chain((d) => fc.array(fc.array(fc.integer({ min: 0, max: values - 1 }), { minLength: d, maxLength: d }), { maxLength: maxM }));

describe('nonDominatedSort', () => {
  it('for point sets with ties and duplicates (d = 1..5, up to 40 points, 4 values per objective): equals the fronts by definition', () => {
    fc.assert(
      fc.property(tiedPoints(5, 40, 4), (points) => {
        expect(unwrap(nonDominatedSort(points))).toEqual(referenceFronts(points));
      }),
      { numRuns: 300 },
    );
  });

  it('for real-valued point sets (d = 2..6, up to 60 points, some repeated): equals the fronts by definition', () => {
    const sets = fc
      .integer({ min: 2, max: 6 })
      .chain((d) =>
        fc
          .array(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: d, maxLength: d }), { minLength: 1, maxLength: 60 })
          .chain((points) =>
            fc.array(fc.nat(points.length - 1), { maxLength: 10 }).map((repeats) => [...points, ...repeats.map((i) => points[i])]),
          ),
      );
    fc.assert(
      fc.property(sets, (points) => {
        expect(unwrap(nonDominatedSort(points))).toEqual(referenceFronts(points));
      }),
      { numRuns: 150 },
    );
  });

  it('for 1500 2-D points with many ties (the O(m log m) path at a size where fronts are long): equals the fronts by definition', () => {
    let s = 7;
    const next = () => {
      s = (s * 48271) % 2147483647;
      return s % 40;
    };
    const points = Array.from({ length: 1500 }, () => [next(), next()]);
    expect(unwrap(nonDominatedSort(points))).toEqual(referenceFronts(points));
  });

  it('for inputs whose getters answer differently on later reads: the fronts are those of the values first read, or a Left', () => {
    const later = fc.constantFrom(Number.NaN, 1e6, -1e6, -Infinity);
    fc.assert(
      fc.property(tiedPoints(4, 12, 4), later, (points, changed) => {
        const result = nonDominatedSort(points.map((p) => fickle(p, changed)));
        if (result._tag === 'Right') expect(result.right).toEqual(referenceFronts(points));
      }),
      { numRuns: 200 },
    );
  });

  it('more values than MAX_POINT_VALUES → Left too-large before allocating them; an empty set → no fronts', () => {
    const points: number[][] = new Array(MAX_POINT_VALUES / 4 + 1);
    points[0] = [1, 2, 3, 4];
    expectLeft(nonDominatedSort(points), 'too-large', 'points');
    expect(unwrap(nonDominatedSort([]))).toEqual([]);
  });
});
