// Text to model inputs with a Hugging Face tokenizer.json, through @huggingface/tokenizers (pure
// JavaScript, no dependencies): normaliser, pre-tokenizer and model (WordPiece, BPE, Unigram) come
// from the library; truncation, which the library does not do, is done here between the model and
// the post-processor, exactly as the fast tokenizers do it (longest-first for pairs).
import { Tokenizer } from '@huggingface/tokenizers';
import { ClassifierError } from './classifier-error.js';
import type { ClassifierFolder } from './classifier-folder.js';

/** One text (or pair) as the model takes it: token ids and token type ids, of equal length. */
export interface EncodedText {
  readonly ids: readonly number[];
  readonly typeIds: readonly number[];
}

/** Which end of a text truncation (or padding) removes from (or adds to). */
export type Side = 'left' | 'right';

/** A folder's tokenizer, with the settings of its tokenizer_config.json. */
export interface TextEncoder {
  /** `text`, or the pair `text`/`pair`, with special tokens, cut to at most `maxLength` tokens. */
  encode(text: string, pair: string | null, maxLength: number): EncodedText;
  /** Special tokens the post-processor adds around one text, or around a pair. */
  specialTokens(pair: boolean): number;
  /** The id that fills padding (config.json pad_token_id, else the tokenizer's pad token, else 0). */
  readonly padId: number;
  /** The largest id the tokenizer can produce. */
  readonly maxId: number;
  /** tokenizer_config.json's `model_max_length`, when it is a real limit. */
  readonly modelMaxLength: number | undefined;
  /** tokenizer_config.json's `truncation_side` (default right). */
  readonly truncationSide: Side;
  /** tokenizer_config.json's `padding_side` (default right). */
  readonly paddingSide: Side;
}

/** The library's post-processor, called as the library's own encode calls it. */
type PostProcess = (a: string[], b: string[] | null, addSpecialTokens: boolean) => { tokens: string[]; token_type_ids?: number[] };

/**
 * @example
 * const encoder = createTextEncoder(readClassifierFolder('models/distilbert-sst2'));
 * const { ids, typeIds } = encoder.encode('a fine film', 'a dull plot', 8); // [CLS] a … [SEP] a … [SEP], cut to 8
 * ids.length; // 8
 * typeIds; // [0, 0, 0, 0, 1, 1, 1, 1]
 * encoder.specialTokens(true); // 3
 */
export function createTextEncoder(folder: ClassifierFolder): TextEncoder {
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(folder.tokenizerJson, folder.tokenizerConfig);
  } catch (error) {
    throw new ClassifierError(
      folder.dir,
      'tokenizer.json',
      undefined,
      `cannot be read as a tokenizer (${(error as Error).message.split('\n')[0]})`,
    );
  }
  const vocab = tokenizer.get_vocab(true);
  const postProcessor = tokenizer.post_processor as unknown as PostProcess | null;
  const unk = tokenizer.model === null ? undefined : (tokenizer.model as unknown as { unk_token_id?: number }).unk_token_id;
  const idOf = (token: string): number => {
    const id = vocab.get(token) ?? unk;
    if (id === undefined)
      throw new ClassifierError(folder.dir, 'tokenizer.json', token, 'a token that is not in the vocabulary, and no unknown token');
    return id;
  };
  const settings = folder.tokenizerConfig;
  const side = (key: string): Side => {
    const value = settings[key];
    if (value === undefined || value === null) return 'right';
    if (value !== 'left' && value !== 'right')
      throw new ClassifierError(folder.dir, `tokenizer_config.json ${key}`, value, 'left or right');
    return value;
  };
  const truncationSide = side('truncation_side');
  const tokensOf = (text: string): string[] => tokenizer.tokenize(text, { add_special_tokens: false });
  const assemble = (a: string[], b: string[] | null): { tokens: string[]; typeIds: number[] } => {
    if (postProcessor === null) {
      const tokens = b === null ? a : [...a, ...b];
      return { tokens, typeIds: tokens.map((_, i) => (i < a.length ? 0 : 1)) };
    }
    const out = postProcessor(a, b, true);
    return { tokens: out.tokens, typeIds: out.token_type_ids ?? new Array<number>(out.tokens.length).fill(0) };
  };
  const specials = [assemble([], null).tokens.length, assemble([], []).tokens.length];
  let maxId = -1;
  for (const id of vocab.values()) if (id > maxId) maxId = id;

  return {
    encode(text, pair, maxLength) {
      const budget = maxLength - specials[pair === null ? 0 : 1];
      const [a, b] = truncate(tokensOf(text), pair === null ? null : tokensOf(pair), budget, truncationSide);
      const { tokens, typeIds } = assemble(a, b);
      return { ids: tokens.map(idOf), typeIds };
    },
    specialTokens: (pair) => specials[pair ? 1 : 0],
    padId: folder.padTokenId ?? padIdOf(folder, vocab),
    maxId,
    modelMaxLength: modelMaxLengthOf(settings.model_max_length),
    truncationSide,
    paddingSide: side('padding_side'),
  };
}

/**
 * Cuts one sequence, or a pair, to `budget` tokens as Hugging Face's fast tokenizers do with
 * `truncation=True` (longest first): a pair keeps the shorter sequence whole when it fits in half,
 * otherwise both get half, the second one the odd token.
 *
 * @example
 * truncate(['a', 'b', 'c', 'd'], ['e', 'f', 'g', 'h'], 5, 'right'); // [['a', 'b'], ['e', 'f', 'g']]
 */
export function truncate<T>(a: T[], b: T[] | null, budget: number, side: Side): [T[], T[] | null] {
  const cut = (seq: T[], n: number): T[] => (n >= seq.length ? seq : side === 'right' ? seq.slice(0, n) : seq.slice(seq.length - n));
  if (b === null) return [cut(a, budget), null];
  if (a.length + b.length <= budget) return [a, b];
  const swap = a.length > b.length;
  let n1 = swap ? b.length : a.length;
  let n2 = n1 > budget ? n1 : Math.max(n1, budget - n1);
  if (n1 + n2 > budget) {
    n1 = Math.floor(budget / 2);
    n2 = n1 + (budget % 2);
  }
  return swap ? [cut(a, n2), cut(b, n1)] : [cut(a, n1), cut(b, n2)];
}

function padIdOf(folder: ClassifierFolder, vocab: Map<string, number>): number {
  const padding = folder.tokenizerJson.padding as { pad_id?: unknown } | null | undefined;
  if (typeof padding?.pad_id === 'number') return padding.pad_id;
  const pad = folder.tokenizerConfig.pad_token;
  const content =
    typeof pad === 'string'
      ? pad
      : typeof (pad as { content?: unknown })?.content === 'string'
        ? (pad as { content: string }).content
        : undefined;
  return (content === undefined ? undefined : vocab.get(content)) ?? 0;
}

/** transformers writes a huge sentinel (1e30) when a tokenizer has no limit. */
function modelMaxLengthOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 1e7 ? value : undefined;
}
