import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBackoff } from '../src/http/retry-backoff.js';

describe('retry backoff', () => {
  it('for any seed, the same seed gives the same delays', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = createBackoff({ seed });
        const b = createBackoff({ seed });
        const delays = (x: typeof a) => [0, 1, 2, 3, 4].map((r) => x.delayMs(r));
        expect(delays(a)).toEqual(delays(b));
      }),
    );
  });

  it('for any retry number and jitter, the delay lies in [(1 − jitter)·d, d] with d = min(max, base·2^retry)', () => {
    fc.assert(
      fc.property(fc.nat(20), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (retry, jitter, seed) => {
        const backoff = createBackoff({ baseDelayMs: 10, maxDelayMs: 1000, jitter, seed });
        const d = Math.min(1000, 10 * 2 ** retry);
        const delay = backoff.delayMs(retry);
        expect(delay).toBeGreaterThanOrEqual((1 - jitter) * d - 1e-9);
        expect(delay).toBeLessThanOrEqual(d);
      }),
    );
  });
});
