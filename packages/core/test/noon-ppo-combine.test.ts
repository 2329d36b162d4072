import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { minNormElement, noonPpoCombine, pamaScalar, type Granularity } from '../src/index.js';
import { combineCase, granularity, indicatorOf, inputOf, type CombineCase } from './combine-arbitraries.js';
import { unwrap } from './unwrap.js';

const validTokens = (c: CombineCase) => {
  const out: [number, number][] = [];
  for (let b = 0; b < c.B; b++) for (let t = 0; t < c.T; t++) if (c.mask[b * c.T + t] !== 0) out.push([b, t]);
  return out;
};

describe('Noon PPO combine', () => {
  it('for any generated problem and granularity: masked tokens get exactly 0', () => {
    fc.assert(
      fc.property(combineCase(), granularity, (c, g) => {
        const { combined } = unwrap(noonPpoCombine(inputOf(c, g)));
        for (let p = 0; p < c.B * c.T; p++) if (c.mask[p] === 0) expect(combined[p]).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('with Noon on, for any granularity: a token whose ratio exceeds 1+ε gets 0, and changing its advantages changes no output (its terms contribute 0)', () => {
    fc.assert(
      fc.property(combineCase(), granularity, fc.double({ min: -5, max: 5, noNaN: true }), (c0, g, shift) => {
        const c = { ...c0, noon: true };
        const base = unwrap(noonPpoCombine(inputOf(c, g)));
        const perturbed = Float64Array.from(c.advantages);
        for (let p = 0; p < c.B * c.T; p++) {
          if (c.ratios[p] > 1 + c.clipEpsilon) {
            expect(base.combined[p]).toBe(0);
            for (let i = 0; i < c.N; i++) perturbed[p * c.N + i] += shift;
          }
        }
        const again = unwrap(noonPpoCombine(inputOf({ ...c, advantages: perturbed }, g)));
        expect(Array.from(again.combined)).toEqual(Array.from(base.combined));
      }),
      { numRuns: 200 },
    );
  });

  it('with Noon off, for any granularity: positive terms of tokens with ratio > 1+ε and negative terms of tokens with ratio < 1−ε contribute 0', () => {
    fc.assert(
      fc.property(combineCase(), granularity, fc.double({ min: 0.1, max: 5, noNaN: true }), (c0, g, grow) => {
        const c = { ...c0, noon: false };
        const base = unwrap(noonPpoCombine(inputOf(c, g)));
        const perturbed = Float64Array.from(c.advantages);
        for (let p = 0; p < c.B * c.T; p++) {
          for (let i = 0; i < c.N; i++) {
            const a = perturbed[p * c.N + i];
            // Scaling keeps the sign, so a cut-off term stays cut off.
            if ((a > 0 && c.ratios[p] > 1 + c.clipEpsilon) || (a < 0 && c.ratios[p] < 1 - c.clipEpsilon)) perturbed[p * c.N + i] = a * grow;
          }
        }
        const again = unwrap(noonPpoCombine(inputOf({ ...c, advantages: perturbed }, g)));
        expect(Array.from(again.combined)).toEqual(Array.from(base.combined));
      }),
      { numRuns: 200 },
    );
  });

  it('with every advantage ≤ 0 and Noon on, for any granularity: the output is all zeros', () => {
    fc.assert(
      fc.property(combineCase(), granularity, (c0, g) => {
        const c = { ...c0, noon: true, advantages: c0.advantages.map((a) => -Math.abs(a)) };
        const { combined } = unwrap(noonPpoCombine(inputOf(c, g)));
        expect(combined.every((x) => x === 0)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("token granularity with Noon on: the output never exceeds any objective's Noon advantage max(A^i_t, 0) at that token", () => {
    fc.assert(
      fc.property(combineCase(), (c0) => {
        const c = { ...c0, noon: true };
        const { combined } = unwrap(noonPpoCombine(inputOf(c, 'token')));
        for (let p = 0; p < c.B * c.T; p++) {
          for (let i = 0; i < c.N; i++) expect(combined[p]).toBeLessThanOrEqual(Math.fround(Math.max(c.advantages[p * c.N + i], 0)));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('token granularity, per-token weights: each valid token equals pamaScalar of its indicators (value and weights), and the mean weights are their average', () => {
    fc.assert(
      fc.property(combineCase(), (c) => {
        const perToken = unwrap(noonPpoCombine({ ...inputOf(c, 'token'), tokenWeights: 'per-token' }));
        const mean = unwrap(noonPpoCombine(inputOf(c, 'token')));
        const avg = new Float64Array(c.N);
        const valid = validTokens(c);
        for (const [b, t] of valid) {
          const p = b * c.T + t;
          const a = Array.from({ length: c.N }, (_, i) => indicatorOf(c, b, t, i));
          const ref = unwrap(pamaScalar(a));
          expect(perToken.combined[p]).toBe(Math.fround(ref.value));
          expect(Array.from(perToken.weights.subarray(p * c.N, (p + 1) * c.N))).toEqual(Array.from(ref.weights));
          for (let i = 0; i < c.N; i++) avg[i] += ref.weights[i] / valid.length;
        }
        if (valid.length > 0) mean.weights.forEach((w, i) => expect(w).toBeCloseTo(avg[i], 12));
        expect(mean.weightsShape).toEqual([c.N]);
        expect(perToken.weightsShape).toEqual([c.B, c.T, c.N]);
      }),
      { numRuns: 150 },
    );
  });

  it('sample and batch granularities: the weights are pamaScalar of the mean indicators (per response / over the batch) and ŝ_t = Σ c_i I(A^i_t)', () => {
    fc.assert(
      fc.property(combineCase(), fc.constantFrom<Granularity>('sample', 'batch'), (c, g) => {
        const out = unwrap(noonPpoCombine(inputOf(c, g)));
        const groups = g === 'sample' ? Array.from({ length: c.B }, (_, b) => [b]) : [Array.from({ length: c.B }, (_, b) => b)];
        groups.forEach((members, row) => {
          const means = new Array<number>(c.N).fill(0);
          let count = 0;
          for (const b of members) {
            for (let t = 0; t < c.T; t++) {
              if (c.mask[b * c.T + t] === 0) continue;
              count++;
              for (let i = 0; i < c.N; i++) means[i] += indicatorOf(c, b, t, i);
            }
          }
          const ref = unwrap(pamaScalar(means.map((m) => (count > 0 ? m / count : 0))));
          const w = out.weights.subarray(row * c.N, (row + 1) * c.N);
          expect(Array.from(w)).toEqual(Array.from(ref.weights));
          for (const b of members) {
            for (let t = 0; t < c.T; t++) {
              if (c.mask[b * c.T + t] === 0) continue;
              let s = 0;
              for (let i = 0; i < c.N; i++) s += w[i] * indicatorOf(c, b, t, i);
              expect(out.combined[b * c.T + t]).toBe(Math.fround(s));
            }
          }
        });
      }),
      { numRuns: 150 },
    );
  });

  it('gram granularity: the weights solve minNormElement on the valid-token indicator vectors I(A^i) (same ‖w‖² within the certified gaps) and ŝ = Σ c_i I(A^i)', () => {
    fc.assert(
      fc.property(combineCase(), (c) => {
        const out = unwrap(noonPpoCombine(inputOf(c, 'gram')));
        const valid = validTokens(c);
        const vectors = Array.from({ length: c.N }, (_, i) => (valid.length === 0 ? [0] : valid.map(([b, t]) => indicatorOf(c, b, t, i))));
        const ref = unwrap(minNormElement(vectors));
        const mine = out.minNorm!;
        const scale = Math.max(1e-300, ...vectors.map((v) => v.reduce((s, x) => s + x * x, 0)));
        expect(mine.converged).toBe(true);
        expect(Math.abs(mine.normSquared - ref.normSquared)).toBeLessThanOrEqual(mine.dualityGap + ref.dualityGap + 1e-12 * scale);
        valid.forEach(([b, t], k) => {
          let s = 0;
          for (let i = 0; i < c.N; i++) s += out.weights[i] * vectors[i][k];
          expect(out.combined[b * c.T + t]).toBe(Math.fround(s));
        });
      }),
      { numRuns: 150 },
    );
  });

  it("gram on indicators that differ by 3e-10 (shrunk counterexample: the better near-duplicate lies numerically in the support's affine hull, so it swaps in for its twin): converged, certified gap ≤ the 1e-10 tolerance, weights ⅓ and ⅔ on the right pair", () => {
    const out = unwrap(
      noonPpoCombine({
        advantages: {
          data: Float64Array.from([
            0, 0, 0, 1, 2.9999311366878364e-10, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1,
          ]),
          shape: [2, 5, 3],
        },
        ratios: { data: Float64Array.from([0.5, 0.5, 0.5, 1, 1, 0.5, 1, 0.5, 0.5, 0.5]), shape: [2, 5] },
        mask: { data: Float64Array.from([1, 1, 1, 1, 1, 1, 0, 1, 1, 1]), shape: [2, 5] },
        clipEpsilon: 0.05,
        granularity: 'gram',
        noon: false,
      }),
    );
    // Indicator vectors (valid tokens): ‖I⁰‖² = 2, I¹ and I² equal but for I¹'s 3e-10 where I⁰ is 1,
    // so ⟨I⁰, I¹⟩ = 3e-10 and ⟨I⁰, I²⟩ = 0: the minimum, ⅔, is ⅓·I⁰ + ⅔·I², not ⅓·I⁰ + ⅔·I¹.
    const minNorm = out.minNorm!;
    const scale = 2;
    expect(minNorm.converged).toBe(true);
    expect(minNorm.dualityGap).toBeLessThanOrEqual(1e-10 * scale);
    expect(Math.abs(minNorm.normSquared - 2 / 3)).toBeLessThanOrEqual(minNorm.dualityGap);
    expect(minNorm.weights[0]).toBeCloseTo(1 / 3, 12);
    expect(minNorm.weights[1]).toBe(0);
    expect(minNorm.weights[2]).toBeCloseTo(2 / 3, 12);
  });

  it('for any granularity: an ndarray view with non-trivial strides (transposed storage) and a non-zero offset gives exactly the result of the copied row-major array', () => {
    fc.assert(
      fc.property(combineCase(), granularity, (c, g) => {
        const { B, T, N } = c;
        // Advantages stored N×T×B inside a padded buffer (offset 3), read back as B×T×N by transpose.
        const pad = 3;
        const store = new Float32Array(pad + B * T * N + 2).fill(Number.NaN);
        const stored = ndarray(store, [N, T, B], [T * B, B, 1], pad);
        const ratioStore = new Float64Array(2 * B * T + 1).fill(Number.NaN);
        // Ratios stored T×B with an interleaved stride of 2, offset 1, then transposed.
        const ratiosView = ndarray(ratioStore, [T, B], [2 * B, 2], 1).transpose(1, 0);
        const maskView = ndarray(Float64Array.from(c.mask), [B, T]);
        for (let b = 0; b < B; b++) {
          for (let t = 0; t < T; t++) {
            ratiosView.set(b, t, c.ratios[b * T + t]);
            for (let i = 0; i < N; i++) stored.set(i, t, b, Math.fround(c.advantages[(b * T + t) * N + i]));
          }
        }
        const strided = stored.transpose(2, 1, 0);
        const rounded = { ...c, advantages: Float64Array.from(c.advantages, Math.fround) };
        const copy = unwrap(noonPpoCombine(inputOf(rounded, g)));
        const viaView = unwrap(
          noonPpoCombine({
            advantages: strided,
            ratios: ratiosView,
            mask: maskView,
            clipEpsilon: c.clipEpsilon,
            noon: c.noon,
            granularity: g,
          }),
        );
        expect(Array.from(viaView.combined)).toEqual(Array.from(copy.combined));
        expect(Array.from(viaView.weights)).toEqual(Array.from(copy.weights));
      }),
      { numRuns: 150 },
    );
  });

  it('ratios absent means u = 1 everywhere (nothing clipped); mask absent means every token is valid', () => {
    fc.assert(
      fc.property(combineCase(), granularity, (c, g) => {
        const ones = { ...c, ratios: new Float64Array(c.B * c.T).fill(1), mask: new Float64Array(c.B * c.T).fill(1) };
        const explicit = unwrap(noonPpoCombine(inputOf(ones, g)));
        const implicit = unwrap(
          noonPpoCombine({
            advantages: { data: c.advantages, shape: [c.B, c.T, c.N] },
            clipEpsilon: c.clipEpsilon,
            noon: c.noon,
            granularity: g,
          }),
        );
        expect(Array.from(implicit.combined)).toEqual(Array.from(explicit.combined));
        expect(implicit.validTokens).toBe(c.B * c.T);
      }),
      { numRuns: 100 },
    );
  });
  it('token with Noon: Float32 storage (the integer fast path) gives exactly the Float64 result on the same values — output, mean and per-token weights, with ratios and mask', () => {
    fc.assert(
      fc.property(combineCase(), fc.constantFrom<'mean' | 'per-token'>('mean', 'per-token'), (c0, tokenWeights) => {
        const c = { ...c0, noon: true, advantages: Float64Array.from(c0.advantages, Math.fround) };
        const wide = unwrap(noonPpoCombine({ ...inputOf(c, 'token'), tokenWeights }));
        const narrow = unwrap(
          noonPpoCombine({
            ...inputOf(c, 'token'),
            advantages: { data: Float32Array.from(c.advantages), shape: [c.B, c.T, c.N] },
            tokenWeights,
          }),
        );
        expect(Array.from(narrow.combined)).toEqual(Array.from(wide.combined));
        expect(Array.from(narrow.weights)).toEqual(Array.from(wide.weights));
        expect(narrow.validTokens).toBe(wide.validTokens);
      }),
      { numRuns: 150 },
    );
  });
  it('token with Noon on Float32 advantages whose N is a multiple of 4 (the WebAssembly SIMD kernel), with Float32 or Float64 ratios and mask, row-major or strided: exactly the Float64 result', () => {
    const wide = fc
      .record({ B: fc.integer({ min: 1, max: 4 }), T: fc.integer({ min: 1, max: 6 }), N: fc.constantFrom(4, 8, 12, 32) })
      .chain(({ B, T, N }) =>
        fc.record({
          c: fc.constant({ B, T, N }),
          adv: fc.array(fc.oneof(fc.double({ min: -3, max: 3, noNaN: true }), fc.constantFrom(0, -0, 1)), {
            minLength: B * T * N,
            maxLength: B * T * N,
          }),
          ratios: fc.array(fc.double({ min: 0.5, max: 1.5, noNaN: true }), { minLength: B * T, maxLength: B * T }),
          mask: fc.array(fc.constantFrom(0, 1, 1, 1), { minLength: B * T, maxLength: B * T }),
          f32PerToken: fc.boolean(),
          offset: fc.integer({ min: 0, max: 3 }),
        }),
      );
    fc.assert(
      fc.property(
        wide,
        fc.constantFrom<'mean' | 'per-token'>('mean', 'per-token'),
        ({ c: { B, T, N }, adv, ratios, mask, f32PerToken, offset }, tokenWeights) => {
          const rounded = Float64Array.from(adv, Math.fround);
          const padded = new Float32Array(offset + rounded.length);
          padded.set(rounded, offset);
          const perToken = (xs: number[]) => (f32PerToken ? Float32Array.from(xs) : Float64Array.from(xs));
          const ratioData = perToken(ratios);
          const base = { clipEpsilon: 0.2, granularity: 'token' as const, tokenWeights };
          const reference = unwrap(
            noonPpoCombine({
              ...base,
              advantages: { data: rounded, shape: [B, T, N] },
              ratios: { data: Float64Array.from(ratioData), shape: [B, T] },
              mask: { data: mask, shape: [B, T] },
            }),
          );
          const simd = unwrap(
            noonPpoCombine({
              ...base,
              advantages: { data: padded, shape: [B, T, N], offset },
              ratios: { data: ratioData, shape: [B, T] },
              mask: { data: perToken(mask), shape: [B, T] },
            }),
          );
          // The mask transposed in storage: a strided per-token view.
          const maskT = ndarray(perToken(mask.map((_, k) => mask[(k % B) * T + Math.floor(k / B)])), [T, B]).transpose(1, 0);
          const strided = unwrap(
            noonPpoCombine({
              ...base,
              advantages: { data: padded, shape: [B, T, N], offset },
              ratios: { data: ratioData, shape: [B, T] },
              mask: maskT,
            }),
          );
          for (const out of [simd, strided]) {
            expect(Array.from(out.combined)).toEqual(Array.from(reference.combined));
            expect(Array.from(out.weights)).toEqual(Array.from(reference.weights));
            expect(out.validTokens).toBe(reference.validTokens);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
