import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearCombine, minNormElement, noonPpoCombine, pamaScalar, paretoStationarity, tchebycheffWeights } from '../src/index.js';
import { combineCase, granularity, inputOf } from './combine-arbitraries.js';

/**
 * A real array whose index i is a getter: the first read returns values[i], every later read
 * returns `later` (a NaN, an Infinity or a different finite number). `reads[i]` counts the reads.
 */
const changingArray = (values: ArrayLike<number>, later: number) => {
  const reads = new Array<number>(values.length).fill(0);
  const array = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const first = values[i];
    Object.defineProperty(array, i, { enumerable: true, get: () => (reads[i]++ === 0 ? first : later) });
  }
  return { array, reads };
};

const later = fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e300, -7);
const finiteValues = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 12 });

describe('inputs are read once: elements that change between reads cannot slip past validation', () => {
  it('pamaScalar: an array whose elements change after the first read gives exactly pamaScalar of the first-read values, reading each element once', () => {
    fc.assert(
      fc.property(finiteValues, later, (values, after) => {
        const { array, reads } = changingArray(values, after);
        expect(pamaScalar(array)).toEqual(pamaScalar(values));
        reads.forEach((count) => expect(count).toBe(1));
      }),
      { numRuns: 100 },
    );
  });

  it('minNormElement / paretoStationarity: vectors (and the list holding them) that change after the first read give the result of the first-read values, reading each element once', () => {
    const vectors = fc
      .integer({ min: 1, max: 4 })
      .chain((d) =>
        fc.array(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: d, maxLength: d }), { minLength: 1, maxLength: 6 }),
      );
    fc.assert(
      fc.property(vectors, later, (vs, after) => {
        const changing = vs.map((v) => changingArray(v, after));
        const list: number[][] = [];
        changing.forEach(({ array }, i) => {
          let listReads = 0;
          // The list itself hands out a different (non-finite) vector after the first read.
          Object.defineProperty(list, i, { enumerable: true, get: () => (listReads++ === 0 ? array : vs[i].map(() => after)) });
        });
        expect(minNormElement(list)).toEqual(minNormElement(vs));
        changing.forEach(({ reads }) => reads.forEach((count) => expect(count).toBe(1)));
        const again = vs.map((v) => changingArray(v, after).array);
        expect(paretoStationarity(again, { tolerance: 0.1 })).toEqual(paretoStationarity(vs, { tolerance: 0.1 }));
      }),
      { numRuns: 100 },
    );
  });

  it('noonPpoCombine, every granularity: plain-array advantages, ratios and mask whose elements change after the first read give exactly the result of their first-read values, reading each element at most once', () => {
    fc.assert(
      fc.property(combineCase(), granularity, later, (c, g, after) => {
        const adv = changingArray(c.advantages, after);
        const ratios = changingArray(c.ratios, after);
        const mask = changingArray(c.mask, after);
        const input = inputOf(c, g);
        const changing = {
          ...input,
          advantages: { data: adv.array, shape: input.advantages.shape },
          ratios: { data: ratios.array, shape: input.ratios.shape },
          mask: { data: mask.array, shape: input.mask.shape },
        };
        expect(noonPpoCombine(changing)).toEqual(noonPpoCombine(input));
        for (const { reads } of [adv, ratios, mask]) reads.forEach((count) => expect(count).toBeLessThanOrEqual(1));
      }),
      { numRuns: 150 },
    );
  });

  it('baselines: linearCombine weights and tchebycheffWeights values/ideal/preference that change after the first read (also through getters on the input object) use the first-read values', () => {
    fc.assert(
      fc.property(finiteValues, later, (values, after) => {
        const n = values.length;
        const weights = values.map((x) => Math.abs(x));
        const advantages = { data: Float64Array.from({ length: 2 * n }, (_, k) => (k % 3) - 1), shape: [1, 2, n] };
        expect(linearCombine({ advantages, weights: changingArray(weights, after).array })).toEqual(linearCombine({ advantages, weights }));
        const ideal = values.map((x) => x + 1);
        let preferenceReads = 0;
        const input = {
          values: changingArray(values, after).array,
          ideal: changingArray(ideal, after).array,
          get preference() {
            return preferenceReads++ === 0 ? weights : values.map(() => -1);
          },
        };
        expect(tchebycheffWeights(input)).toEqual(tchebycheffWeights({ values, ideal, preference: weights }));
      }),
      { numRuns: 100 },
    );
  });
});
