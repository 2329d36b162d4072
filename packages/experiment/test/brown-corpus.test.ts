import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitWords } from 'pama-tfjs';
import { loadBrownCorpus, splitHeldOut, stripTags } from '../src/corpus/brown-corpus.js';

describe('Brown corpus', () => {
  it('strips word/TAG tokens to lowercased words and drops quote marks', () => {
    expect(stripTags("\tIt/pps is/bez not/* news/nn that/cs Nathan/np ``/`` Milstein's/np$ ''/'' ./.")).toEqual([
      'it',
      'is',
      'not',
      'news',
      'that',
      'nathan',
      "milstein's",
      '.',
    ]);
    expect(stripTags('1/2/cd inch/nn')).toEqual(['1/2', 'inch']);
  });

  it('category C (press reviews) yields sentences within the word bounds, and a stable hash', () => {
    const options = { categories: ['c'], minSentenceWords: 6, maxSentenceWords: 40 };
    const a = loadBrownCorpus(options);
    expect(a.files.length).toBe(17);
    expect(a.files.every((f) => f.startsWith('cc'))).toBe(true);
    expect(a.sentences.length).toBeGreaterThan(1000);
    // Bounds count tokens before punctuation is glued to words: at most 40 words, at least 6 tokens.
    expect(a.sentences.every((s) => s.length <= 40 && splitWords(s.join(' ')).length >= 6)).toBe(true);
    expect(loadBrownCorpus(options).hash).toBe(a.hash);
    expect(loadBrownCorpus({ ...options, maxSentenceWords: 39 }).hash).not.toBe(a.hash);
  });

  it('for any list and k ≥ 2, the held-out split is a partition with every k-th item held out', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 2, max: 20 }), (xs, k) => {
        const { train, heldOut } = splitHeldOut(xs, k);
        expect(train.length + heldOut.length).toBe(xs.length);
        expect(heldOut).toEqual(xs.filter((_, i) => i % k === k - 1));
      }),
    );
  });
});
