import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapInterval, finalKl, frontPosition, matchedKl, methodHypervolume, placePama, type SweepRun } from '../src/index.js';
import { attainmentLine } from '../src/report/index.js';

const OBJ = ['a', 'b'];
const run = (method: string, seed: number, a: number, b: number, kl = 0.1): SweepRun => ({
  method,
  seed,
  steps: [{ step: 1, rewards: { a, b }, kl, weights: { a: 0.5, b: 0.5 }, responseLength: 5 }],
  test: { before: { a: 0, b: 0 }, after: { a, b } },
  samples: [],
  finalKl: kl,
});

describe('bootstrap interval of the mean', () => {
  it('one value gives [v, v]; otherwise the interval lies within [min, max] and contains the mean of two equal halves', () => {
    expect(bootstrapInterval([0.4])).toEqual([0.4, 0.4]);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2, maxLength: 8 }), (xs) => {
        const [lo, hi] = bootstrapInterval(xs, 400);
        expect(lo).toBeGreaterThanOrEqual(Math.min(...xs) - 1e-12);
        expect(hi).toBeLessThanOrEqual(Math.max(...xs) + 1e-12);
        expect(lo).toBeLessThanOrEqual(hi);
      }),
      { numRuns: 50 },
    );
    expect(bootstrapInterval([1, 3], 2000)).toEqual([1, 3]);
  });
});

describe('sweep summary', () => {
  it('hypervolume pooled and per seed against the reference (hand-computed boxes)', () => {
    const runs = [run('m', 1, 3, 1), run('m', 1, 1, 3), run('m', 2, 2, 2)];
    const h = methodHypervolume(runs, OBJ, [0, 0]);
    expect(h.seeds).toEqual([1, 2]);
    expect(h.perSeed).toEqual([5, 4]); // 3·1 + 1·3 − 1·1; 2·2
    expect(h.pooled).toBe(6); // staircase (3,1) (2,2) (1,3)
    expect(h.mean).toBe(4.5);
  });

  it('front position: inside when dominated, beyond when dominating, on otherwise', () => {
    const front = [
      [3, 1],
      [1, 3],
    ];
    expect(frontPosition([1, 1], front)).toBe('inside');
    expect(frontPosition([3, 2], front)).toBe('beyond');
    expect(frontPosition([2, 2], front)).toBe('on');
  });

  it('PAMA is placed against the same seed’s MORLHF runs, with its hypervolume gain', () => {
    const runs = [run('morlhf', 1, 3, 1, 0.2), run('morlhf', 1, 1, 3, 0.4), run('pama', 1, 2, 2, 0.1), run('morlhf', 2, 5, 5)];
    const [p] = placePama(runs, OBJ, [0, 0]);
    expect(p).toMatchObject({ seed: 1, position: 'on', hypervolumeGain: 1, finalKl: 0.1, morlhfKlRange: [0.2, 0.4] });
  });

  it('matched KL keeps only runs at or below the median final KL', () => {
    const runs = [run('x', 1, 2, 2, 0.1), run('x', 2, 3, 3, 0.9), run('y', 1, 1, 1, 0.2)];
    const m = matchedKl(runs, OBJ, [0, 0]);
    expect(m.budget).toBe(0.2);
    expect(m.perMethod.x).toEqual({ hypervolume: 4, runs: 1, of: 2 });
    expect(m.perMethod.y).toEqual({ hypervolume: 1, runs: 1, of: 1 });
  });

  it('final KL is the mean over the last steps', () => {
    const steps = [0.5, 0.1, 0.1, 0.1, 0.1, 0.1].map((kl, i) => ({ step: i + 1, rewards: {}, kl, weights: {}, responseLength: 1 }));
    expect(finalKl({ steps })).toBeCloseTo(0.1, 12);
  });

  it('attainment line: a staircase through the non-dominated points, down to the reference', () => {
    expect(
      attainmentLine(
        [
          [3, 1],
          [1, 3],
          [1, 1],
          [2, 2],
        ],
        [0, 0],
      ),
    ).toEqual([
      [0, 3],
      [1, 3],
      [1, 2],
      [2, 2],
      [2, 1],
      [3, 1],
      [3, 0],
    ]);
    expect(attainmentLine([[-1, 5]], [0, 0])).toEqual([]);
  });
});
