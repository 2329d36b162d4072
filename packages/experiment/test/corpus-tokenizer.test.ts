import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BpeTokenizer, splitWords, WordTokenizer } from 'pama-tfjs';
import { attachPunctuation, BROWN_CATEGORIES, loadBrownCorpus } from '../src/corpus/brown-corpus.js';
import { buildCorpusTokenizer } from '../src/corpus/corpus-tokenizer.js';
import { DEFAULT_ALIGN_CONFIG } from '../src/config/align-config.js';
import { resolveAlignConfig } from '../src/config/resolve-align-config.js';

const token = fc.oneof(fc.constantFrom('.', ',', '(', ')', '$', '%', ';', '?'), fc.stringMatching(/^[a-z0-9']{1,6}$/));

describe('corpus text and tokenizer choice', () => {
  it('glues punctuation to its word, and the word tokenizer still sees the same tokens', () => {
    expect(attachPunctuation(['he', 'said', '(', 'twice', ')', ',', 'no', '.'])).toEqual(['he', 'said', '(twice),', 'no.']);
    fc.assert(
      fc.property(fc.array(token, { maxLength: 20 }), (tokens) => {
        const words = attachPunctuation(tokens);
        expect(words.join('')).toBe(tokens.join(''));
        expect(splitWords(words.join(' '))).toEqual(splitWords(tokens.join(' ')));
      }),
      { numRuns: 200 },
    );
  });

  it('all fifteen categories load, far more text than press reviews alone', () => {
    const options = { minSentenceWords: 6, maxSentenceWords: 40 };
    const all = loadBrownCorpus({ ...options, categories: BROWN_CATEGORIES });
    const reviews = loadBrownCorpus({ ...options, categories: ['c'] });
    expect(all.files).toHaveLength(500);
    expect(all.sentences.length).toBeGreaterThan(10 * reviews.sentences.length);
    expect(all.sentences[0].join(' ')).toMatch(/^the fulton county grand jury said friday .*place\.$/);
  });

  it('corpus.tokenizer picks the tokenizer; the BPE vocabulary is bounded by corpus.maxVocabulary', () => {
    const texts = ['the concert was a joy.', 'the concert was long, and dull.', 'a dull play about nothing.'];
    const bpe = buildCorpusTokenizer({ ...DEFAULT_ALIGN_CONFIG.corpus, tokenizer: 'bpe', maxVocabulary: 280 }, texts);
    expect(bpe).toBeInstanceOf(BpeTokenizer);
    expect(bpe.vocabSize).toBeLessThanOrEqual(280);
    expect(bpe.decode(bpe.encode('unseen words, zebra!'))).toBe('unseen words, zebra!');
    const word = buildCorpusTokenizer({ ...DEFAULT_ALIGN_CONFIG.corpus, tokenizer: 'word', maxVocabulary: 280 }, texts);
    expect(word).toBeInstanceOf(WordTokenizer);
    expect(word.encode('zebra')).toEqual([word.unkId]);
  });

  it('a BPE vocabulary smaller than the 256 bytes plus specials is refused, naming the key', () => {
    expect(() => resolveAlignConfig({ corpus: { tokenizer: 'bpe', maxVocabulary: 258 } }, {}, false)).toThrow(/corpus\.maxVocabulary.*258/);
    expect(resolveAlignConfig({ corpus: { tokenizer: 'word', maxVocabulary: 258 } }, {}, false).corpus.maxVocabulary).toBe(258);
    expect(() => resolveAlignConfig({ corpus: { tokenizer: 'sentencepiece' } }, {}, false)).toThrow(/corpus\.tokenizer/);
  });
});
