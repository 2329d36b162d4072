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

  it('3-D (the O(m log² m) divide and conquer) with many ties and duplicates (up to 300 points, 2–8 values per objective): equals the fronts by definition', () => {
    const sets = fc.integer({ min: 2, max: 8 }).chain((values) =>
      fc.array(fc.array(fc.integer({ min: 0, max: values - 1 }), { minLength: 3, maxLength: 3 }), {
        minLength: 1,
        maxLength: 300,
        size: 'max',
      }),
    );
    fc.assert(
      fc.property(sets, (points) => {
        expect(unwrap(nonDominatedSort(points))).toEqual(referenceFronts(points));
      }),
      { numRuns: 150 },
    );
  });

  it('3-D with −0 and +0 (equal values) among few reals, and exact duplicates: equals the fronts by definition, and −0/+0 twins share a front', () => {
    const value = fc.constantFrom(-0, 0, 0.5, -1.25, 3, Number.MIN_VALUE, -Number.MAX_VALUE);
    const sets = fc
      .array(fc.array(value, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 80, size: 'max' })
      .chain((points) =>
        fc
          .array(fc.nat(points.length - 1), { maxLength: 20, size: 'max' })
          .map((repeats) => [...points, ...repeats.map((i) => points[i].map((x) => (x === 0 ? -x : x)))]),
      );
    fc.assert(
      fc.property(sets, (points) => {
        const fronts = unwrap(nonDominatedSort(points));
        expect(fronts).toEqual(referenceFronts(points));
        const frontOf = new Map<number, number>();
        fronts.forEach((f, k) => f.forEach((i) => frontOf.set(i, k)));
        points.forEach((p, i) => {
          points.forEach((q, j) => {
            if (p.every((x, k) => x === q[k])) expect(frontOf.get(i)).toBe(frontOf.get(j));
          });
        });
      }),
      { numRuns: 150 },
    );
  });

  it('3-D sets of up to 3000 points (reals, or integers from 0 to 30): the same fronts as the 4-D sort (ENS-BS) of the points with a constant fourth objective', () => {
    const coordinate = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.double({ min: -1, max: 1, noNaN: true }));
    const sets = fc.array(fc.array(coordinate, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 3000, size: 'max' });
    fc.assert(
      fc.property(sets, (points) => {
        const lifted = points.map((p) => [...p, 1]);
        expect(unwrap(nonDominatedSort(points))).toEqual(unwrap(nonDominatedSort(lifted)));
      }),
      { numRuns: 25 },
    );
  });

  it('3-D, 5000 points with radix-sorted orders (≥ 4096 values) and long fronts (points near the plane x + y + z = 1): the same fronts as ENS-BS on the lifted points', () => {
    let s = 11;
    const next = () => {
      s = (s * 48271) % 2147483647;
      return s / 2147483647;
    };
    const points = Array.from({ length: 5000 }, () => {
      const a = next();
      const b = next() * (1 - a);
      const jitter = Math.floor(next() * 4) / 100;
      return [a, b, 1 - a - b - jitter];
    });
    const lifted = points.map((p) => [...p, 0]);
    expect(unwrap(nonDominatedSort(points))).toEqual(unwrap(nonDominatedSort(lifted)));
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
