import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildWordTokenizer, ModelInputError, splitWords, WordTokenizer } from '../src/index.js';

const CORPUS = [
  'The film was wonderful, and the acting was great!',
  "It wasn't a good film; the plot (such as it was) dragged.",
  'A great, great cast. The ending? Wonderful.',
];

describe('word tokenizer', () => {
  it('splits lower-cased words, contractions and punctuation', () => {
    expect(splitWords("It WASN'T good (really)!")).toEqual(['it', "wasn't", 'good', '(', 'really', ')', '!']);
  });

  it('orders the vocabulary by frequency (ties alphabetical) after the four specials', () => {
    const tok = buildWordTokenizer(CORPUS, { maxVocab: 10 });
    const vocab = tok.toJSON().vocabulary;
    expect(vocab.slice(0, 4)).toEqual(['<pad>', '<bos>', '<eos>', '<unk>']);
    // Counts: the 4; '.', great, was 3; ',', a, film, it, wonderful 2.
    expect(vocab.slice(4)).toEqual(['the', '.', 'great', 'was', ',', 'a']);
    expect(tok.vocabSize).toBe(10);
  });

  it('maps words below minCount or beyond maxVocab to <unk>', () => {
    const tok = buildWordTokenizer(CORPUS, { maxVocab: 100, minCount: 2 });
    expect(tok.encode('the plot')).toEqual([tok.encode('the')[0], tok.unkId]);
    expect(tok.decode(tok.encode('the plot'))).toBe('the <unk>');
  });

  it('for any sentence over the vocabulary, decode then encode returns the same ids', () => {
    const tok = buildWordTokenizer(CORPUS, { maxVocab: 1000 });
    const ids = fc.integer({ min: 3, max: tok.vocabSize - 1 });
    fc.assert(
      fc.property(fc.array(ids, { maxLength: 30 }), (sentence) => {
        expect(tok.encode(tok.decode(sentence))).toEqual(sentence);
      }),
    );
  });

  it('for any text, encode ∘ decode ∘ encode = encode (normalisation is idempotent)', () => {
    const tok = buildWordTokenizer(CORPUS, { maxVocab: 1000 });
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const ids = tok.encode(text);
        expect(tok.encode(tok.decode(ids))).toEqual(ids);
      }),
    );
  });

  it('skips pad, bos and eos when decoding and attaches punctuation', () => {
    const tok = buildWordTokenizer(CORPUS, { maxVocab: 1000 });
    const ids = [tok.bosId, ...tok.encode("it wasn't great, (really) the end!"), tok.eosId, tok.padId];
    expect(tok.decode(ids)).toBe("it wasn't great, (<unk>) the <unk>!");
  });

  it('survives a JSON round trip and encodes identically', () => {
    const tok = buildWordTokenizer(CORPUS, { maxVocab: 12 });
    const rebuilt = WordTokenizer.fromJSON(JSON.parse(JSON.stringify(tok)));
    for (const text of CORPUS) expect(rebuilt.encode(text)).toEqual(tok.encode(text));
    expect(rebuilt.vocabSize).toBe(tok.vocabSize);
  });

  it('rejects bad options and bad JSON naming the field and value', () => {
    expect(() => buildWordTokenizer(CORPUS, { maxVocab: 4 })).toThrow(/options\.maxVocab.*got 4/);
    expect(() => buildWordTokenizer(CORPUS, { maxVocab: 10, minCount: 0 })).toThrow(/options\.minCount/);
    expect(() => buildWordTokenizer([3 as unknown as string], { maxVocab: 10 })).toThrow(/texts\[0\]/);
    expect(() => WordTokenizer.fromJSON({ kind: 'bpe', version: 1, vocabulary: [] })).toThrow(/tokenizer\.kind/);
    expect(() => WordTokenizer.fromJSON({ kind: 'word', version: 1, vocabulary: ['<pad>', '<bos>', '<eos>', '<unk>', 'a', 'a'] })).toThrow(
      /vocabulary\[5\].*duplicate/,
    );
    expect(() =>
      WordTokenizer.fromJSON({ kind: 'word', version: 1, vocabulary: ['<pad>', '<bos>', '<eos>', '<unk>', 'Two Words'] }),
    ).toThrow(ModelInputError);
    const tok = buildWordTokenizer(CORPUS, { maxVocab: 10 });
    expect(() => tok.decode([10])).toThrow(/ids\[0\].*got 10/);
  });
});
