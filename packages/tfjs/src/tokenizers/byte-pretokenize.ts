// Byte-level pre-tokenisation for the BPE tokenizer: text is cut into chunks (a word with its
// leading space, a run of digits, a run of punctuation, a run of spaces), and each chunk becomes
// its UTF-8 bytes. Merges never cross a chunk boundary, so " the" and "the," stay apart.
import { ModelInputError } from '../models/model-errors.js';

// GPT-2's pattern: English contractions, then letters, digits or other marks with at most one
// leading space, then whitespace (a run before a word leaves its last space to that word).
// Every code point is a letter, a digit, whitespace or "other", so the chunks tile the text.
const CHUNK_PATTERN = /'(?:s|t|re|ve|m|ll|d)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

const encoder = new TextEncoder();

/**
 * Splits text into pre-token chunks whose concatenation is the text.
 *
 * @example
 * splitChunks("the jury's 12 men, then") // ['the', ' jury', "'s", ' 12', ' men', ',', ' then']
 */
export function splitChunks(text: string): string[] {
  return text.match(CHUNK_PATTERN) ?? [];
}

/** Throws unless every UTF-16 surrogate in `text` is paired (only such text has a UTF-8 form). */
export function requireWellFormed(field: string, text: unknown): string {
  if (typeof text !== 'string') throw new ModelInputError(field, text, 'must be a string');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i++;
      continue;
    }
    throw new ModelInputError(
      field,
      text.length > 40 ? `${text.slice(0, 37)}...` : text,
      `has a lone surrogate at index ${i} (not encodable as UTF-8)`,
    );
  }
  return text;
}

/** The UTF-8 bytes of a (well-formed) string. */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}
