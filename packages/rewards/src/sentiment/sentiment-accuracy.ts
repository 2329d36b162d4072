import { polarityFunction, type SentimentAnalyserName } from './sentiment-analysers.js';

export interface LabelledSentence {
  readonly text: string;
  readonly label: 'positive' | 'negative';
}

export interface SentimentAccuracy {
  readonly analyser: SentimentAnalyserName;
  readonly correct: number;
  /** Sentences scored exactly 0 (no opinion words found); they count as wrong. */
  readonly neutral: number;
  readonly total: number;
  readonly accuracy: number;
}

/** Accuracy of an analyser's sign on a labelled sample; a polarity of exactly 0 is a miss. */
export function measureSentimentAccuracy(analyser: SentimentAnalyserName, sample: ReadonlyArray<LabelledSentence>): SentimentAccuracy {
  const polarity = polarityFunction(analyser);
  let correct = 0;
  let neutral = 0;
  for (const { text, label } of sample) {
    const p = polarity(text);
    if (p === 0) neutral++;
    else if ((p > 0) === (label === 'positive')) correct++;
  }
  return { analyser, correct, neutral, total: sample.length, accuracy: sample.length === 0 ? 0 : correct / sample.length };
}
