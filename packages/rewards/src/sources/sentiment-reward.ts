import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { RewardConfigError, requireName } from '../reward-config-error.js';
import type { RewardSource } from '../reward-source.js';
import { checkItems, scoreEachSync } from '../score-validation.js';
import { defaultSentimentAnalyser, polarityFunction, type SentimentAnalyserName } from '../sentiment/sentiment-analysers.js';

/** Options of {@link sentimentReward}. */
export interface SentimentRewardOptions {
  /** Source name (default `'sentiment'`). */
  readonly name?: string;
  /** `'vader'` (default, more accurate on our labelled sample) or `'afinn'`. */
  readonly analyser?: SentimentAnalyserName;
}

/**
 * Rewards the polarity of the response text, in [-1, 1] (positive is rewarded).
 *
 * @example
 * const result = await sentimentReward({ analyser: 'afinn' }).score([{ prompt: '', response: 'great' }])();
 * // Right(Float64Array [0.6])
 */
export function sentimentReward(options: SentimentRewardOptions = {}): RewardSource {
  const name = requireName('name', options.name ?? 'sentiment');
  const analyser = options.analyser ?? defaultSentimentAnalyser;
  if (analyser !== 'vader' && analyser !== 'afinn') throw new RewardConfigError('analyser', analyser, "must be 'vader' or 'afinn'");
  const polarity = polarityFunction(analyser);
  return {
    name,
    score: (items) =>
      pipe(
        TE.fromEither(checkItems(name, items)),
        TE.chainEitherK((checked) => scoreEachSync(name, checked, (item) => polarity(item.response))),
      ),
  };
}
