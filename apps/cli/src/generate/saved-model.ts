// Opening a model directory for `pama generate` and `pama eval`: backend selection, then either
// the project's own format (model.json: OUT/pretrained or OUT/runs/<run>/policy) or a Hugging Face
// directory (config.json + safetensors: a downloaded model, or a run's export). A directory that is
// neither, or a checkpoint that does not fit its config, is one line naming it and what is wrong.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PolicyValueModel, Tokenizer, TransformerConfig } from 'pama-tfjs';
import { BACKENDS, type BackendChoice } from 'pama-experiment/config';
import { CliError } from '../cli-error.js';
import { ExperimentError } from 'pama-experiment';
import { contentTokens } from 'pama-experiment/data';
import { readBoundedText } from 'pama-experiment/io';

/** Sampling defaults: a pama policy's training settings, or a Hugging Face generation_config.json. */
export interface SavedGeneration {
  readonly maxNewTokens?: number;
  /** 0 = greedy. */
  readonly temperature?: number;
  readonly topK?: number;
}

/** An opened model with what generating from it needs, whichever format it came in. */
export interface SavedModel {
  readonly format: 'pama' | 'huggingface';
  readonly model: PolicyValueModel;
  readonly tokenizer: Tokenizer;
  readonly config: TransformerConfig;
  readonly metadata: Record<string, unknown>;
  readonly dir: string;
  readonly generation: SavedGeneration;
  /** Every id that ends a response (EOS, and a Hugging Face model's further stop ids). */
  readonly stopIds: readonly number[];
  /** A prompt's ids as the model expects them; `chat` formats it with the model's chat template first. */
  promptIds(text: string, chat: boolean): number[];
}

export function parseBackendFlag(text: string | undefined): BackendChoice {
  const value = text ?? 'auto';
  if (!(BACKENDS as readonly string[]).includes(value)) throw new CliError('--backend', value, `one of ${BACKENDS.join(', ')}`);
  return value as BackendChoice;
}

/** Whether `dir` holds a Hugging Face model (config.json and no model.json of the project's format). */
export function isHuggingFaceDir(dir: string): boolean {
  return existsSync(join(dir, 'config.json')) && !existsSync(join(dir, 'model.json'));
}

function readJson(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  try {
    const value: unknown = JSON.parse(readBoundedText(path, '--model'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch (error) {
    if (error instanceof ExperimentError) throw error;
    throw new CliError(`${path}: not a JSON object`);
  }
}

/** transformers' defaults: greedy unless generation_config.json says do_sample (then top_k 50 unless given). */
function huggingFaceGeneration(dir: string): SavedGeneration {
  const g = readJson(join(dir, 'generation_config.json'));
  const positiveInt = (v: unknown) => (Number.isSafeInteger(v) && (v as number) > 0 ? (v as number) : undefined);
  const maxNewTokens = positiveInt(g.max_new_tokens);
  if (g.do_sample !== true) return { temperature: 0, ...(maxNewTokens === undefined ? {} : { maxNewTokens }) };
  const temperature = typeof g.temperature === 'number' && g.temperature > 0 ? g.temperature : 1;
  const topK = Number.isSafeInteger(g.top_k) && (g.top_k as number) >= 0 ? (g.top_k as number) : 50;
  return { temperature, topK, ...(maxNewTokens === undefined ? {} : { maxNewTokens }) };
}

async function openHuggingFace(path: string): Promise<Omit<SavedModel, 'dir'>> {
  const { loadHfTokenizer, loadPretrainedModel, EXPORT_INFO_FILE } = await import('pama-tfjs');
  const tokenizer = await loadHfTokenizer(path);
  const model = await loadPretrainedModel(path);
  const exported = readJson(join(path, EXPORT_INFO_FILE));
  return {
    format: 'huggingface',
    model,
    tokenizer,
    config: model.config,
    metadata: { kind: 'huggingface', architecture: model.config.architecture, ...exported },
    generation: huggingFaceGeneration(path),
    stopIds: tokenizer.stopIds,
    promptIds: (text, chat) => {
      if (chat && tokenizer.chatTemplate === undefined)
        throw new CliError(`--chat-template: ${path} has no chat_template (in tokenizer_config.json or chat_template.jinja)`);
      const ids = chat ? tokenizer.encodeChatPrompt(text) : tokenizer.encodePrompt(text);
      // An empty prompt (GPT-2 adds no BOS) starts from the BOS token, as transformers does.
      return ids.length > 0 ? ids : [tokenizer.bosId];
    },
  };
}

async function openPama(path: string): Promise<Omit<SavedModel, 'dir'>> {
  const { loadPolicy } = await import('pama-tfjs');
  const loaded = await loadPolicy(path);
  const { tokenizer } = loaded;
  return {
    format: 'pama',
    ...loaded,
    generation: (loaded.metadata.generation ?? {}) as SavedGeneration,
    stopIds: [tokenizer.eosId],
    promptIds: (text, chat) => {
      if (chat) throw new CliError('--chat-template: the model has no chat template (only Hugging Face models have one)');
      return [tokenizer.bosId, ...contentTokens(tokenizer, text)];
    },
  };
}

/**
 * Selects the backend and opens the model in `dir`: the project's format (OUT/pretrained,
 * OUT/runs/<run>/policy) or a Hugging Face directory (config.json, safetensors, tokenizer.json).
 * @example const { model, tokenizer, promptIds } = await openSavedModel('models/gpt2', 'wasm');
 */
export async function openSavedModel(dir: string | undefined, backend: BackendChoice): Promise<SavedModel> {
  if (dir === undefined)
    throw new CliError('--model DIR is required (OUT/pretrained, OUT/runs/<run>/policy or a Hugging Face model directory)');
  const path = resolve(dir);
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new CliError(`--model ${dir}: no such directory`);
  const huggingFace = isHuggingFaceDir(path);
  if (!huggingFace && !existsSync(join(path, 'model.json')))
    throw new CliError(
      `--model ${dir}: neither model.json (OUT/pretrained or OUT/runs/<run>/policy) nor config.json (a Hugging Face model directory)`,
    );
  const { selectBackend } = await import('pama-tfjs');
  await selectBackend(backend, { fallback: backend === 'auto' });
  try {
    return { ...(huggingFace ? await openHuggingFace(path) : await openPama(path)), dir: path };
  } catch (e) {
    if (e instanceof ExperimentError) throw e;
    throw new CliError(`--model ${dir}: ${(e as Error).message.split('\n')[0]}`);
  }
}
