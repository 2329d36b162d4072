import * as E from 'fp-ts/lib/Either.js';
import { RewardConfigError, requireName } from '../reward-config-error.js';
import { RewardError } from '../reward-error.js';
import type { RewardSource } from '../reward-source.js';
import { checkItems } from '../score-validation.js';
import { defaultSentimentAnalyser, polarityFunction, type SentimentAnalyserName } from '../sentiment/sentiment-analysers.js';

export interface SentimentRewardOptions {
  readonly name?: string;
  /** `'vader'` (default, more accurate on our labelled sample) or `'afinn'`. */
  readonly analyser?: SentimentAnalyserName;
}

/** Rewards the polarity of the response text, in [-1, 1] (positive is rewarded). */
export function sentimentReward(options: SentimentRewardOptions = {}): RewardSource {
  const name = requireName('name', options.name ?? 'sentiment');
  const analyser = options.analyser ?? defaultSentimentAnalyser;
  if (analyser !== 'vader' && analyser !== 'afinn') throw new RewardConfigError('analyser', analyser, "must be 'vader' or 'afinn'");
  const polarity = polarityFunction(analyser);
  return {
    name,
    score: (items) => async () => {
      const checked = checkItems(name, items);
      if (E.isLeft(checked)) return checked;
      const out = new Float64Array(items.length);
      for (let i = 0; i < items.length; i++) {
        let p: number;
        try {
          p = polarity(items[i].response);
        } catch (error) {
          return E.left(new RewardError(name, { kind: 'function-threw', error }, { item: i }));
        }
        if (!Number.isFinite(p)) return E.left(new RewardError(name, { kind: 'non-finite', value: p }, { item: i }));
        out[i] = p;
      }
      return E.right(out);
    },
  };
}
