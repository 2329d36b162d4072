import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hypervolume, MAX_POINT_VALUES, type PamaResult } from '../src/index.js';
import { fickle } from './fickle.js';
import { gridVolume, hsoVolume } from './pareto-reference.js';
import { unwrap } from './unwrap.js';

const expectLeft = (result: PamaResult<unknown>, code: string, field: string): void => {
  expect(result._tag).toBe('Left');
  if (result._tag === 'Left') {
    expect(result.left.code).toBe(code);
    expect(result.left.field).toBe(field);
  }
};

/** d in [minD, maxD] and up to maxM points of d integers in [0, side] (ties and duplicates are common). */
const integerFronts = (minD: number, maxD: number, maxM: number, side: number) =>
  fc
    .integer({ min: minD, max: maxD })
    .chain((d) =>
      fc.tuple(fc.constant(d), fc.array(fc.array(fc.integer({ min: 0, max: side }), { minLength: d, maxLength: d }), { maxLength: maxM })),
    );

/** Points on the positive unit sphere (all mutually non-dominated), as hypervolume benchmarks use. */
const sphereFronts = (minD: number, maxD: number, minM: number, maxM: number) =>
  fc.integer({ min: minD, max: maxD }).chain((d) =>
    fc.tuple(
      fc.constant(d),
      fc.array(
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: d, maxLength: d }).map((v) => {
          const norm = Math.hypot(...v);
          return v.map((x) => x / norm);
        }),
        { minLength: minM, maxLength: maxM },
      ),
    ),
  );

const close = (actual: number, expected: number, relative: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1e-300, Math.abs(expected)));
};

describe('hypervolume: exact', () => {
  it('for integer point sets in [0, 4]^d (d = 2..6, up to 12 points, ties and duplicates): equals the brute-force count of dominated unit cells', () => {
    fc.assert(
      fc.property(integerFronts(2, 6, 12, 4), ([d, points]) => {
        expect(unwrap(hypervolume(points, new Array(d).fill(0)))).toBe(gridVolume(points, d, 4));
      }),
      { numRuns: 250 },
    );
  });

  it('for integer point sets against a reference that cuts through them (d = 3..5): equals the count after shifting by the reference', () => {
    fc.assert(
      fc.property(integerFronts(3, 5, 12, 5), fc.integer({ min: 0, max: 2 }), ([d, points], r) => {
        // Reference (r, …, r): only coordinates above r count; shifting by r gives the grid count.
        const shifted = points.map((p) => p.map((x) => Math.max(0, x - r)));
        expect(unwrap(hypervolume(points, new Array(d).fill(r)))).toBe(gridVolume(shifted, d, 5 - r));
      }),
      { numRuns: 150 },
    );
  });

  it('for real-valued fronts (d = 3..5, up to 30 points, half of them dominated): agrees with slicing objectives (HSO) to 1e-12', () => {
    const cloud = fc
      .integer({ min: 3, max: 5 })
      .chain((d) =>
        fc.tuple(
          fc.constant(d),
          fc.array(fc.array(fc.double({ min: -1, max: 10, noNaN: true }), { minLength: d, maxLength: d }), { maxLength: 30 }),
        ),
      );
    fc.assert(
      fc.property(cloud, ([d, points]) => {
        const ref = new Array(d).fill(0);
        close(unwrap(hypervolume(points, ref)), hsoVolume(points, ref), 1e-12);
      }),
      { numRuns: 150 },
    );
  });

  it('for fronts of 30–60 mutually non-dominated points on the unit sphere (d = 3..5): agrees with HSO to 1e-12', () => {
    fc.assert(
      fc.property(sphereFronts(3, 5, 30, 60), ([d, points]) => {
        const ref = new Array(d).fill(0);
        close(unwrap(hypervolume(points, ref)), hsoVolume(points, ref), 1e-12);
      }),
      { numRuns: 12 },
    );
  });

  it('a single point in d = 5000 objectives gives its box; two points give box + box − box of their minimum (no deep recursion)', () => {
    const d = 5000;
    const a = Array.from({ length: d }, (_, k) => (k % 2 === 0 ? 2 : 0.5));
    const b = Array.from({ length: d }, (_, k) => (k % 2 === 0 ? 0.5 : 2));
    const ref = new Array(d).fill(0);
    expect(unwrap(hypervolume([a], ref))).toBe(1);
    expect(unwrap(hypervolume([a, b], ref))).toBe(1 + 1 - 0.5 ** d);
  });
});

describe('hypervolume: never a wrong Right', () => {
  it('a volume beyond the float64 range → Left out-of-range (e.g. [[1e200, 1e200]] against [0, 0])', () => {
    expectLeft(hypervolume([[1e200, 1e200]], [0, 0]), 'out-of-range', 'points');
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 1e160, max: 1e300, noNaN: true }),
        (d, m, big) => {
          const points = Array.from({ length: m }, (_, i) => Array.from({ length: d }, (_, k) => (k === i % d ? big : big / 2)));
          expectLeft(hypervolume(points, new Array(d).fill(-big)), 'out-of-range', 'points');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('for inputs whose getters answer differently on later reads: the result is the one for the values first read, or a Left', () => {
    const later = fc.constantFrom(Number.NaN, 1e6, -1e6, Infinity, 0);
    fc.assert(
      fc.property(integerFronts(2, 5, 10, 4), later, ([d, points], changed) => {
        const ref = new Array(d).fill(-1);
        const expected = unwrap(hypervolume(points, ref));
        const result = hypervolume(
          points.map((p) => fickle(p, changed)),
          fickle(ref, changed),
        );
        if (result._tag === 'Right') expect(result.right).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('more values than MAX_POINT_VALUES → Left too-large before allocating them', () => {
    const points: number[][] = new Array(MAX_POINT_VALUES / 2 + 1);
    points[0] = [1, 1];
    expectLeft(hypervolume(points, [0, 0]), 'too-large', 'points');
  });

  it('work beyond options.maxSteps → Left too-large; a bad maxSteps → Left out-of-range', () => {
    const points = Array.from({ length: 60 }, (_, i) =>
      [Math.cos(i), Math.sin(i), 1 + (i % 7), 1 + (i % 5), 2 + Math.cos(3 * i)].map(Math.abs),
    );
    const ref = [0, 0, 0, 0, 0];
    expectLeft(hypervolume(points, ref, { maxSteps: 1000 }), 'too-large', 'points');
    expect(hypervolume(points, ref, { maxSteps: Infinity })._tag).toBe('Right');
    expectLeft(hypervolume(points, ref, { maxSteps: 0 }), 'out-of-range', 'options.maxSteps');
    expectLeft(hypervolume(points, ref, { maxSteps: Number.NaN }), 'out-of-range', 'options.maxSteps');
  });
});
