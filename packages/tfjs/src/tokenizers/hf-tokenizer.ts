// A Hugging Face tokenizer (tokenizer.json: byte-level BPE as in GPT-2, Qwen2 and SmolLM2, or
// SentencePiece-style BPE with byte fallback as in Llama) behind the project's Tokenizer contract,
// through @huggingface/tokenizers (pure JavaScript, offline, no dependencies). Special tokens and
// end-of-sequence ids come from the model's own files, in the order transformers reads them.
import { Tokenizer as HfTokenizerEngine } from '@huggingface/tokenizers';
import type { Tokenizer } from '../contracts.js';
import { ModelInputError } from '../models/model-errors.js';
import { renderChatTemplate, type ChatMessage } from './chat-template.js';

/** `kind` of a Hugging Face tokenizer's `toJSON()` form. */
export const HF_TOKENIZER_KIND = 'huggingface';

/** The parsed JSON files a Hugging Face tokenizer is built from (all but `tokenizer` optional). */
export interface HfTokenizerFiles {
  /** tokenizer.json. */
  readonly tokenizer: Record<string, unknown>;
  /** tokenizer_config.json. */
  readonly tokenizerConfig?: Record<string, unknown>;
  /** special_tokens_map.json. */
  readonly specialTokensMap?: Record<string, unknown>;
  /** generation_config.json. */
  readonly generationConfig?: Record<string, unknown>;
  /** config.json (the model's: its bos/eos/pad ids are the last resort). */
  readonly modelConfig?: Record<string, unknown>;
  /** The chat template when it is kept in its own file (chat_template.jinja), else the config's. */
  readonly chatTemplate?: string;
}

/** The `toJSON()` form of a {@link HfTokenizer}: its source files. */
export interface HfTokenizerJSON {
  readonly kind: typeof HF_TOKENIZER_KIND;
  readonly files: HfTokenizerFiles;
}

type SpecialName = 'bos_token' | 'eos_token' | 'pad_token' | 'unk_token';

/** A special token's text from a config entry: a string, or an AddedToken object {content}. */
function tokenText(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (entry !== null && typeof entry === 'object' && typeof (entry as { content?: unknown }).content === 'string') {
    return (entry as { content: string }).content;
  }
  return undefined;
}

function ids(value: unknown): number[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is number => Number.isInteger(v) && v >= 0);
}

/**
 * A tokenizer of a Hugging Face model. `encode` adds no special tokens (texts of special tokens in
 * the input are still recognised); `encodePrompt` puts the model's own prefix first (Llama's BOS).
 *
 * @example
 * const tokenizer: HfTokenizer = await loadHfTokenizer('models/llama'); // or HfTokenizer.fromFiles with the files' JSON
 * tokenizer.decode(tokenizer.encode('Hello world')); // 'Hello world'
 * tokenizer.encodePrompt('Hello')[0]; // 1: Llama's BOS first
 * tokenizer.stopIds; // [2]
 */
export class HfTokenizer implements Tokenizer {
  readonly vocabSize: number;
  readonly padId: number;
  readonly bosId: number;
  readonly eosId: number;
  readonly unkId: number;
  /** Every id that ends a sequence (generation_config may list several, e.g. Qwen2's <|im_end|> and <|endoftext|>). */
  readonly stopIds: readonly number[];
  /** What the tokenizer puts before a text when it adds its special tokens (Llama: [BOS]; GPT-2, Qwen2: none). */
  readonly promptPrefix: readonly number[];
  /** The model's chat template (Jinja), when it has one. */
  readonly chatTemplate: string | undefined;
  private readonly engine: HfTokenizerEngine;
  private readonly specialIds: ReadonlySet<number>;
  private readonly specialTexts: Readonly<Record<string, string>>;

  private constructor(
    private readonly files: HfTokenizerFiles,
    source: string,
  ) {
    const config = files.tokenizerConfig ?? {};
    try {
      this.engine = new HfTokenizerEngine(files.tokenizer, config);
    } catch (e) {
      throw new ModelInputError(
        'tokenizer',
        (e as Error).message.split('\n')[0],
        'is not a tokenizer that @huggingface/tokenizers can build',
        source,
      );
    }
    let maxId = -1;
    for (const id of this.engine.get_vocab(true).values()) if (id > maxId) maxId = id;
    this.vocabSize = maxId + 1;
    const generation = files.generationConfig ?? {};
    const model = files.modelConfig ?? {};
    const texts: Record<string, string> = {};
    const special = (name: SpecialName): number | undefined => {
      const text = tokenText(config[name]) ?? tokenText(files.specialTokensMap?.[name]);
      if (text === undefined) return undefined;
      const id = this.engine.token_to_id(text);
      if (id === undefined) throw new ModelInputError(name, text, 'is not a token of tokenizer.json', source);
      texts[name] = text;
      return id;
    };
    const key = (name: SpecialName): string => name.replace('_token', '_token_id');
    const fromIds = (name: SpecialName): number | undefined => ids(generation[key(name)])[0] ?? ids(model[key(name)])[0];
    const eos = special('eos_token') ?? fromIds('eos_token');
    if (eos === undefined) {
      throw new ModelInputError(
        'eos_token',
        undefined,
        'is named by none of tokenizer_config.json, special_tokens_map.json, generation_config.json, config.json',
        source,
      );
    }
    this.eosId = eos;
    this.stopIds = [...new Set([eos, ...ids(generation.eos_token_id)])];
    this.bosId = special('bos_token') ?? fromIds('bos_token') ?? eos;
    this.padId = special('pad_token') ?? fromIds('pad_token') ?? eos;
    this.unkId = special('unk_token') ?? -1;
    for (const [name, id] of [
      ['bos_token', this.bosId],
      ['eos_token', this.eosId],
      ['pad_token', this.padId],
    ] as const) {
      if (id >= this.vocabSize)
        throw new ModelInputError(key(name), id, `must be a token id below the vocabulary size ${this.vocabSize}`, source);
      texts[name] ??= this.engine.id_to_token(id) ?? '';
    }
    this.specialTexts = texts;
    this.specialIds = new Set([...this.engine.get_added_tokens_decoder()].filter(([, t]) => t.special).map(([id]) => id));
    this.promptPrefix = this.prefixOfSpecials();
    const template = files.chatTemplate ?? config.chat_template;
    this.chatTemplate = typeof template === 'string' ? template : Array.isArray(template) ? defaultNamedTemplate(template) : undefined;
  }

  /** The ids the post-processor puts before a text: found by encoding a sample with and without specials. */
  private prefixOfSpecials(): number[] {
    const plain: number[] = this.engine.encode('a', { add_special_tokens: false }).ids;
    const full: number[] = this.engine.encode('a', { add_special_tokens: true }).ids;
    for (let start = 0; start + plain.length <= full.length; start++) {
      if (plain.every((id, k) => full[start + k] === id)) return full.slice(0, start);
    }
    return [];
  }

  /**
   * Builds a tokenizer from the parsed files of a model directory; `source` (the directory) prefixes errors.
   *
   * @example
   * import { readFileSync } from 'node:fs';
   * const read = (file: string) => JSON.parse(readFileSync(`models/gpt2/${file}`, 'utf8'));
   * const tokenizer = HfTokenizer.fromFiles({ tokenizer: read('tokenizer.json'), tokenizerConfig: read('tokenizer_config.json') }, 'models/gpt2');
   * tokenizer.decode(tokenizer.encode('the cat sat')); // 'the cat sat'
   */
  static fromFiles(files: HfTokenizerFiles, source = 'tokenizer'): HfTokenizer {
    if (files === null || typeof files !== 'object' || files.tokenizer === null || typeof files.tokenizer !== 'object') {
      throw new ModelInputError('tokenizer.json', files?.tokenizer, 'must be a JSON object', source);
    }
    return new HfTokenizer(files, source);
  }

  /**
   * Rebuilds a tokenizer from its `toJSON()` form.
   *
   * @example
   * const tokenizer = await loadHfTokenizer('models/gpt2');
   * const saved = JSON.stringify(tokenizer.toJSON()); // as savePolicy stores it
   * const again = HfTokenizer.fromJSON(JSON.parse(saved));
   * again.decode(tokenizer.encode('the cat sat')); // 'the cat sat'
   */
  static fromJSON(json: unknown): HfTokenizer {
    const j = json as Partial<HfTokenizerJSON> | null;
    if (j?.kind !== HF_TOKENIZER_KIND) throw new ModelInputError('tokenizer.kind', j?.kind, `must be "${HF_TOKENIZER_KIND}"`);
    return HfTokenizer.fromFiles(j.files as HfTokenizerFiles, 'tokenizer');
  }

  encode(text: string): number[] {
    return this.engine.encode(text, { add_special_tokens: false }).ids;
  }

  /**
   * A prompt's ids as the model expects them: the tokenizer's prefix (Llama's BOS), then the text.
   *
   * @example
   * const llama = await loadHfTokenizer('models/llama');
   * llama.encodePrompt('Hello')[0]; // 1: Llama's BOS, then llama.encode('Hello')
   * llama.encodePrompt('Hello').length - llama.encode('Hello').length; // 1
   * const gpt2 = await loadHfTokenizer('models/gpt2');
   * gpt2.encodePrompt('Hello').length - gpt2.encode('Hello').length; // 0: GPT-2 puts nothing first
   */
  encodePrompt(text: string): number[] {
    return [...this.promptPrefix, ...this.encode(text)];
  }

  /** The text of the ids, special tokens and ids outside the vocabulary left out. */
  decode(ids: ArrayLike<number>): string {
    const kept: number[] = [];
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k];
      if (Number.isInteger(id) && id >= 0 && id < this.vocabSize && !this.specialIds.has(id)) kept.push(id);
    }
    return kept.length === 0 ? '' : this.engine.decode(kept, { skip_special_tokens: true, clean_up_tokenization_spaces: false });
  }

  /**
   * Formats messages with the model's chat template (the text, not yet tokenised; it includes the
   * template's own special tokens, which `encode` recognises).
   *
   * @example
   * const tokenizer = await loadHfTokenizer('models/qwen2-chat'); // a model with a ChatML template
   * tokenizer.applyChatTemplate([{ role: 'user', content: 'Hi' }]); // '<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n'
   */
  applyChatTemplate(messages: readonly ChatMessage[], options: { readonly addGenerationPrompt?: boolean } = {}): string {
    if (this.chatTemplate === undefined) {
      throw new ModelInputError(
        'chat_template',
        undefined,
        'is not in tokenizer_config.json or chat_template.jinja: this model has no chat format',
      );
    }
    return renderChatTemplate(this.chatTemplate, messages, {
      addGenerationPrompt: options.addGenerationPrompt ?? true,
      specialTokens: this.specialTexts,
    });
  }

  /**
   * A chat prompt's ids: the user's text formatted with the chat template, ready for the assistant's reply.
   *
   * @example
   * const tokenizer = await loadHfTokenizer('models/qwen2-chat'); // a model with a ChatML template
   * const ids = tokenizer.encodeChatPrompt('Write a poem'); // ids of '<|im_start|>user\nWrite a poem<|im_end|>\n<|im_start|>assistant\n'
   * tokenizer.decode(ids); // 'user\nWrite a poem\nassistant\n': decoding drops the special tokens
   */
  encodeChatPrompt(text: string): number[] {
    return this.encode(this.applyChatTemplate([{ role: 'user', content: text }]));
  }

  toJSON(): HfTokenizerJSON {
    return { kind: HF_TOKENIZER_KIND, files: this.files };
  }
}

function defaultNamedTemplate(list: readonly unknown[]): string | undefined {
  const named = list.filter((t): t is { name: string; template: string } => typeof (t as { template?: unknown })?.template === 'string');
  return (named.find((t) => t.name === 'default') ?? named[0])?.template;
}
