// Generated Noon-PPO combine problems: B×T×N advantages, B×T ratios and mask, row-major arrays.
import fc from 'fast-check';
import type { Granularity } from '../src/index.js';

export interface CombineCase {
  readonly B: number;
  readonly T: number;
  readonly N: number;
  readonly advantages: Float64Array;
  readonly ratios: Float64Array;
  readonly mask: Float64Array;
  readonly clipEpsilon: number;
  readonly noon: boolean;
}

const advantage = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, -1) },
);

export const combineCase = (maxB = 4, maxT = 6, maxN = 5): fc.Arbitrary<CombineCase> =>
  fc
    .record({ B: fc.integer({ min: 1, max: maxB }), T: fc.integer({ min: 1, max: maxT }), N: fc.integer({ min: 1, max: maxN }) })
    .chain(({ B, T, N }) =>
      fc.record({
        B: fc.constant(B),
        T: fc.constant(T),
        N: fc.constant(N),
        advantages: fc.array(advantage, { minLength: B * T * N, maxLength: B * T * N }).map((a) => Float64Array.from(a)),
        ratios: fc
          .array(fc.oneof(fc.double({ min: 0.5, max: 1.5, noNaN: true }), fc.constant(1)), { minLength: B * T, maxLength: B * T })
          .map((a) => Float64Array.from(a)),
        mask: fc
          .array(fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constant(0) }), {
            minLength: B * T,
            maxLength: B * T,
          })
          .map((a) => Float64Array.from(a)),
        clipEpsilon: fc.double({ min: 0.05, max: 0.5, noNaN: true }),
        noon: fc.boolean(),
      }),
    );

export const granularity = fc.constantFrom<Granularity>('token', 'sample', 'batch', 'gram');

export const inputOf = (c: CombineCase, g: Granularity) => ({
  advantages: { data: c.advantages, shape: [c.B, c.T, c.N] },
  ratios: { data: c.ratios, shape: [c.B, c.T] },
  mask: { data: c.mask, shape: [c.B, c.T] },
  clipEpsilon: c.clipEpsilon,
  noon: c.noon,
  granularity: g,
});

/** I(A^i_t) recomputed from docs/design.md §2.3 in the plainest way. */
export const indicatorOf = (c: CombineCase, b: number, t: number, i: number): number => {
  const a = c.advantages[(b * c.T + t) * c.N + i];
  const u = c.ratios[b * c.T + t];
  if (a > 0) return u <= 1 + c.clipEpsilon ? a : 0;
  if (c.noon) return 0;
  return u >= 1 - c.clipEpsilon ? a : 0;
};
