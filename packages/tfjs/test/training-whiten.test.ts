import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskedWhiten } from '../src/training/whiten.js';

describe('maskedWhiten', () => {
  it('whitens each objective over valid tokens only (hand-worked)', () => {
    // Objective 0 valid values 1, 2, 3: mean 2, population variance 2/3 → ±√1.5. The masked 100 is ignored.
    const out = maskedWhiten({ values: [1, 10, 2, 10, 3, 40, 100, 100], mask: [1, 1, 1, 0], nObjectives: 2 });
    const s = Math.sqrt(1.5);
    expect(out[0]).toBeCloseTo(-s, 5);
    expect(out[2]).toBeCloseTo(0, 5);
    expect(out[4]).toBeCloseTo(s, 5);
    expect(out[6]).toBe(0);
    expect(out[7]).toBe(0);
    // Objective 1: 10, 10, 40 → mean 20, variance 200.
    expect(out[1]).toBeCloseTo(-10 / Math.sqrt(200), 5);
    expect(out[5]).toBeCloseTo(20 / Math.sqrt(200), 5);
  });

  it('for any values with at least two distinct valid entries, the valid entries get mean 0 and variance 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.boolean()), { minLength: 2, maxLength: 40 }),
        (entries) => {
          const values = entries.map(([v]) => v);
          const mask = entries.map(([, m]) => (m ? 1 : 0));
          const valid = values.filter((_, k) => mask[k] === 1);
          const mean0 = valid.reduce((a, b) => a + b, 0) / Math.max(valid.length, 1);
          const variance0 = valid.reduce((a, b) => a + (b - mean0) ** 2, 0) / Math.max(valid.length, 1);
          fc.pre(valid.length >= 2 && variance0 > 1e-3);
          const out = maskedWhiten({ values, mask, nObjectives: 1 });
          const w = Array.from(out).filter((_, k) => mask[k] === 1);
          const mean = w.reduce((a, b) => a + b, 0) / w.length;
          const variance = w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length;
          expect(mean).toBeCloseTo(0, 4);
          expect(variance).toBeCloseTo(1, 3);
          out.forEach((x, k) => {
            if (mask[k] === 0) expect(x).toBe(0);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
