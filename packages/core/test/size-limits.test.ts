import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  linearCombine,
  MAX_GRAM_PRODUCTS,
  MAX_INPUT_ELEMENTS,
  MAX_MIN_NORM_VECTORS,
  minNormElement,
  noonPpoCombine,
  pamaScalar,
  type PamaResult,
} from '../src/index.js';
import { granularity } from './combine-arbitraries.js';
import { unwrap } from './unwrap.js';

const expectTooLarge = <A>(result: PamaResult<A>, field: string, limit: string) => {
  expect(result._tag).toBe('Left');
  if (result._tag !== 'Left') return;
  expect(result.left.code).toBe('too-large');
  expect(result.left.field).toBe(field);
  expect(result.left.message).toContain(limit);
};

/** A stride-0 (broadcast) view: every element addresses data[0 … N). */
const broadcast = (shape: [number, number, number]) => ({ data: new Float32Array(shape[2]).fill(0.5), shape, stride: [0, 0, 1] });

describe('valid but oversized input: too-large naming the limit, decided before any work', () => {
  it('stride-0 views addressing more than MAX_INPUT_ELEMENTS elements ([1e4, 1e4, 8], [1e5, 1e5, 1], and generated shapes) → Left too-large at advantages.shape for every granularity and linearCombine', () => {
    for (const g of ['token', 'sample', 'batch', 'gram'] as const) {
      expectTooLarge(
        noonPpoCombine({ advantages: broadcast([1e4, 1e4, 8]), clipEpsilon: 0.2, granularity: g }),
        'advantages.shape',
        'MAX_INPUT_ELEMENTS',
      );
      expectTooLarge(
        noonPpoCombine({ advantages: broadcast([1e5, 1e5, 1]), clipEpsilon: 0.2, granularity: g }),
        'advantages.shape',
        'MAX_INPUT_ELEMENTS',
      );
    }
    const oversized = fc
      .tuple(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 64 }))
      .filter(([b, t, n]) => b * t * n > MAX_INPUT_ELEMENTS);
    fc.assert(
      fc.property(oversized, granularity, ([b, t, n], g) => {
        expectTooLarge(
          noonPpoCombine({ advantages: broadcast([b, t, n]), clipEpsilon: 0.2, granularity: g }),
          'advantages.shape',
          'MAX_INPUT_ELEMENTS',
        );
        expectTooLarge(
          linearCombine({ advantages: broadcast([b, t, n]), weights: new Array<number>(n).fill(1) }),
          'advantages.shape',
          'MAX_INPUT_ELEMENTS',
        );
      }),
      { numRuns: 50 },
    );
  });

  it('gram with more than MAX_MIN_NORM_VECTORS objectives, or a Gram beyond MAX_GRAM_PRODUCTS ([1, 40000, 1000] broadcast) → Left too-large at advantages.shape', () => {
    expectTooLarge(
      noonPpoCombine({ advantages: broadcast([1, 1, MAX_MIN_NORM_VECTORS + 1]), clipEpsilon: 0.2, granularity: 'gram' }),
      'advantages.shape',
      'MAX_MIN_NORM_VECTORS',
    );
    expectTooLarge(
      noonPpoCombine({ advantages: broadcast([1, 40000, 1000]), clipEpsilon: 0.2, granularity: 'gram' }),
      'advantages.shape',
      'MAX_GRAM_PRODUCTS',
    );
  });

  it('minNormElement: 10^7 vectors, more than MAX_MIN_NORM_VECTORS, a vector longer than MAX_INPUT_ELEMENTS, or a Gram beyond MAX_GRAM_PRODUCTS → Left too-large (no "Invalid typed array length")', () => {
    expectTooLarge(minNormElement(new Array<number[]>(1e7)), 'vectors.length', 'MAX_MIN_NORM_VECTORS');
    const v = Float32Array.of(1, 2);
    expectTooLarge(minNormElement(new Array<Float32Array>(MAX_MIN_NORM_VECTORS + 1).fill(v)), 'vectors.length', 'MAX_MIN_NORM_VECTORS');
    expectTooLarge(minNormElement([{ length: MAX_INPUT_ELEMENTS + 1 } as ArrayLike<number>]), 'vectors[0].length', 'MAX_INPUT_ELEMENTS');
    const long = new Float32Array(2 ** 15);
    expect(((MAX_MIN_NORM_VECTORS * (MAX_MIN_NORM_VECTORS + 1)) / 2) * long.length).toBeGreaterThan(MAX_GRAM_PRODUCTS);
    expectTooLarge(minNormElement(new Array<Float32Array>(MAX_MIN_NORM_VECTORS).fill(long)), 'vectors', 'MAX_GRAM_PRODUCTS');
  });

  it('pamaScalar: an array-like claiming more than MAX_INPUT_ELEMENTS values → Left too-large at values.length, before reading any element', () => {
    let reads = 0;
    const huge = new Proxy(
      { length: MAX_INPUT_ELEMENTS + 1 },
      {
        get: (target, key) => {
          if (key === 'length') return target.length;
          reads++;
          return 0;
        },
      },
    );
    expectTooLarge(pamaScalar(huge as unknown as ArrayLike<number>), 'values.length', 'MAX_INPUT_ELEMENTS');
    expect(reads).toBe(0);
  });

  it('legitimate large input keeps working: a stride-0 [256, 512, 8] view (10⁶ logical elements) at every granularity equals its dense copy', () => {
    const view = broadcast([256, 512, 8]);
    const dense = { data: new Float32Array(256 * 512 * 8).fill(0.5), shape: [256, 512, 8] };
    for (const g of ['token', 'sample', 'batch', 'gram'] as const) {
      const a = unwrap(noonPpoCombine({ advantages: view, clipEpsilon: 0.2, granularity: g }));
      const b = unwrap(noonPpoCombine({ advantages: dense, clipEpsilon: 0.2, granularity: g }));
      // Compared element by element: deep equality on 10⁵-element arrays is slow.
      expect(a.combined.length).toBe(b.combined.length);
      expect(a.combined.every((x, k) => Object.is(x, b.combined[k]))).toBe(true);
      expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    }
  });
});
