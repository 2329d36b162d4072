import { polarityFunction, type SentimentAnalyserName } from './sentiment-analysers.js';

/** A sentence with its known sentiment, for {@link measureSentimentAccuracy}. */
export interface LabelledSentence {
  readonly text: string;
  readonly label: 'positive' | 'negative';
}

/** How often an analyser's sign matched the labels. */
export interface SentimentAccuracy {
  readonly analyser: SentimentAnalyserName;
  /** Sentences whose polarity had the label's sign. */
  readonly correct: number;
  /** Sentences scored exactly 0 (no opinion words found); they count as wrong. */
  readonly neutral: number;
  readonly total: number;
  /** correct / total (0 for an empty sample). */
  readonly accuracy: number;
}

/**
 * Accuracy of an analyser's sign on a labelled sample; a polarity of exactly 0 is a miss.
 *
 * @example
 * measureSentimentAccuracy('vader', [{ text: 'What a lovely day', label: 'positive' }, { text: 'This is awful', label: 'negative' }]);
 * // { analyser: 'vader', correct: 2, neutral: 0, total: 2, accuracy: 1 }
 */
export function measureSentimentAccuracy(analyser: SentimentAnalyserName, sample: ReadonlyArray<LabelledSentence>): SentimentAccuracy {
  const polarity = polarityFunction(analyser);
  let correct = 0;
  let neutral = 0;
  for (const { text, label } of sample) {
    const p = polarity(text);
    if (p === 0) neutral++;
    else if (p > 0 === (label === 'positive')) correct++;
  }
  return { analyser, correct, neutral, total: sample.length, accuracy: sample.length === 0 ? 0 : correct / sample.length };
}
