// `pama generate --model DIR`: samples responses from a saved model (OUT/pretrained,
// OUT/runs/<run>/policy or a Hugging Face model directory) for a prompt, a file of prompts, or none (unconditional samples).
import { CliError } from '../cli-error.js';
import { readTextRecords } from 'pama-experiment/data';
import { intFlag, positiveFlag } from '../generate/numeric-flags.js';
import { openSavedModel, parseBackendFlag } from '../generate/saved-model.js';
import { groupRowsByLength, indexOfLongest } from '../generate/prompt-groups.js';

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
  /** Format each prompt with the model's chat template (Hugging Face instruction-tuned models). */
  readonly chatTemplate?: boolean;
}

interface PromptInput {
  readonly text: string;
  /** Where the prompt came from, for errors: `--prompt` or FILE:LINE. */
  readonly where: string;
}

/** Rows per generate() call: bounds memory for many prompts × samples. */
const MAX_BATCH = 64;
/** Responses (prompts × --n) one command samples: a million prompts work; beyond, one line. */
export const MAX_RESPONSES = 1_000_000;

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

/** A sampled response: its text (stop tokens left out), its ids (a final stop id kept) and their log-probabilities. */
interface Response {
  readonly text: string;
  readonly tokenIds: number[];
  readonly logprobs: number[];
}

/** Temperature 0 is greedy decoding: the likeliest token at every step. */
function temperatureFlag(text: string | undefined, fallback: number): number {
  if (text !== undefined && /^\+?(0+\.?0*|\.0+)$/.test(text.trim())) return 0;
  return positiveFlag('temperature', text, fallback, 'a finite number > 0, or 0 for greedy decoding');
}

/**
 * Samples `--n` responses per prompt and prints them (or, with --json, one object per prompt:
 * `{"prompt", "promptTokenIds", "responses": [{"text", "tokenIds", "logprobs"}]}`, where
 * logprobs[i] is the natural-log probability of tokenIds[i] given everything before it).
 * @example await generateCommand({ model: 'out/runs/pama-sample-seed1/policy', prompt: 'the jury said', n: '3', seed: '7' })
 */
export async function generateCommand(flags: GenerateFlags): Promise<number> {
  const n = intFlag('n', flags.n, 1, 1000, 1);
  const seed = intFlag('seed', flags.seed, 0, 2 ** 31 - 1, 1);
  const inputs = promptInputs(flags);
  if (inputs.length * n > MAX_RESPONSES)
    throw new CliError(
      '--n',
      flags.n ?? '1',
      `${inputs.length} prompts × ${n} is ${inputs.length * n} responses; one command samples at most ${MAX_RESPONSES} (split the prompts file)`,
    );
  // The number flags' form is checked before the model loads; their bounds that depend on the model after.
  if (flags.temperature !== undefined) temperatureFlag(flags.temperature, 1);
  intFlag('top-k', flags.topK, 0, 1_000_000_000, 0);
  intFlag('max-new-tokens', flags.maxNewTokens, 1, 1_000_000_000, 1);
  const backend = parseBackendFlag(flags.backend);
  const saved = await openSavedModel(flags.model, backend);
  const { model, tokenizer, config } = saved;
  try {
    const temperature = temperatureFlag(flags.temperature, saved.generation.temperature ?? 1);
    const topK = intFlag('top-k', flags.topK, 0, config.vocabSize, saved.generation.topK ?? 0);
    const prompts = inputs.map((p) => ({ ...p, ids: saved.promptIds(p.text, flags.chatTemplate === true) }));
    const longestPrompt = prompts[indexOfLongest(prompts.map((q) => q.ids.length))];
    const longest = longestPrompt.ids.length;
    if (longest >= config.contextLength) {
      throw new CliError(
        `${longestPrompt.where}: the prompt is ${longest} tokens; the model's context holds ${config.contextLength} in all (shorten it)`,
      );
    }
    const maxNewTokens = intFlag(
      'max-new-tokens',
      flags.maxNewTokens,
      1,
      config.contextLength - 1,
      Math.min(saved.generation.maxNewTokens ?? (saved.format === 'pama' ? 16 : 32), config.contextLength - longest),
    );
    for (const p of prompts) {
      if (p.ids.length + maxNewTokens > config.contextLength) {
        throw new CliError(
          `${p.where}: the prompt is ${p.ids.length} tokens; with ${maxNewTokens} new tokens at most ${config.contextLength - maxNewTokens} fit the model's context of ${config.contextLength} (shorten it or lower --max-new-tokens)`,
        );
      }
    }
    const { createRng, generate } = await import('pama-tfjs');
    const rng = createRng(seed);
    const stops = new Set(saved.stopIds);
    const responses: Response[][] = prompts.map(() => []);
    // generate() batches prompts of one length: rows are grouped by prompt length, in prompt order.
    const byLength = groupRowsByLength(
      prompts.map((q) => q.ids.length),
      n,
    );
    for (const group of byLength.values()) {
      for (let start = 0; start < group.length; start += MAX_BATCH) {
        const batch = group.slice(start, start + MAX_BATCH);
        const gen = await generate(
          model,
          batch.map((i) => prompts[i].ids),
          // Greedy is top-1 at temperature 1 (the log-probabilities are taken before temperature anyway).
          {
            maxNewTokens,
            temperature: temperature === 0 ? 1 : temperature,
            topK: temperature === 0 ? 1 : topK,
            eosId: tokenizer.eosId,
            stopIds: saved.stopIds,
            padId: tokenizer.padId,
            rng,
          },
        );
        const width = gen.promptLength + gen.maxNewTokens;
        batch.forEach((i, b) => {
          const length = gen.responseLengths[b];
          const tokenIds = Array.from(gen.tokens.subarray(b * width + gen.promptLength, b * width + gen.promptLength + length));
          const logprobs = Array.from(gen.logProbs!.subarray(b * gen.maxNewTokens, b * gen.maxNewTokens + length));
          responses[i].push({ text: tokenizer.decode(tokenIds.filter((id) => !stops.has(id))), tokenIds, logprobs });
        });
      }
    }
    prompts.forEach((p, i) => {
      const prompt = saved.format === 'pama' ? tokenizer.decode(p.ids.slice(1)) : p.text;
      if (flags.json === true) process.stdout.write(`${JSON.stringify({ prompt, promptTokenIds: p.ids, responses: responses[i] })}\n`);
      else
        process.stdout.write(
          `${p.where === '(no prompt)' ? '(no prompt)' : `prompt: ${prompt}`}\n${responses[i].map((r, k) => `  ${k + 1}. ${r.text}`).join('\n')}\n`,
        );
    });
    return 0;
  } finally {
    model.dispose();
  }
}
