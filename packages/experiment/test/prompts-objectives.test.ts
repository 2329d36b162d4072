import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildBpeTokenizer, buildWordTokenizer, createRng } from 'pama-tfjs';
import { buildPrompts, splitsWord, uniformPromptSampler } from '../src/corpus/prompts.js';
import { lengthScale, objectiveSources } from '../src/align/objectives.js';
import { resolveAlignConfig } from '../src/config/resolve-align-config.js';

const sentences = [
  ['the', 'concert', 'was', 'a', 'joy'],
  ['the', 'concert', 'was', 'long'],
  ['a', 'dull', 'play', 'about', 'nothing'],
  ['rare', 'words', 'stay', 'unknown'],
];

describe('prompts and objectives', () => {
  const tokenizer = buildWordTokenizer(
    sentences.slice(0, 3).map((s) => s.join(' ')),
    { maxVocab: 64 },
  );

  it('prompts are BOS plus the first words, all one length, unique, with no unknown word', () => {
    const prompts = buildPrompts(sentences, tokenizer, 3);
    expect(prompts.texts).toEqual(['the concert was', 'a dull play']);
    for (const p of prompts.tokens) {
      expect(p).toHaveLength(4);
      expect(p[0]).toBe(tokenizer.bosId);
      expect(p).not.toContain(tokenizer.unkId);
    }
  });

  it('with a subword tokenizer, a prompt that would stop inside a word is skipped; every kept prompt ends at a word end', () => {
    // Byte-level BPE with no merges: one token per byte, so 5 tokens of "the concert" stop at "the c".
    const bytes = buildBpeTokenizer(['the concert'], { vocabSize: 259 });
    expect(buildPrompts([['the', 'concert']], bytes, 5).texts).toEqual([]);
    expect(buildPrompts([['the', 'concert']], bytes, 3).texts).toEqual(['the']);
    expect(buildPrompts([['the', 'concert']], bytes, 4).texts).toEqual(['the ']);
    expect(buildPrompts([['the', 'concert']], bytes, 11).texts).toEqual(['the concert']);
    expect(splitsWord(bytes, bytes.encode('the co'), bytes.encode('n')[0]!)).toBe(true);
    expect(splitsWord(bytes, bytes.encode('the'), bytes.encode(' ')[0]!)).toBe(false);
    // A token ending inside a multi-byte character splits it.
    const [first, second] = bytes.encode('é');
    expect(splitsWord(bytes, [first!], second!)).toBe(true);
  });

  it('with the word tokenizer every token is a word, so no prompt is skipped for splitting one', () => {
    const glued = [['he', 'said', ',', 'in', 'part'], ...sentences];
    const words = buildWordTokenizer(
      glued.map((s) => s.join(' ')),
      { maxVocab: 64 },
    );
    expect(buildPrompts(glued, words, 2).texts).toEqual(['he said', 'the concert', 'a dull', 'rare words']);
  });

  it('for any seed, the prompt sampler draws from the prompt set and replays identically', () => {
    const prompts = buildPrompts(sentences, tokenizer, 3);
    const sample = uniformPromptSampler(prompts);
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 16 }), (seed, n) => {
        const a = sample(createRng(seed), n);
        expect(a).toEqual(sample(createRng(seed), n));
        for (const p of a) expect(prompts.tokens).toContainEqual(p);
      }),
      { numRuns: 30 },
    );
  });

  it("the length reward keeps the paper's proportions: it saturates at the response budget", async () => {
    const config = resolveAlignConfig({ generation: { maxNewTokens: 12 } }, {}, false);
    expect(lengthScale(config)).toBe(8);
    const [, length] = objectiveSources(config, tokenizer);
    const scored = await length.score([
      { prompt: 'x', response: 'the' },
      { prompt: 'x', response: 'the concert was a joy the concert was' },
      { prompt: 'x', response: Array(12).fill('the').join(' ') },
    ])();
    expect(scored._tag).toBe('Right');
    if (scored._tag === 'Right') expect(Array.from(scored.right)).toEqual([0.5, 1, 1.5]);
  });
});
