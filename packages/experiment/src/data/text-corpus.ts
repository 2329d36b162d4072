// A pre-training corpus from the user's file: each record is split into sentences at . ! or ?,
// each sentence into lower-cased word and punctuation tokens (the tokenizer's own splitting), and
// sentences outside corpus.minSentenceWords..maxSentenceWords are left out, as for the Brown corpus.
import { createHash } from 'node:crypto';
import { splitWords } from 'pama-tfjs';
import type { Corpus, CorpusOptions } from '../corpus/brown-corpus.js';
import { ExperimentError } from '../experiment-error.js';
import { readTextRecords } from './text-records.js';

const SENTENCE_END = /(?<=[.!?])\s+/;

/**
 * Loads `path` (.txt: one text per line; .jsonl: {"text": …} per line) as a corpus.
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('my-corpus.jsonl', '{"text": "The cat sat on the warm mat. It slept there all day long."}\n');
 * loadTextCorpus('my-corpus.jsonl', { minSentenceWords: 6, maxSentenceWords: 40 }).sentences.length; // 2
 */
export function loadTextCorpus(path: string, options: Omit<CorpusOptions, 'categories'>): Corpus {
  const sentences: string[][] = [];
  for (const record of readTextRecords(path, 'data.corpus')) {
    for (const sentence of record.text.split(SENTENCE_END)) {
      const words = splitWords(sentence);
      if (words.length >= options.minSentenceWords && words.length <= options.maxSentenceWords) sentences.push(words);
    }
  }
  if (sentences.length === 0) {
    throw new ExperimentError(
      `data.corpus file ${path}: no sentence of ${options.minSentenceWords}..${options.maxSentenceWords} words (see corpus.minSentenceWords / corpus.maxSentenceWords)`,
    );
  }
  const hash = createHash('sha256');
  for (const s of sentences) hash.update(`${s.join(' ')}\n`);
  return { sentences, hash: hash.digest('hex'), files: [path] };
}
