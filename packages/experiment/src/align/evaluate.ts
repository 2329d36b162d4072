// Evaluation on held-out prompts: sample responses with a fixed seed and score them, so
// "before" and "after" differ only by the model.
import { createRng, generate, type PolicyValueModel, type Tokenizer } from 'pama-tfjs';
import { scoreAll, type RewardSource } from 'pama-rewards';
import type { PromptSet } from '../corpus/prompts.js';
import type { AlignConfig } from '../config/align-config.js';
import { RewardFailure } from '../objectives/reward-failure.js';
import { reasonOf } from '../objectives/probe.js';

export interface Evaluation {
  readonly means: Record<string, number>;
  readonly prompts: readonly string[];
  readonly responses: readonly string[];
}

/** Seed of the evaluation sampler: fixed, and distinct from training seeds. */
export const EVAL_SEED = 20250807;

export async function evaluate(
  model: PolicyValueModel,
  tokenizer: Tokenizer,
  prompts: PromptSet,
  sources: readonly RewardSource[],
  config: AlignConfig,
  stopIds?: readonly number[],
): Promise<Evaluation> {
  const rng = createRng(EVAL_SEED);
  const gen = await generate(model, prompts.tokens as number[][], {
    maxNewTokens: config.generation.maxNewTokens,
    temperature: config.generation.temperature,
    topK: config.generation.topK,
    eosId: tokenizer.eosId,
    ...(stopIds === undefined ? {} : { stopIds }),
    rng,
  });
  const stops = new Set([tokenizer.eosId, ...(stopIds ?? [])]);
  const width = gen.promptLength + gen.maxNewTokens;
  const responses: string[] = [];
  for (let b = 0; b < gen.batchSize; b++) {
    const ids = Array.from(gen.tokens.subarray(b * width + gen.promptLength, b * width + gen.promptLength + gen.responseLengths[b])).filter(
      (id: number) => !stops.has(id),
    );
    responses.push(tokenizer.decode(ids));
  }
  const items = prompts.texts.map((prompt, b) => ({ prompt, response: responses[b] }));
  const scored = await scoreAll(sources, items)();
  if (scored._tag === 'Left') {
    throw new RewardFailure(scored.left.source, `scoring evaluation responses: ${reasonOf(scored.left)}`, { cause: scored.left });
  }
  const matrix = scored.right;
  const means: Record<string, number> = {};
  sources.forEach((s, j) => {
    let sum = 0;
    for (let b = 0; b < items.length; b++) sum += matrix.get(b, j);
    means[s.name] = sum / items.length;
  });
  return { means, prompts: prompts.texts, responses };
}
