// `pama generate --model DIR`: samples responses from a saved model (OUT/pretrained or
// OUT/runs/<run>/policy) for a prompt, a file of prompts, or none (unconditional samples).
import type { Tokenizer } from 'pama-tfjs';
import { CliError } from '../cli-error.js';
import { contentTokens } from '../data/prompt-file.js';
import { readTextRecords } from '../data/text-records.js';
import { intFlag, positiveFlag } from './numeric-flags.js';
import { openSavedModel, parseBackendFlag } from './saved-model.js';

export interface GenerateFlags {
  readonly model?: string;
  readonly prompt?: string;
  readonly prompts?: string;
  readonly n?: string;
  readonly temperature?: string;
  readonly topK?: string;
  readonly seed?: string;
  readonly maxNewTokens?: string;
  readonly backend?: string;
  readonly json?: boolean;
}

interface PromptInput {
  readonly text: string;
  /** Where the prompt came from, for errors: `--prompt` or FILE:LINE. */
  readonly where: string;
}

/** Rows per generate() call: bounds memory for many prompts × samples. */
const MAX_BATCH = 64;

function promptInputs(flags: GenerateFlags): PromptInput[] {
  if (flags.prompt !== undefined && flags.prompts !== undefined) throw new CliError('give --prompt TEXT or --prompts FILE, not both');
  if (flags.prompt !== undefined) return [{ text: flags.prompt, where: '--prompt' }];
  if (flags.prompts !== undefined)
    return readTextRecords(flags.prompts, '--prompts', ['text', 'prompt']).map((r) => ({
      text: r.text,
      where: `${flags.prompts}:${r.line}`,
    }));
  return [{ text: '', where: '(no prompt)' }];
}

function responseText(tokenizer: Tokenizer, tokens: Int32Array, start: number, length: number): string {
  return tokenizer.decode(Array.from(tokens.subarray(start, start + length)).filter((id) => id !== tokenizer.eosId));
}

/**
 * Samples `--n` responses per prompt and prints them (or JSON lines with --json).
 * @example await generateCommand({ model: 'out/runs/pama-sample-seed1/policy', prompt: 'the jury said', n: '3', seed: '7' })
 */
export async function generateCommand(flags: GenerateFlags): Promise<number> {
  const n = intFlag('n', flags.n, 1, 1000, 1);
  const seed = intFlag('seed', flags.seed, 0, 2 ** 31 - 1, 1);
  const inputs = promptInputs(flags);
  const backend = parseBackendFlag(flags.backend);
  const saved = await openSavedModel(flags.model, backend);
  const { model, tokenizer, config } = saved;
  try {
    const temperature = positiveFlag('temperature', flags.temperature, saved.generation.temperature ?? 1);
    const topK = intFlag('top-k', flags.topK, 0, config.vocabSize, saved.generation.topK ?? 0);
    const prompts = inputs.map((p) => ({ ...p, ids: [tokenizer.bosId, ...contentTokens(tokenizer, p.text)] }));
    const longest = Math.max(...prompts.map((p) => p.ids.length));
    const maxNewTokens = intFlag(
      'max-new-tokens',
      flags.maxNewTokens,
      1,
      config.contextLength - 1,
      Math.min(saved.generation.maxNewTokens ?? 16, config.contextLength - longest),
    );
    for (const p of prompts) {
      if (p.ids.length + maxNewTokens > config.contextLength) {
        throw new CliError(
          `${p.where}: the prompt is ${p.ids.length - 1} tokens; with ${maxNewTokens} new tokens at most ${config.contextLength - 1 - maxNewTokens} fit the model's context of ${config.contextLength} (shorten it or lower --max-new-tokens)`,
        );
      }
    }
    const { createRng, generate } = await import('pama-tfjs');
    const rng = createRng(seed);
    const responses: string[][] = prompts.map(() => []);
    // generate() batches prompts of one length: rows are grouped by prompt length, in prompt order.
    const rows = prompts.flatMap((_, i) => Array.from({ length: n }, () => i));
    const byLength = new Map<number, number[]>();
    for (const i of rows) byLength.set(prompts[i].ids.length, [...(byLength.get(prompts[i].ids.length) ?? []), i]);
    for (const group of byLength.values()) {
      for (let start = 0; start < group.length; start += MAX_BATCH) {
        const batch = group.slice(start, start + MAX_BATCH);
        const gen = await generate(
          model,
          batch.map((i) => prompts[i].ids),
          { maxNewTokens, temperature, topK, eosId: tokenizer.eosId, rng },
        );
        const width = gen.promptLength + gen.maxNewTokens;
        batch.forEach((i, b) => {
          responses[i].push(responseText(tokenizer, gen.tokens, b * width + gen.promptLength, gen.responseLengths[b]));
        });
      }
    }
    prompts.forEach((p, i) => {
      const prompt = tokenizer.decode(p.ids.slice(1));
      if (flags.json === true) process.stdout.write(`${JSON.stringify({ prompt, responses: responses[i] })}\n`);
      else
        process.stdout.write(
          `${p.where === '(no prompt)' ? '(no prompt)' : `prompt: ${prompt}`}\n${responses[i].map((r, k) => `  ${k + 1}. ${r}`).join('\n')}\n`,
        );
    });
    return 0;
  } finally {
    model.dispose();
  }
}
