// A byte-level BPE tokenizer (GPT-2 style) trained on the corpus by the project's own code.
// Ids: 0–2 the specials <pad>, <bos>, <eos>; 3–258 the 256 bytes; 259… one per learned merge.
// Every well-formed string encodes (there is no <unk>) and decode(encode(s)) === s.
import type { Tokenizer } from '../contracts.js';
import { learnMerges } from './bpe-train.js';
import { requireWellFormed, splitChunks, utf8Bytes } from './byte-pretokenize.js';
import { ModelInputError, requireInteger } from '../models/model-errors.js';

/** The `kind` a BPE tokenizer records in its JSON (checkpoints and caches tell the tokenizers apart by it). */
export const BPE_TOKENIZER_KIND = 'bpe';
const SPECIALS = ['<pad>', '<bos>', '<eos>'] as const;
const BYTE_OFFSET = SPECIALS.length;
const FIRST_MERGE_ID = BYTE_OFFSET + 256;
/** Pair keys pack two ids into one number (see bpe-train.ts), so ids stay below 2^16. */
export const MAX_BPE_VOCABULARY = 65536;
/** The smallest vocabulary: 3 specials and the 256 byte ids, before any merge. */
export const MIN_BPE_VOCABULARY = FIRST_MERGE_ID;
// Chunk → ids memo; cleared when full so memory stays bounded on unbounded input.
const CACHE_LIMIT = 50_000;

/** A BPE tokenizer as JSON: its specials and its merges in learning order. */
export interface BpeTokenizerJSON {
  readonly kind: typeof BPE_TOKENIZER_KIND;
  readonly version: 1;
  readonly specials: readonly string[];
  /** Merge k joins the pair [left id, right id] into id 259 + k. */
  readonly merges: ReadonlyArray<readonly [number, number]>;
}

/** Options of `buildBpeTokenizer`. */
export interface BuildBpeTokenizerOptions {
  /** Largest vocabulary (specials + 256 bytes + merges), in [259, 65536]; fewer when pairs run out. */
  readonly vocabSize: number;
  /** A pair must occur at least this often to be merged (default 2). */
  readonly minPairCount?: number;
}

const decoder = new TextDecoder('utf-8');

/**
 * A byte-level BPE tokenizer: text → UTF-8 bytes → learned merges; decode inverts encode exactly.
 *
 * @example
 * const tok = buildBpeTokenizer(['the cat sat on the mat'], { vocabSize: 300 });
 * const again = BpeTokenizer.fromJSON(tok.toJSON());
 * again.decode(again.encode('the mat')); // 'the mat'
 */
export class BpeTokenizer implements Tokenizer {
  readonly padId = 0;
  readonly bosId = 1;
  readonly eosId = 2;
  /** No id is ever unknown: every byte has its own id. -1 is never produced by encode. */
  readonly unkId = -1;
  private readonly merges: ReadonlyArray<readonly [number, number]>;
  private readonly ranks = new Map<number, number>();
  private readonly bytes: Uint8Array[] = [];
  private readonly cache = new Map<string, readonly number[]>();

  constructor(merges: ReadonlyArray<readonly [number, number]>) {
    if (!Array.isArray(merges)) throw new ModelInputError('merges', merges, 'must be an array of [left, right] id pairs');
    if (FIRST_MERGE_ID + merges.length > MAX_BPE_VOCABULARY) {
      throw new ModelInputError('merges', merges.length, `must number at most ${MAX_BPE_VOCABULARY - FIRST_MERGE_ID}`);
    }
    for (let b = 0; b < 256; b++) this.bytes.push(Uint8Array.of(b));
    merges.forEach((pair, k) => {
      const id = FIRST_MERGE_ID + k;
      const ok = Array.isArray(pair) && pair.length === 2 && pair.every((x) => Number.isInteger(x) && x >= BYTE_OFFSET && x < id);
      if (!ok) throw new ModelInputError(`merges[${k}]`, pair, `must be two ids in [${BYTE_OFFSET}, ${id}) (bytes or earlier merges)`);
      const key = pair[0] * 65536 + pair[1];
      if (this.ranks.has(key)) throw new ModelInputError(`merges[${k}]`, pair, 'is a duplicate');
      this.ranks.set(key, k);
      const left = this.bytes[pair[0] - BYTE_OFFSET];
      const right = this.bytes[pair[1] - BYTE_OFFSET];
      const joined = new Uint8Array(left.length + right.length);
      joined.set(left);
      joined.set(right, left.length);
      this.bytes.push(joined);
    });
    this.merges = merges.map((p) => [p[0], p[1]] as const);
  }

  /** Number of ids: specials, bytes and merges. */
  get vocabSize(): number {
    return FIRST_MERGE_ID + this.merges.length;
  }

  /** Ids of the text's tokens, without <bos>/<eos> (the caller adds those where it wants them). */
  encode(text: string): number[] {
    requireWellFormed('text', text);
    const ids: number[] = [];
    for (const chunk of splitChunks(text)) {
      let chunkIds = this.cache.get(chunk);
      if (chunkIds === undefined) {
        chunkIds = this.encodeChunk(chunk);
        if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
        this.cache.set(chunk, chunkIds);
      }
      for (const id of chunkIds) ids.push(id);
    }
    return ids;
  }

  /** The text of the ids' bytes; <pad>, <bos> and <eos> are skipped, broken UTF-8 shows as U+FFFD. */
  decode(ids: ArrayLike<number>): string {
    const parts: Uint8Array[] = [];
    let length = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id === this.padId || id === this.bosId || id === this.eosId) continue;
      const bytes = Number.isInteger(id) && id >= BYTE_OFFSET ? this.bytes[id - BYTE_OFFSET] : undefined;
      if (bytes === undefined) throw new ModelInputError(`ids[${i}]`, id, `must be a token id in [0, ${this.vocabSize})`);
      parts.push(bytes);
      length += bytes.length;
    }
    const all = new Uint8Array(length);
    let offset = 0;
    for (const p of parts) {
      all.set(p, offset);
      offset += p.length;
    }
    return decoder.decode(all);
  }

  /** The token's text for display: a special's name, or its bytes as UTF-8 (U+FFFD where partial). */
  tokenText(id: number): string {
    if (Number.isInteger(id) && id >= 0 && id < BYTE_OFFSET) return SPECIALS[id];
    return this.decode([requireInteger('id', id, 0)]);
  }

  toJSON(): BpeTokenizerJSON {
    return { kind: BPE_TOKENIZER_KIND, version: 1, specials: [...SPECIALS], merges: this.merges.map((p) => [p[0], p[1]] as const) };
  }

  /** Rebuilds a tokenizer from `toJSON()`'s output; throws naming the field when it does not fit. */
  static fromJSON(json: unknown): BpeTokenizer {
    const value = json as Partial<BpeTokenizerJSON> | null;
    if (value === null || typeof value !== 'object') throw new ModelInputError('tokenizer', json, 'must be an object');
    if (value.kind !== BPE_TOKENIZER_KIND) throw new ModelInputError('tokenizer.kind', value.kind, `must be "${BPE_TOKENIZER_KIND}"`);
    if (value.version !== 1) throw new ModelInputError('tokenizer.version', value.version, 'must be 1');
    const specials = value.specials;
    if (!Array.isArray(specials) || specials.length !== SPECIALS.length || specials.some((s, i) => s !== SPECIALS[i])) {
      throw new ModelInputError('tokenizer.specials', specials, `must be ${JSON.stringify(SPECIALS)}`);
    }
    if (!Array.isArray(value.merges))
      throw new ModelInputError('tokenizer.merges', value.merges, 'must be an array of [left, right] id pairs');
    return new BpeTokenizer(value.merges);
  }

  /** Applies the merges to one chunk, lowest rank first (the order they were learned in). */
  private encodeChunk(chunk: string): number[] {
    const symbols = Array.from(utf8Bytes(chunk), (b) => b + BYTE_OFFSET);
    for (;;) {
      let bestRank = Number.POSITIVE_INFINITY;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const rank = this.ranks.get(symbols[i] * 65536 + symbols[i + 1]);
        if (rank !== undefined && rank < bestRank) bestRank = rank;
      }
      if (bestRank === Number.POSITIVE_INFINITY) return symbols;
      const [a, b] = this.merges[bestRank];
      const merged = FIRST_MERGE_ID + bestRank;
      let out = 0;
      for (let i = 0; i < symbols.length; i++, out++) {
        if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
          symbols[out] = merged;
          i++;
        } else symbols[out] = symbols[i];
      }
      symbols.length = out;
    }
  }
}

/**
 * Learns a byte-level BPE vocabulary from `texts`: chunks are counted, then the most frequent
 * adjacent pair is merged until `vocabSize` is reached or no pair occurs `minPairCount` times.
 * Deterministic: the same texts (in any order) give the same merges.
 *
 * @example
 * const tok = buildBpeTokenizer(['the cat sat on the mat', 'the cat ate'], { vocabSize: 300 });
 * tok.decode(tok.encode('the bat')) // 'the bat' — unseen words fall back to smaller pieces
 */
export function buildBpeTokenizer(texts: Iterable<string>, options: BuildBpeTokenizerOptions): BpeTokenizer {
  const vocabSize = requireInteger('options.vocabSize', options?.vocabSize, MIN_BPE_VOCABULARY);
  if (vocabSize > MAX_BPE_VOCABULARY) throw new ModelInputError('options.vocabSize', vocabSize, `must be <= ${MAX_BPE_VOCABULARY}`);
  const minPairCount = requireInteger('options.minPairCount', options.minPairCount ?? 2, 1);
  const counts = new Map<string, number>();
  let index = 0;
  for (const text of texts) {
    requireWellFormed(`texts[${index}]`, text);
    for (const chunk of splitChunks(text)) counts.set(chunk, (counts.get(chunk) ?? 0) + 1);
    index++;
  }
  const chunks = [...counts].map(([chunk, count]) => ({ symbols: Array.from(utf8Bytes(chunk), (b) => b + BYTE_OFFSET), count }));
  const merges = learnMerges(chunks, { firstMergeId: FIRST_MERGE_ID, maxMerges: vocabSize - FIRST_MERGE_ID, minPairCount });
  return new BpeTokenizer(merges);
}
