// Longest-first truncation as Hugging Face's fast tokenizers define it, on generated sequences and
// budgets: what fits is unchanged; otherwise exactly `budget` tokens stay, each sequence keeps its
// start (right truncation) or its end (left), and the shorter sequence stays whole when it fits in
// half the budget, else the two share the budget, the longer taking the odd token.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { truncate } from '../src/index.js';

const seq = (tag: string) => fc.nat({ max: 40 }).map((n) => Array.from({ length: n }, (_, i) => `${tag}${i}`));
const side = fc.constantFrom('left' as const, 'right' as const);
const kept = <T>(original: T[], part: T[], s: 'left' | 'right') =>
  s === 'right' ? original.slice(0, part.length) : original.slice(original.length - part.length);

describe('truncate', () => {
  it('one sequence: the first (right) or last (left) min(length, budget) tokens', () => {
    fc.assert(
      fc.property(seq('a'), fc.nat({ max: 50 }), side, (a, budget, s) => {
        const [out, none] = truncate(a, null, budget, s);
        expect(none).toBeNull();
        expect(out.length).toBe(Math.min(a.length, budget));
        expect(out).toEqual(kept(a, out, s));
      }),
    );
  });

  it('a pair that fits the budget is unchanged', () => {
    fc.assert(
      fc.property(seq('a'), seq('b'), fc.nat({ max: 40 }), side, (a, b, extra, s) => {
        expect(truncate(a, b, a.length + b.length + extra, s)).toEqual([a, b]);
      }),
    );
  });

  it('a pair that does not fit keeps exactly budget tokens, the shorter whole when it fits in half, else split floor/ceil', () => {
    fc.assert(
      fc.property(seq('a'), seq('b'), fc.nat({ max: 80 }), side, (a, b, budget, s) => {
        fc.pre(a.length + b.length > budget);
        const [x, y] = truncate(a, b, budget, s);
        if (y === null) throw new Error('a pair lost its second sequence');
        expect(x.length + y.length).toBe(budget);
        expect(x).toEqual(kept(a, x, s));
        expect(y).toEqual(kept(b, y, s));
        const [shorter, longer] = a.length <= b.length ? [x, y] : [y, x];
        const shorterLength = Math.min(a.length, b.length);
        if (shorterLength <= Math.floor(budget / 2)) expect(shorter.length).toBe(shorterLength);
        else expect([shorter.length, longer.length]).toEqual([Math.floor(budget / 2), Math.ceil(budget / 2)]);
      }),
    );
  });
});
