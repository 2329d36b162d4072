import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupRowsByLength, indexOfLongest } from '../src/generate/prompt-groups.js';

describe('generate: rows grouped by prompt length', () => {
  it('every prompt index appears n times in the group of its length, in prompt order; groups in order of first appearance', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), (lengths, n) => {
        const groups = groupRowsByLength(lengths, n);
        expect([...groups.keys()]).toEqual([...new Set(lengths)]);
        for (const [length, rows] of groups) {
          const expected = lengths.flatMap((l, i) => (l === length ? Array.from({ length: n }, () => i) : []));
          expect(rows).toEqual(expected);
        }
      }),
    );
  });

  it('a million prompts: grouped, and the longest found, without a spread that overflows the stack', () => {
    const lengths = Int32Array.from({ length: 1_000_000 }, (_, i) => 1 + ((i * 7919) % 13));
    lengths[654_321] = 99;
    const groups = groupRowsByLength(lengths, 1);
    expect([...groups.values()].reduce((a, g) => a + g.length, 0)).toBe(1_000_000);
    expect(groups.get(99)).toEqual([654_321]);
    expect(indexOfLongest(lengths)).toBe(654_321);
    expect(indexOfLongest([])).toBe(-1);
    expect(indexOfLongest([2, 5, 5])).toBe(1);
  });
});
