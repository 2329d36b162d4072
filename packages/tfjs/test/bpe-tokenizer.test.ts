import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BpeTokenizer,
  buildBpeTokenizer,
  buildWordTokenizer,
  ModelInputError,
  splitChunks,
  tokenizerFromJSON,
  WordTokenizer,
} from '../src/index.js';
import { learnMerges } from '../src/tokenizers/bpe-train.js';

const CORPUS = [
  'The film was wonderful, and the acting was great!',
  "It wasn't a good film; the plot (such as it was) dragged.",
  'A great, great cast. The ending? Wonderful. 1961 was the year.',
  'the jury said the election was conducted well, and the city was praised.',
];
const TRAINED = buildBpeTokenizer(CORPUS, { vocabSize: 400 });

// Text from any Unicode code points (astral ones included), and English-like text from few letters.
const anyText = fc.string({ unit: 'binary', maxLength: 60 });
const smallAlphabetText = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', 'é', ',', '1'), maxLength: 30 });

/** Reference BPE: recounts every pair before each merge (the definition the fast trainer must match). */
function naiveMerges(
  chunks: { symbols: number[]; count: number }[],
  firstMergeId: number,
  maxMerges: number,
  minPairCount: number,
): Array<[number, number]> {
  const words = chunks.map((c) => ({ symbols: [...c.symbols], count: c.count }));
  const merges: Array<[number, number]> = [];
  while (merges.length < maxMerges) {
    const counts = new Map<string, number>();
    for (const w of words)
      for (let i = 0; i + 1 < w.symbols.length; i++) {
        const k = `${w.symbols[i]},${w.symbols[i + 1]}`;
        counts.set(k, (counts.get(k) ?? 0) + w.count);
      }
    let best: [number, number] | null = null;
    let bestCount = 0;
    for (const [k, n] of counts) {
      const [a, b] = k.split(',').map(Number);
      if (n > bestCount || (n === bestCount && best !== null && (a < best[0] || (a === best[0] && b < best[1])))) {
        best = [a, b];
        bestCount = n;
      }
    }
    if (best === null || bestCount < minPairCount) break;
    const id = firstMergeId + merges.length;
    merges.push(best);
    for (const w of words) {
      const out: number[] = [];
      for (let i = 0; i < w.symbols.length; i++) {
        if (i + 1 < w.symbols.length && w.symbols[i] === best[0] && w.symbols[i + 1] === best[1]) {
          out.push(id);
          i++;
        } else out.push(w.symbols[i]);
      }
      w.symbols = out;
    }
  }
  return merges;
}

describe('byte-level pre-tokenisation', () => {
  it('cuts words with their leading space, contractions, digit runs and punctuation runs', () => {
    expect(splitChunks("the jury's 12 men,  then")).toEqual(['the', ' jury', "'s", ' 12', ' men', ',', ' ', ' then']);
  });

  it('tiles any string: the chunks concatenate back to it', () => {
    fc.assert(
      fc.property(anyText, (s) => splitChunks(s).join('') === s),
      { numRuns: 300 },
    );
  });
});

describe('BPE tokenizer', () => {
  it('round-trips any Unicode string exactly, with ids in range and no unknown token', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const ids = TRAINED.encode(s);
        expect(ids.every((id) => Number.isInteger(id) && id >= 3 && id < TRAINED.vocabSize)).toBe(true);
        expect(TRAINED.decode(ids)).toBe(s);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips with vocabularies learned from arbitrary texts', () => {
    fc.assert(
      fc.property(
        fc.array(smallAlphabetText, { maxLength: 8 }),
        smallAlphabetText,
        fc.integer({ min: 259, max: 300 }),
        (texts, probe, vocabSize) => {
          const tok = buildBpeTokenizer(texts, { vocabSize, minPairCount: 1 });
          expect(tok.vocabSize).toBeLessThanOrEqual(vocabSize);
          for (const s of [...texts, probe]) expect(tok.decode(tok.encode(s))).toBe(s);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('learns the same merges incrementally as a full recount per merge', () => {
    const chunk = fc.record({
      symbols: fc.array(fc.integer({ min: 3, max: 7 }), { minLength: 1, maxLength: 12 }),
      count: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(
        fc.array(chunk, { maxLength: 12 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 3 }),
        (chunks, maxMerges, minPairCount) => {
          const fast = learnMerges(chunks, { firstMergeId: 259, maxMerges, minPairCount });
          expect(fast).toEqual(naiveMerges(chunks, 259, maxMerges, minPairCount));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is deterministic: the texts in any order give the same merges', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(CORPUS, { minLength: CORPUS.length }), (shuffled) => {
        expect(buildBpeTokenizer(shuffled, { vocabSize: 400 }).toJSON()).toEqual(TRAINED.toJSON());
      }),
      { numRuns: 10 },
    );
  });

  it('merges the most frequent pair first and stops when no pair occurs minPairCount times', () => {
    // "abab" and " abab": (a,b) ×4 → X; then (X,X) ×2 → Y; then (" ",Y) ×1 < 2: stop at 261 < 300.
    const a = 3 + 97;
    const b = 3 + 98;
    const tok = buildBpeTokenizer(['abab abab'], { vocabSize: 300 });
    expect(tok.toJSON().merges).toEqual([
      [a, b],
      [259, 259],
    ]);
    expect(tok.vocabSize).toBe(261);
    expect(tok.encode('abab abab')).toEqual([260, 3 + 32, 260]);
    expect(tok.tokenText(260)).toBe('abab');
  });

  it('compresses its training text: frequent words become one token', () => {
    const ids = TRAINED.encode('the film was');
    expect(ids.map((id) => TRAINED.tokenText(id))).toEqual(['the', ' film', ' was']);
  });

  it('skips <pad>/<bos>/<eos> when decoding and writes broken UTF-8 as U+FFFD', () => {
    const e = TRAINED.encode('é'); // two bytes, two byte tokens
    expect(e).toEqual([3 + 0xc3, 3 + 0xa9]);
    expect(TRAINED.decode([TRAINED.bosId, ...e, TRAINED.eosId, TRAINED.padId])).toBe('é');
    expect(TRAINED.decode([e[0]])).toBe('\ufffd');
    expect(TRAINED.tokenText(TRAINED.bosId)).toBe('<bos>');
  });

  it('survives a JSON round trip, and tokenizerFromJSON rebuilds either kind', () => {
    const json = JSON.parse(JSON.stringify(TRAINED.toJSON()));
    const rebuilt = BpeTokenizer.fromJSON(json);
    for (const s of CORPUS) expect(rebuilt.encode(s)).toEqual(TRAINED.encode(s));
    expect(tokenizerFromJSON(json).encode(CORPUS[0])).toEqual(TRAINED.encode(CORPUS[0]));
    const word = buildWordTokenizer(CORPUS, { maxVocab: 20 });
    const wordCopy = tokenizerFromJSON(JSON.parse(JSON.stringify(word.toJSON())));
    expect(wordCopy).toBeInstanceOf(WordTokenizer);
    expect(wordCopy.encode(CORPUS[1])).toEqual(word.encode(CORPUS[1]));
  });

  it('rejects bad input naming the field and the value', () => {
    expect(() => buildBpeTokenizer(CORPUS, { vocabSize: 258 })).toThrow(/options\.vocabSize.*got 258/);
    expect(() => buildBpeTokenizer(CORPUS, { vocabSize: 70000 })).toThrow(/options\.vocabSize.*got 70000/);
    expect(() => buildBpeTokenizer(CORPUS, { vocabSize: 300, minPairCount: 0 })).toThrow(/options\.minPairCount/);
    expect(() => buildBpeTokenizer(['ok', 'bad \ud800'], { vocabSize: 300 })).toThrow(/texts\[1\].*lone surrogate at index 4/);
    expect(() => TRAINED.encode('x\udc00')).toThrow(ModelInputError);
    expect(() => TRAINED.decode([TRAINED.vocabSize])).toThrow(new RegExp(`ids\\[0\\].*got ${TRAINED.vocabSize}`));
    expect(() => TRAINED.decode([1.5])).toThrow(/ids\[0\]/);
    expect(() => BpeTokenizer.fromJSON({ kind: 'word', version: 1 })).toThrow(/tokenizer\.kind/);
    expect(() => BpeTokenizer.fromJSON({ kind: 'bpe', version: 1, specials: ['<pad>', '<bos>', '<eos>'], merges: [[3, 259]] })).toThrow(
      /merges\[0\].*\[3, 259\]/,
    );
    expect(() =>
      BpeTokenizer.fromJSON({
        kind: 'bpe',
        version: 1,
        specials: ['<pad>', '<bos>', '<eos>'],
        merges: [
          [3, 4],
          [3, 4],
        ],
      }),
    ).toThrow(/merges\[1\].*duplicate/);
    expect(() => BpeTokenizer.fromJSON({ kind: 'bpe', version: 1, specials: ['<pad>'], merges: [] })).toThrow(/tokenizer\.specials/);
    expect(() => tokenizerFromJSON({ kind: 'sentencepiece' })).toThrow(/tokenizer\.kind.*"sentencepiece"/);
  });
});
