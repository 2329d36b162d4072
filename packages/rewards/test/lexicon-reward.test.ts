import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lexiconReward, lexiconWords, parseLexicon, RewardConfigError } from '../src/index.js';

const score = async (weights: Map<string, number>, response: string): Promise<number> => {
  const result = await lexiconReward({ name: 'lex', weights }).score([{ prompt: 'p', response }])();
  if (E.isLeft(result)) throw result.left;
  return result.right[0];
};

describe('lexiconReward', () => {
  it('scores the weighted rate of listed words per word, case-insensitively, 0 for an empty response', async () => {
    const weights = new Map([
      ['kill', -1],
      ['hate', -0.5],
    ]);
    expect(await score(weights, 'Kill the lights now')).toBeCloseTo(-0.25);
    expect(await score(weights, 'I hate hate it')).toBeCloseTo(-0.25);
    expect(await score(weights, '')).toBe(0);
    expect(await score(weights, 'a calm day')).toBe(0);
  });

  it('a response made only of one listed word scores that word’s weight (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 20 }), fc.double({ min: -5, max: 5, noNaN: true }), async (n, w) => {
        const s = await score(new Map([['bad', w]]), Array(n).fill('bad').join(' '));
        expect(s).toBeCloseTo(w, 9);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects an empty or non-finite lexicon at construction', () => {
    expect(() => lexiconReward({ name: 'x', weights: new Map() })).toThrow(RewardConfigError);
    expect(() => lexiconReward({ name: 'x', weights: new Map([['a', Number.NaN]]) })).toThrow(/weights\["a"\]/);
  });
});

describe('parseLexicon', () => {
  it('reads words with optional weights, skipping comments and blank lines', () => {
    expect([...parseLexicon('# harmful\n\nKill -1\nhate\t-0.5\nugly\n')]).toEqual([
      ['kill', -1],
      ['hate', -0.5],
      ['ugly', 1],
    ]);
  });

  it('names the line of a bad entry', () => {
    expect(() => parseLexicon('kill -1\nhate lots\n')).toThrow(/line 2: .*\(got "lots"\)/);
    expect(() => parseLexicon('kill -1\nkill 2\n')).toThrow(/line 2.*listed twice/);
    expect(() => parseLexicon('a b c\n')).toThrow(/line 1/);
    expect(() => parseLexicon('# only a comment\n')).toThrow(/lists no words/);
  });

  it('lexiconWords splits on anything but letters, digits, apostrophes and hyphens', () => {
    expect(lexiconWords("Don't STOP-me, now!")).toEqual(["don't", 'stop-me', 'now']);
  });
});
