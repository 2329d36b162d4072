import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dominates, hypervolume, nonDominatedSort } from '../src/index.js';
import { unwrap } from './unwrap.js';

const integerPoints = (d: number) =>
  fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: d, maxLength: d }), { minLength: 0, maxLength: 8 });

/** Brute force: count the unit cells [z, z+1] (z ∈ {0..4}^d) that some point dominates. */
const gridVolume = (points: number[][], d: number): number => {
  let count = 0;
  const z = new Array<number>(d).fill(0);
  const total = 5 ** d;
  for (let cell = 0; cell < total; cell++) {
    let rest = cell;
    for (let k = 0; k < d; k++) {
      z[k] = rest % 5;
      rest = Math.floor(rest / 5);
    }
    if (points.some((p) => p.every((x, k) => x >= z[k] + 1))) count++;
  }
  return count;
};

describe('Pareto utilities (maximisation)', () => {
  it('for integer point sets in [0, 5]^d (d = 1..4, up to 8 points, reference 0): hypervolume equals the brute-force count of dominated unit cells', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((d) => fc.tuple(fc.constant(d), integerPoints(d))),
        ([d, points]) => {
          expect(unwrap(hypervolume(points, new Array(d).fill(0)))).toBe(gridVolume(points, d));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('for real point sets (d = 2..4): hypervolume is invariant to point order and to adding a dominated point, and a single point gives its box', () => {
    const pts = fc
      .integer({ min: 2, max: 4 })
      .chain((d) =>
        fc.tuple(
          fc.constant(d),
          fc.array(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: d, maxLength: d }), { minLength: 1, maxLength: 10 }),
        ),
      );
    fc.assert(
      fc.property(pts, fc.double({ min: 0, max: 1, noNaN: true }), ([d, points], shrink) => {
        const ref = new Array(d).fill(-1);
        const base = unwrap(hypervolume(points, ref));
        const reversed = unwrap(hypervolume([...points].reverse(), ref));
        expect(Math.abs(reversed - base)).toBeLessThanOrEqual(1e-9 * Math.max(1, base));
        const dominated = points[0].map((x) => -1 + shrink * (x + 1));
        const more = unwrap(hypervolume([...points, dominated], ref));
        expect(Math.abs(more - base)).toBeLessThanOrEqual(1e-9 * Math.max(1, base));
        const box = points[0].reduce((s, x) => s * (x + 1), 1);
        expect(Math.abs(unwrap(hypervolume([points[0]], ref)) - box)).toBeLessThanOrEqual(1e-12 * Math.max(1, box));
      }),
      { numRuns: 200 },
    );
  });

  it('points not strictly better than the reference in every objective add nothing; no points → 0', () => {
    expect(unwrap(hypervolume([], [0, 0]))).toBe(0);
    expect(
      unwrap(
        hypervolume(
          [
            [3, 0],
            [0, 3],
            [-1, 5],
          ],
          [0, 0],
        ),
      ),
    ).toBe(0);
    expect(
      unwrap(
        hypervolume(
          [
            [2, 1],
            [1, 2],
          ],
          [0, 0],
        ),
      ),
    ).toBe(3);
  });

  it('for any point pairs and triples: dominates is irreflexive, asymmetric and transitive', () => {
    const p = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(p, p, p, (a, b, c) => {
        expect(dominates(a, a)).toBe(false);
        if (dominates(a, b)) expect(dominates(b, a)).toBe(false);
        if (dominates(a, b) && dominates(b, c)) expect(dominates(a, c)).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect(dominates([1, 2], [1, 2, 3])).toBe(false);
    expect(dominates([Number.NaN, 3], [0, 0])).toBe(false);
  });

  it('for any point set: nonDominatedSort partitions the indices into fronts, no point dominates another in its front, and every point of front k > 0 is dominated by a point of front k − 1', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 2 }), { maxLength: 20 }), (points) => {
        const fronts = unwrap(nonDominatedSort(points));
        const seen = fronts.flat().sort((x, y) => x - y);
        expect(seen).toEqual(points.map((_, i) => i));
        fronts.forEach((front, k) => {
          for (const p of front) {
            for (const q of front) expect(dominates(points[p], points[q])).toBe(false);
            if (k > 0) expect(fronts[k - 1].some((q) => dominates(points[q], points[p]))).toBe(true);
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
