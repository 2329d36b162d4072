import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dasDennis, dasDennisCount, simplexGrid } from 'pama-experiment';
import { parseReference, parseSweepMethods, parseWeights } from '../src/sweep/sweep-flags.js';

const binomial = (n: number, k: number): number => (k === 0 ? 1 : (binomial(n - 1, k - 1) * n) / k);

describe('Das–Dennis simplex grid', () => {
  it('for N = 1..4 objectives and H = 1..8 divisions: C(H+N−1, N−1) distinct vectors on the simplex, entries multiples of 1/H', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 8 }), (n, h) => {
        const grid = dasDennis(n, h);
        expect(grid).toHaveLength(binomial(h + n - 1, n - 1));
        expect(dasDennisCount(n, h)).toBe(grid.length);
        expect(new Set(grid.map((w) => w.join(','))).size).toBe(grid.length);
        for (const w of grid) {
          expect(w).toHaveLength(n);
          expect(Math.abs(w.reduce((s, x) => s + x, 0) - 1)).toBeLessThanOrEqual(1e-12);
          for (const x of w) expect(Math.abs(x * h - Math.round(x * h))).toBeLessThanOrEqual(1e-9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('two objectives: exactly K evenly spaced vectors, from all-first to all-second', () => {
    expect(simplexGrid(2, 5)).toEqual([
      [1, 0],
      [0.75, 0.25],
      [0.5, 0.5],
      [0.25, 0.75],
      [0, 1],
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 50 }), (k) => {
        expect(simplexGrid(2, k)).toHaveLength(k);
      }),
      { numRuns: 30 },
    );
  });

  it('three objectives: the smallest grid with at least K vectors', () => {
    expect(simplexGrid(3, 6)).toHaveLength(6); // H = 2
    expect(simplexGrid(3, 7)).toHaveLength(10); // H = 3
  });

  it('one objective has no grid: refused rather than searched for ever', () => {
    expect(() => simplexGrid(1, 2)).toThrow(/1 objectives; a grid needs 2 or more/);
  });
});

describe('sweep flags', () => {
  it('--weights: a count, explicit vectors, and one clear error per bad value', () => {
    expect(parseWeights('3', 2, false)).toEqual([
      [1, 0],
      [0.5, 0.5],
      [0, 1],
    ]);
    expect(parseWeights(undefined, 2, false)).toHaveLength(5);
    expect(parseWeights(undefined, 2, true)).toHaveLength(3);
    expect(parseWeights(' 0.2, 0.8 ;0.5,0.5', 2, false)).toEqual([
      [0.2, 0.8],
      [0.5, 0.5],
    ]);
    expect(() => parseWeights('0.2,0.7', 2, false)).toThrow('--weights: vector 1 sums to 0.8999999999999999, not 1 (got "0.2,0.7")');
    expect(() => parseWeights('1.5,-0.5', 2, false)).toThrow('vector 1 has a negative entry');
    expect(() => parseWeights('0.5,0.5;0.5,0.5', 2, false)).toThrow('a vector is repeated');
    expect(() => parseWeights('0', 2, false)).toThrow('a count from 2 to 200');
    expect(() => parseWeights('0.5;0.5', 2, false)).toThrow('vector 1 has 1 entries, there are 2 objectives');
  });

  it('--methods and --reference', () => {
    expect(parseSweepMethods(undefined)).toEqual(['morlhf', 'pama-pref', 'pama', 'mgda-ub']);
    expect(parseSweepMethods('pama,morlhf')).toEqual(['pama', 'morlhf']);
    expect(() => parseSweepMethods('pama,ppo')).toThrow('"ppo" is not one of morlhf, pama-pref, pama, mgda-ub');
    expect(parseReference('0.1,-2', 2)).toEqual([0.1, -2]);
    expect(() => parseReference('0.1', 2)).toThrow('1 entries, there are 2 objectives');
    expect(() => parseReference('x,1', 2)).toThrow('"x" is not a number');
  });
});
