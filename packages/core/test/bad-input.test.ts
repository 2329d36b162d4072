import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import {
  hypervolume,
  linearCombine,
  minNormElement,
  noonPpoCombine,
  nonDominatedSort,
  pamaScalar,
  paretoStationarity,
  tchebycheffWeights,
  type PamaResult,
} from '../src/index.js';
import { combineCase, granularity, inputOf } from './combine-arbitraries.js';

const nonFinite = fc.constantFrom(Number.NaN, Infinity, -Infinity);

/** Calls `f`, failing the test if it throws; returns the result. */
const noThrow = <A>(f: () => PamaResult<A>): PamaResult<A> => {
  let result: PamaResult<A> | undefined;
  expect(() => {
    result = f();
  }).not.toThrow();
  return result!;
};

const expectLeft = <A>(result: PamaResult<A>, code: string, field: string | RegExp) => {
  expect(result._tag).toBe('Left');
  if (result._tag !== 'Left') return;
  expect(result.left.code).toBe(code);
  if (typeof field === 'string') expect(result.left.field).toBe(field);
  else expect(result.left.field).toMatch(field);
  expect(result.left.message.length).toBeGreaterThan(0);
};

describe('bad input yields a Left naming the field, and never throws', () => {
  it('noonPpoCombine: a non-finite number anywhere in advantages (row-major, any granularity) → Left non-finite at advantages.data[p], message naming the value', () => {
    fc.assert(
      fc.property(combineCase(), granularity, nonFinite, fc.nat(), (c, g, bad, at) => {
        const p = at % c.advantages.length;
        const advantages = Float64Array.from(c.advantages);
        advantages[p] = bad;
        const result = noThrow(() => noonPpoCombine(inputOf({ ...c, advantages }, g)));
        expectLeft(result, 'non-finite', `advantages.data[${p}]`);
        if (result._tag === 'Left') expect(result.left.message).toContain(String(bad));
      }),
      { numRuns: 200 },
    );
  });

  it('noonPpoCombine: a non-finite number in a strided ndarray view of the advantages (Float32 token fast path) → Left naming its data index', () => {
    fc.assert(
      fc.property(combineCase(), nonFinite, fc.nat(), (c, bad, at) => {
        const { B, T, N } = c;
        const store = new Float32Array(2 + B * T * N);
        const view = ndarray(store, [N, T, B], [T * B, B, 1], 2).transpose(2, 1, 0);
        const p = 2 + (at % (B * T * N));
        store[p] = bad;
        const result = noThrow(() => noonPpoCombine({ advantages: view, clipEpsilon: 0.2, granularity: 'token' }));
        expectLeft(result, 'non-finite', `advantages.data[${p}]`);
      }),
      { numRuns: 150 },
    );
  });

  it('noonPpoCombine: a non-finite number in row-major Float32 advantages with N a multiple of 4 (WebAssembly SIMD kernel) → Left naming its data index', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(4, 8, 16),
        nonFinite,
        fc.nat(),
        fc.boolean(),
        (B, T, N, bad, at, noon) => {
          const data = new Float32Array(B * T * N).fill(0.5);
          const p = at % data.length;
          data[p] = bad;
          const result = noThrow(() =>
            noonPpoCombine({ advantages: { data, shape: [B, T, N] }, clipEpsilon: 0.2, granularity: 'token', noon }),
          );
          expectLeft(result, 'non-finite', `advantages.data[${p}]`);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('noonPpoCombine: a non-finite number in ratios or mask → Left non-finite at ratios.data[p] / mask.data[p]', () => {
    fc.assert(
      fc.property(combineCase(), granularity, nonFinite, fc.nat(), fc.boolean(), (c, g, bad, at, inRatios) => {
        const p = at % (c.B * c.T);
        const ratios = Float64Array.from(c.ratios);
        const mask = Float64Array.from(c.mask);
        (inRatios ? ratios : mask)[p] = bad;
        const result = noThrow(() => noonPpoCombine(inputOf({ ...c, ratios, mask }, g)));
        expectLeft(result, 'non-finite', `${inRatios ? 'ratios' : 'mask'}.data[${p}]`);
      }),
      { numRuns: 150 },
    );
  });

  it('noonPpoCombine, SIMD token path (Float32 advantages, N = 8): a non-finite mask entry, or a non-finite or negative ratio, in Float32/Float64/plain-array storage → Left naming mask.data[p] / ratios.data[p]', () => {
    const store = fc.constantFrom<'f32' | 'f64' | 'array'>('f32', 'f64', 'array');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 5 }),
        fc.oneof(nonFinite, fc.constant(-0.5)),
        fc.nat(),
        fc.boolean(),
        store,
        (B, T, bad, at, inRatios, kind) => {
          fc.pre(inRatios || bad !== -0.5);
          const p = at % (B * T);
          const values = new Array<number>(B * T).fill(1);
          values[p] = bad;
          const data = kind === 'f32' ? Float32Array.from(values) : kind === 'f64' ? Float64Array.from(values) : values;
          const ones = new Float32Array(B * T).fill(1);
          const result = noThrow(() =>
            noonPpoCombine({
              advantages: { data: new Float32Array(B * T * 8).fill(0.25), shape: [B, T, 8] },
              ratios: { data: inRatios ? data : ones, shape: [B, T] },
              mask: { data: inRatios ? ones : data, shape: [B, T] },
              clipEpsilon: 0.2,
              granularity: 'token',
            }),
          );
          expectLeft(result, bad === -0.5 ? 'out-of-range' : 'non-finite', `${inRatios ? 'ratios' : 'mask'}.data[${p}]`);
        },
      ),
      { numRuns: 150 },
    );
    const stringMask = noonPpoCombine({
      advantages: { data: new Float32Array(8).fill(0.25), shape: [1, 1, 8] },
      mask: { data: ['1'] as unknown as number[], shape: [1, 1] },
      clipEpsilon: 0.2,
      granularity: 'token',
    });
    expectLeft(stringMask, 'non-finite', 'mask.data[0]');
  });

  it('noonPpoCombine: a ratios or mask shape that disagrees with B×T → Left shape-mismatch at ratios.shape / mask.shape', () => {
    fc.assert(
      fc.property(combineCase(), granularity, fc.boolean(), fc.constantFrom([1, 0], [0, 1], [1, 1]), (c, g, inRatios, [db, dt]) => {
        const shape = [c.B + db, c.T + dt];
        const data = new Float64Array(shape[0] * shape[1]).fill(1);
        const input = { ...inputOf(c, g), [inRatios ? 'ratios' : 'mask']: { data, shape } };
        expectLeft(
          noThrow(() => noonPpoCombine(input)),
          'shape-mismatch',
          `${inRatios ? 'ratios' : 'mask'}.shape`,
        );
      }),
      { numRuns: 100 },
    );
  });

  it('noonPpoCombine: advantages whose shape/stride/offset address indices outside data → Left shape-mismatch at advantages.data', () => {
    fc.assert(
      fc.property(combineCase(), granularity, fc.integer({ min: 1, max: 5 }), (c, g, extra) => {
        const tooShort = { data: c.advantages.subarray(0, c.advantages.length - 1), shape: [c.B, c.T, c.N] };
        expectLeft(
          noThrow(() => noonPpoCombine({ ...inputOf(c, g), advantages: tooShort })),
          'shape-mismatch',
          'advantages.data',
        );
        const offsetPast = { data: c.advantages, shape: [c.B, c.T, c.N], offset: extra };
        expectLeft(
          noThrow(() => noonPpoCombine({ ...inputOf(c, g), advantages: offsetPast })),
          'shape-mismatch',
          'advantages.data',
        );
        const negativeReach = { data: c.advantages, shape: [c.B, c.T, c.N], stride: [-c.T * c.N, c.N, 1], offset: 0 };
        if (c.B > 1)
          expectLeft(
            noThrow(() => noonPpoCombine({ ...inputOf(c, g), advantages: negativeReach })),
            'shape-mismatch',
            'advantages.data',
          );
      }),
      { numRuns: 100 },
    );
  });

  it('noonPpoCombine: clipEpsilon outside (0, 1), non-finite or not a number → Left at clipEpsilon', () => {
    fc.assert(
      fc.property(
        combineCase(),
        fc.oneof(
          fc.double({ min: 1, max: 1e6, noNaN: true }),
          fc.double({ min: -1e6, max: 0, noNaN: true }),
          nonFinite,
          fc.constant('0.2' as unknown as number),
        ),
        (c, eps) => {
          const result = noThrow(() => noonPpoCombine({ ...inputOf(c, 'token'), clipEpsilon: eps }));
          expect(result._tag).toBe('Left');
          if (result._tag === 'Left') {
            expect(result.left.field).toBe('clipEpsilon');
            expect(['out-of-range', 'non-finite', 'invalid-type']).toContain(result.left.code);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('noonPpoCombine: unknown granularity, zero objectives, empty B or T → Left unknown-granularity / zero-objectives / empty-input', () => {
    fc.assert(
      fc.property(combineCase(), fc.string(), (c, name) => {
        fc.pre(!['token', 'sample', 'batch', 'gram', 'sample-mix'].includes(name));
        expectLeft(
          noThrow(() => noonPpoCombine({ ...inputOf(c, 'token'), granularity: name as 'token' })),
          'unknown-granularity',
          'granularity',
        );
      }),
      { numRuns: 50 },
    );
    const base = { clipEpsilon: 0.2, granularity: 'token' as const };
    expectLeft(noonPpoCombine({ ...base, advantages: { data: [], shape: [2, 3, 0] } }), 'zero-objectives', 'advantages.shape');
    expectLeft(noonPpoCombine({ ...base, advantages: { data: [], shape: [0, 3, 2] } }), 'empty-input', 'advantages.shape');
    expectLeft(noonPpoCombine({ ...base, advantages: { data: [1, 2], shape: [1, 2] } }), 'shape-mismatch', 'advantages.shape');
    expectLeft(noonPpoCombine({ ...base, advantages: { data: [1, 2], shape: [1, 1.5, 2] } }), 'invalid-type', 'advantages.shape[1]');
    expectLeft(
      noonPpoCombine({ ...base, advantages: { data: ['1', 2] as unknown as number[], shape: [1, 1, 2] } }),
      'non-finite',
      'advantages.data[0]',
    );
    expectLeft(
      noonPpoCombine({ ...base, advantages: { data: [1, 2], shape: [1, 1, 2] }, noon: 'yes' as unknown as boolean }),
      'invalid-type',
      'noon',
    );
    expectLeft(
      noonPpoCombine({ ...base, advantages: { data: [1, 2], shape: [1, 1, 2] }, ratios: { data: [-0.5], shape: [1, 1] } }),
      'out-of-range',
      'ratios.data[0]',
    );
    expectLeft(noonPpoCombine(null as never), 'invalid-type', 'input');
  });

  it('throwing getters and revoked proxies anywhere in the input → Left unreadable-input, never a throw', () => {
    const throwing = {
      get data(): number[] {
        throw new Error('boom');
      },
      shape: [1, 1, 1],
    };
    expectLeft(
      noThrow(() => noonPpoCombine({ advantages: throwing, clipEpsilon: 0.2, granularity: 'gram' })),
      'unreadable-input',
      'input',
    );
    const { proxy, revoke } = Proxy.revocable([1, 2, 3], {});
    revoke();
    expectLeft(
      noThrow(() => pamaScalar(proxy)),
      'unreadable-input',
      'values',
    );
    expectLeft(
      noThrow(() => minNormElement([proxy])),
      'unreadable-input',
      'vectors',
    );
    expectLeft(
      noThrow(() => hypervolume([proxy], [0, 0, 0])),
      'unreadable-input',
      'points',
    );
  });

  it('pamaScalar / minNormElement / paretoStationarity: a non-finite number anywhere → Left non-finite naming values[i] / vectors[i][k] / gradients[i][k]', () => {
    const vectors = fc
      .integer({ min: 1, max: 5 })
      .chain((d) =>
        fc.array(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: d, maxLength: d }), { minLength: 1, maxLength: 6 }),
      );
    fc.assert(
      fc.property(vectors, nonFinite, fc.nat(), fc.nat(), (vs, bad, at, k) => {
        const i = at % vs.length;
        const j = k % vs[0].length;
        const broken = vs.map((v) => [...v]);
        broken[i][j] = bad;
        expectLeft(
          noThrow(() => minNormElement(broken)),
          'non-finite',
          `vectors[${i}][${j}]`,
        );
        expectLeft(
          noThrow(() => paretoStationarity(broken, { tolerance: 0.1 })),
          'non-finite',
          `gradients[${i}][${j}]`,
        );
        expectLeft(
          noThrow(() => pamaScalar(broken[i])),
          'non-finite',
          `values[${j}]`,
        );
      }),
      { numRuns: 150 },
    );
  });

  it('minNormElement / paretoStationarity: vectors of different lengths, no vectors, bad options → Left naming the field', () => {
    expectLeft(minNormElement([[1, 2], [1]]), 'shape-mismatch', 'vectors[1]');
    expectLeft(minNormElement([]), 'empty-input', 'vectors');
    expectLeft(minNormElement([[]]), 'empty-input', 'vectors[0]');
    expectLeft(minNormElement([[1]], { tolerance: Number.NaN }), 'non-finite', 'options.tolerance');
    expectLeft(minNormElement([[1]], { maxIterations: -1 }), 'out-of-range', 'options.maxIterations');
    expectLeft(minNormElement([[1e200], [1e200]]), 'out-of-range', 'vectors');
    expectLeft(paretoStationarity([[1]], { tolerance: Infinity }), 'non-finite', 'options.tolerance');
    expectLeft(paretoStationarity([[1]], { tolerance: 0.1, minNorm: { tolerance: -1 } }), 'out-of-range', 'options.minNorm.tolerance');
    expectLeft(paretoStationarity([[1], [1, 2]], { tolerance: 0.1 }), 'shape-mismatch', 'gradients[1]');
    expectLeft(pamaScalar([]), 'empty-input', 'values');
  });

  it('Pareto utilities and baselines: a non-finite coordinate or a dimension mismatch → Left naming points[i][k] / reference / weights / values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        nonFinite,
        fc.nat(),
        (points, bad, at) => {
          const i = at % points.length;
          const broken = points.map((p) => [...p]);
          broken[i][at % 3] = bad;
          expectLeft(
            noThrow(() => hypervolume(broken, [-6, -6, -6])),
            'non-finite',
            `points[${i}][${at % 3}]`,
          );
          expectLeft(
            noThrow(() => nonDominatedSort(broken)),
            'non-finite',
            `points[${i}][${at % 3}]`,
          );
          expectLeft(
            noThrow(() => hypervolume(points, [-6, -6])),
            'shape-mismatch',
            'points[0]',
          );
          expectLeft(
            noThrow(() => hypervolume(points, [bad, 0, 0])),
            'non-finite',
            'reference[0]',
          );
        },
      ),
      { numRuns: 100 },
    );
    const adv = { data: [1, 2, 3, 4], shape: [1, 2, 2] };
    expectLeft(linearCombine({ advantages: adv, weights: [1] }), 'shape-mismatch', 'weights');
    expectLeft(linearCombine({ advantages: adv, weights: [1, -1] }), 'out-of-range', 'weights[1]');
    expectLeft(
      linearCombine({ advantages: { data: [1, Number.NaN, 3, 4], shape: [1, 2, 2] }, weights: [1, 1] }),
      'non-finite',
      'advantages.data[1]',
    );
    expectLeft(tchebycheffWeights({ values: [1, 2], ideal: [1] }), 'shape-mismatch', 'ideal');
    expectLeft(tchebycheffWeights({ values: [1, Number.NaN], ideal: [1, 2] }), 'non-finite', 'values[1]');
  });
});
