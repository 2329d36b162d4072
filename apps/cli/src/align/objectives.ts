// The two objectives of the embedded task: lexicon sentiment and the paper's clipped length,
// scaled to this model's response lengths.
import { lengthReward, sentimentReward, type RewardSource } from 'pama-rewards';
import type { Tokenizer } from 'pama-tfjs';
import type { AlignConfig } from '../config/align-config.js';

export const OBJECTIVES = ['sentiment', 'length'] as const;

/**
 * The paper rewards clip(l / 140, 70/140, 210/140) for responses of up to ~210 tokens; here the
 * scale is two thirds of the response budget, so the reward saturates at the budget as there.
 */
export function lengthScale(config: AlignConfig): number {
  return config.rewards.length.scale ?? (config.generation.maxNewTokens * 140) / 210;
}

export function objectiveSources(config: AlignConfig, tokenizer: Tokenizer): RewardSource[] {
  const countTokens = (text: string) =>
    tokenizer.encode(text).filter((id) => id !== tokenizer.bosId && id !== tokenizer.eosId && id !== tokenizer.padId).length;
  return [
    sentimentReward({ name: 'sentiment' }),
    lengthReward({ name: 'length', unit: 'tokens', tokenizer: countTokens, scale: 1 / lengthScale(config), min: config.rewards.length.low, max: config.rewards.length.high }),
  ];
}
