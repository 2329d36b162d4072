// The tokenizer `pama align` learns from the training sentences, by `corpus.tokenizer`: the word
// tokenizer (frequent words plus <unk>, the default) or byte-level BPE (no unknown token).
import { buildBpeTokenizer, buildWordTokenizer, type Tokenizer } from 'pama-tfjs';
import type { AlignConfig } from '../config/align-config.js';

/**
 * Builds the configured tokenizer from `texts` (deterministic: same texts, same tokenizer).
 *
 * @example
 * const tokenizer = buildCorpusTokenizer(DEFAULT_ALIGN_CONFIG.corpus, ['the cat sat on the mat', 'the dog ran home']);
 * tokenizer.decode(tokenizer.encode('the cat')); // 'the cat'
 */
export function buildCorpusTokenizer(corpus: AlignConfig['corpus'], texts: readonly string[]): Tokenizer {
  return corpus.tokenizer === 'bpe'
    ? buildBpeTokenizer(texts, { vocabSize: corpus.maxVocabulary })
    : buildWordTokenizer(texts, { maxVocab: corpus.maxVocabulary, minCount: corpus.minWordCount });
}
