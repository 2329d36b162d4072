// Reads the tokenizer files of a Hugging Face model directory.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelInputError } from '../models/model-errors.js';
import { HfTokenizer, type HfTokenizerFiles } from './hf-tokenizer.js';

/** The files beside the weights that describe tokenisation and generation; an export copies those present. */
export const HF_TOKENIZER_FILES = [
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'generation_config.json',
  'chat_template.jinja',
  'added_tokens.json',
  'vocab.json',
  'merges.txt',
  'tokenizer.model',
] as const;

/**
 * A JSON object from a file, or undefined when the file does not exist.
 *
 * @example
 * const config = await readJsonObject('models/gpt2/config.json');
 * config?.model_type; // 'gpt2'
 * await readJsonObject('models/gpt2/missing.json'); // undefined
 */
export async function readJsonObject(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ModelInputError('file', (e as NodeJS.ErrnoException).code ?? String(e), 'is not readable', path);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ModelInputError('contents', text.slice(0, 40), `must be JSON (${(e as Error).message.split('\n')[0]})`, path);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ModelInputError('contents', value, 'must be a JSON object', path);
  return value as Record<string, unknown>;
}

/**
 * The tokenizer of a Hugging Face model directory: tokenizer.json, with tokenizer_config.json,
 * special_tokens_map.json, generation_config.json, config.json and chat_template.jinja when present.
 *
 * @example
 * const tokenizer = await loadHfTokenizer('models/gpt2');
 * const ids = tokenizer.encode('Hello world'); // [15496, 995] with GPT-2's own vocabulary
 * tokenizer.decode(ids); // 'Hello world'
 */
export async function loadHfTokenizer(dir: string): Promise<HfTokenizer> {
  const tokenizer = await readJsonObject(join(dir, 'tokenizer.json'));
  if (tokenizer === undefined) {
    throw new ModelInputError(
      'tokenizer.json',
      'missing',
      'is needed (slow-tokenizer files alone, vocab.json or tokenizer.model, are not read)',
      dir,
    );
  }
  const [tokenizerConfig, specialTokensMap, generationConfig, modelConfig] = await Promise.all(
    ['tokenizer_config.json', 'special_tokens_map.json', 'generation_config.json', 'config.json'].map((f) => readJsonObject(join(dir, f))),
  );
  let chatTemplate: string | undefined;
  try {
    chatTemplate = await readFile(join(dir, 'chat_template.jinja'), 'utf8');
  } catch {
    chatTemplate = undefined;
  }
  const files: HfTokenizerFiles = {
    tokenizer,
    ...(tokenizerConfig ? { tokenizerConfig } : {}),
    ...(specialTokensMap ? { specialTokensMap } : {}),
    ...(generationConfig ? { generationConfig } : {}),
    ...(modelConfig ? { modelConfig: pickIds(modelConfig) } : {}),
    ...(chatTemplate !== undefined ? { chatTemplate } : {}),
  };
  return HfTokenizer.fromFiles(files, dir);
}

/** Only the special-token ids of config.json matter to the tokenizer (and keep its JSON form small). */
function pickIds(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['bos_token_id', 'eos_token_id', 'pad_token_id']) if (key in config) out[key] = config[key];
  return out;
}
