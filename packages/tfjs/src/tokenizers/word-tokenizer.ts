// A word-level tokenizer: lower-cased words (with inner apostrophes) and single punctuation marks,
// vocabulary chosen by corpus frequency. Ids 0–3 are the specials <pad>, <bos>, <eos>, <unk>.
import type { Tokenizer } from '../contracts.js';
import { ModelInputError, requireInteger } from '../models/model-errors.js';

/** The `kind` of a {@link WordTokenizerJSON}. */
export const WORD_TOKENIZER_KIND = 'word';
const SPECIALS = ['<pad>', '<bos>', '<eos>', '<unk>'] as const;
const UNK_TEXT = '<unk>';

// `<unk>` is matched literally so decode(encode(x)) re-encodes to the same ids.
const TOKEN_PATTERN = /<unk>|[a-z0-9]+(?:'[a-z0-9]+)*|[^\sa-z0-9]/g;
// Marks written without a space before them, and marks written without a space after them.
const ATTACH_LEFT = new Set(['.', ',', '!', '?', ';', ':', ')', ']', '}', '%', "'"]);
const ATTACH_RIGHT = new Set(['(', '[', '{', '$', '#']);

/** The serialised form of a {@link WordTokenizer} (`toJSON`, `fromJSON`). */
export interface WordTokenizerJSON {
  readonly kind: typeof WORD_TOKENIZER_KIND;
  readonly version: 1;
  /** Index = id; the first four are the specials. */
  readonly vocabulary: readonly string[];
}

/** Options of {@link buildWordTokenizer}. */
export interface BuildWordTokenizerOptions {
  /** Vocabulary size including the 4 specials (≥ 5). */
  readonly maxVocab: number;
  /** Words seen fewer times than this map to <unk> (default 1). */
  readonly minCount?: number;
}

/**
 * Splits text into lower-cased word and punctuation tokens.
 *
 * @example
 * splitWords("It's fine, isn't it?"); // ["it's", 'fine', ',', "isn't", 'it', '?']
 */
export function splitWords(text: string): string[] {
  return text.toLowerCase().match(TOKEN_PATTERN) ?? [];
}

/**
 * A word-level tokenizer over a fixed vocabulary; ids 0–3 are `<pad>`, `<bos>`, `<eos>`, `<unk>`.
 * Build one with {@link buildWordTokenizer} or restore one with {@link WordTokenizer.fromJSON}.
 *
 * @example
 * const tokenizer = buildWordTokenizer(['the cat sat', 'the dog sat'], { maxVocab: 16 });
 * tokenizer.decode(tokenizer.encode('the cat sat')); // 'the cat sat'
 */
export class WordTokenizer implements Tokenizer {
  readonly padId = 0;
  readonly bosId = 1;
  readonly eosId = 2;
  readonly unkId = 3;
  private readonly ids: ReadonlyMap<string, number>;

  constructor(private readonly vocabulary: readonly string[]) {
    SPECIALS.forEach((special, i) => {
      if (vocabulary[i] !== special) throw new ModelInputError(`vocabulary[${i}]`, vocabulary[i], `must be "${special}"`);
    });
    const ids = new Map<string, number>();
    vocabulary.forEach((word, i) => {
      if (typeof word !== 'string' || word.length === 0) {
        throw new ModelInputError(`vocabulary[${i}]`, word, 'must be a non-empty string');
      }
      if (ids.has(word)) throw new ModelInputError(`vocabulary[${i}]`, word, 'is a duplicate');
      if (i >= SPECIALS.length && splitWords(word).join(' ') !== word) {
        throw new ModelInputError(`vocabulary[${i}]`, word, 'is not a single lower-case token');
      }
      ids.set(word, i);
    });
    ids.set(UNK_TEXT, this.unkId);
    this.ids = ids;
  }

  /** Number of ids, specials included. */
  get vocabSize(): number {
    return this.vocabulary.length;
  }

  /** Ids of the text's tokens, without <bos>/<eos> (the caller adds those where it wants them). */
  encode(text: string): number[] {
    return splitWords(text).map((w) => this.ids.get(w) ?? this.unkId);
  }

  /** Joins tokens with spaces, attaching punctuation; <pad>, <bos> and <eos> are skipped. */
  decode(ids: ArrayLike<number>): string {
    let out = '';
    let glueNext = true;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id === this.padId || id === this.bosId || id === this.eosId) continue;
      const word = this.vocabulary[id];
      if (word === undefined) throw new ModelInputError(`ids[${i}]`, id, `must be a token id in [0, ${this.vocabSize})`);
      out += glueNext || ATTACH_LEFT.has(word) ? word : ` ${word}`;
      glueNext = ATTACH_RIGHT.has(word);
    }
    return out;
  }

  /** The token string of an id (specials included), for display. */
  tokenText(id: number): string {
    const word = this.vocabulary[id];
    if (word === undefined) throw new ModelInputError('id', id, `must be a token id in [0, ${this.vocabSize})`);
    return word;
  }

  toJSON(): WordTokenizerJSON {
    return { kind: WORD_TOKENIZER_KIND, version: 1, vocabulary: [...this.vocabulary] };
  }

  /** Restores a tokenizer from `toJSON()` output; throws ModelInputError naming a bad field. */
  static fromJSON(json: unknown): WordTokenizer {
    const value = json as Partial<WordTokenizerJSON> | null;
    if (value === null || typeof value !== 'object') throw new ModelInputError('tokenizer', json, 'must be an object');
    if (value.kind !== WORD_TOKENIZER_KIND) throw new ModelInputError('tokenizer.kind', value.kind, `must be "${WORD_TOKENIZER_KIND}"`);
    if (value.version !== 1) throw new ModelInputError('tokenizer.version', value.version, 'must be 1');
    if (!Array.isArray(value.vocabulary))
      throw new ModelInputError('tokenizer.vocabulary', value.vocabulary, 'must be an array of strings');
    return new WordTokenizer(value.vocabulary);
  }
}

/**
 * Builds the vocabulary from `texts`: the (maxVocab − 4) most frequent tokens seen at least
 * minCount times, ties broken alphabetically so the result does not depend on text order.
 *
 * @example
 * const tokenizer = buildWordTokenizer(['the cat sat', 'the dog sat'], { maxVocab: 2000 });
 * tokenizer.decode(tokenizer.encode('the cat sat')); // 'the cat sat'
 * tokenizer.encode('the bird').includes(tokenizer.unkId); // true (an unseen word)
 */
export function buildWordTokenizer(texts: Iterable<string>, options: BuildWordTokenizerOptions): WordTokenizer {
  const maxVocab = requireInteger('options.maxVocab', options?.maxVocab, SPECIALS.length + 1);
  const minCount = requireInteger('options.minCount', options.minCount ?? 1, 1);
  const counts = new Map<string, number>();
  let index = 0;
  for (const text of texts) {
    if (typeof text !== 'string') throw new ModelInputError(`texts[${index}]`, text, 'must be a string');
    for (const word of splitWords(text)) {
      if (word !== UNK_TEXT) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    index++;
  }
  const words = [...counts.entries()]
    .filter(([, n]) => n >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, maxVocab - SPECIALS.length)
    .map(([w]) => w);
  return new WordTokenizer([...SPECIALS, ...words]);
}
