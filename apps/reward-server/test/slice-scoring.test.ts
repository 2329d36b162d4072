import fc from 'fast-check';
import { functionReward, lengthReward, scoreAll, sentimentReward } from 'pama-rewards';
import { describe, expect, it } from 'vitest';
import { scoreInSlices } from '../src/slice-scoring.js';

const itemArb = fc.record({ prompt: fc.string({ maxLength: 20 }), response: fc.string({ maxLength: 60 }) });

describe('scoreInSlices', () => {
  it('for any items and slice size, gives the matrix scoreAll gives in one batch', async () => {
    const sources = [lengthReward({ unit: 'characters', scale: 1, min: 0, max: 1e9 }), sentimentReward({ analyser: 'afinn' })];
    await fc.assert(
      fc.asyncProperty(fc.array(itemArb, { maxLength: 30 }), fc.integer({ min: 1, max: 200 }), async (items, sliceChars) => {
        const sliced = await scoreInSlices(sources, items, sliceChars);
        const whole = await scoreAll(sources, items)();
        if (!sliced.ok || whole._tag === 'Left') throw new Error('scoring failed');
        expect([...sliced.scores]).toEqual([...whole.right.data]);
      }),
      { numRuns: 60 },
    );
  });

  it('names a failing item by its index in the whole request, not in its slice', async () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ prompt: '', response: i === 7 ? 'bad' : 'fine' }));
    const picky = functionReward({ name: 'picky', scoreItem: ({ response }) => (response === 'bad' ? Number.NaN : 1) });
    const result = await scoreInSlices([picky], items, 8); // two items per slice
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.item).toBe(7);
      expect(result.error.message).toContain('at item 7');
    }
  });
});
