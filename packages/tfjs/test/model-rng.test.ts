import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, ModelInputError, XOSHIRO_ALGORITHM } from '../src/index.js';

const draws = (seed: number, n: number): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.nextUint32());
};

describe('createRng (xoshiro128**)', () => {
  it('for any safe-integer seed, two generators with that seed emit the same stream', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (seed) => {
        expect(draws(seed, 20)).toEqual(draws(seed, 20));
      }),
    );
  });

  it('for any two distinct seeds, the first 4 outputs differ', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.maxSafeNat(), (a, b) => {
        fc.pre(a !== b);
        expect(draws(a, 4)).not.toEqual(draws(b, 4));
      }),
    );
  });

  it('for any seed and any number of draws k, restoring the state after k draws replays the continuation', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(50), (seed, k) => {
        const rng = createRng(seed);
        for (let i = 0; i < k; i++) rng.nextUint32();
        const state = JSON.parse(JSON.stringify(rng.getState()));
        const expected = Array.from({ length: 10 }, () => rng.nextFloat());
        const restored = createRng(0);
        restored.setState(state);
        expect(Array.from({ length: 10 }, () => restored.nextFloat())).toEqual(expected);
      }),
    );
  });

  it('emits uint32 values and floats in [0, 1) with mean near 1/2', () => {
    const rng = createRng(42);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const u = rng.nextUint32();
      expect(Number.isInteger(u) && u >= 0 && u < 2 ** 32).toBe(true);
      const f = rng.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
      sum += f;
    }
    expect(Math.abs(sum / 20000 - 0.5)).toBeLessThan(0.01);
  });

  it('matches the reference xoshiro128** output for a known state', () => {
    // Reference: s = [1, 2, 3, 4]; first outputs of xoshiro128** from Vigna's C code.
    const rng = createRng(0);
    rng.setState({ algorithm: XOSHIRO_ALGORITHM, state: [1, 2, 3, 4] });
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([11520, 0, 5927040]);
  });

  it('rejects bad seeds and bad states with errors naming the field', () => {
    expect(() => createRng(1.5)).toThrow(ModelInputError);
    expect(() => createRng(Number.NaN)).toThrow(/seed/);
    const rng = createRng(1);
    expect(() => rng.setState({ algorithm: 'mt19937', state: [1, 2, 3, 4] })).toThrow(/rngState.algorithm/);
    expect(() => rng.setState({ algorithm: XOSHIRO_ALGORITHM, state: [1, 2, 3] })).toThrow(/rngState.state/);
    expect(() => rng.setState({ algorithm: XOSHIRO_ALGORITHM, state: [1, 2, 3, -1] })).toThrow(/rngState.state\[3\]/);
    expect(() => rng.setState({ algorithm: XOSHIRO_ALGORITHM, state: [0, 0, 0, 0] })).toThrow(/all zero/);
  });
});
