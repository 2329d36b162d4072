// The tokenizer `pama align` learns from the training sentences: byte-level BPE (the default, no
// unknown token) or the word tokenizer (frequent words plus <unk>), by `corpus.tokenizer`.
import { buildBpeTokenizer, buildWordTokenizer, type Tokenizer } from 'pama-tfjs';
import type { AlignConfig } from '../config/align-config.js';

/**
 * Builds the configured tokenizer from `texts` (deterministic: same texts, same tokenizer).
 *
 * @example
 * const tokenizer = buildCorpusTokenizer(config.corpus, train.map((s) => s.join(' ')));
 */
export function buildCorpusTokenizer(corpus: AlignConfig['corpus'], texts: readonly string[]): Tokenizer {
  return corpus.tokenizer === 'bpe'
    ? buildBpeTokenizer(texts, { vocabSize: corpus.maxVocabulary })
    : buildWordTokenizer(texts, { maxVocab: corpus.maxVocabulary, minCount: corpus.minWordCount });
}
