// Rebuilds any bundled tokenizer from its toJSON() form, by the `kind` it records.
import type { Tokenizer } from '../contracts.js';
import { BPE_TOKENIZER_KIND, BpeTokenizer } from './bpe-tokenizer.js';
import { ModelInputError } from '../models/model-errors.js';
import { WORD_TOKENIZER_KIND, WordTokenizer } from './word-tokenizer.js';
import { HF_TOKENIZER_KIND, HfTokenizer } from '../tokenizers/hf-tokenizer.js';

/** The kinds `tokenizerFromJSON` understands. */
export const TOKENIZER_KINDS = [BPE_TOKENIZER_KIND, WORD_TOKENIZER_KIND, HF_TOKENIZER_KIND] as const;

/**
 * A tokenizer from `tokenizer.toJSON()` output (e.g. read back from a checkpoint).
 *
 * @example
 * const tokenizer = buildWordTokenizer(['the cat sat'], { maxVocab: 100 });
 * const copy = tokenizerFromJSON(JSON.parse(JSON.stringify(tokenizer.toJSON())));
 * copy.encode('the cat'); // tokenizer.encode('the cat')
 */
export function tokenizerFromJSON(json: unknown): Tokenizer {
  const kind = json !== null && typeof json === 'object' ? (json as { kind?: unknown }).kind : undefined;
  if (kind === BPE_TOKENIZER_KIND) return BpeTokenizer.fromJSON(json);
  if (kind === WORD_TOKENIZER_KIND) return WordTokenizer.fromJSON(json);
  if (kind === HF_TOKENIZER_KIND) return HfTokenizer.fromJSON(json);
  throw new ModelInputError('tokenizer.kind', kind, `must be one of ${TOKENIZER_KINDS.map((k) => `"${k}"`).join(', ')}`);
}
