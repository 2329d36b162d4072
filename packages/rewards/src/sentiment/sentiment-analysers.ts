import Sentiment from 'sentiment';
import vader from 'vader-sentiment';

/** The lexicon analysers this package can use; both map a text to a polarity in [-1, 1]. */
export type SentimentAnalyserName = 'vader' | 'afinn';

/**
 * The default analyser, chosen by accuracy on the labelled sample in
 * `test/fixtures/sentiment-sample.json` (see the README for the figures).
 */
export const defaultSentimentAnalyser: SentimentAnalyserName = 'vader';

export type PolarityOf = (text: string) => number;

/** VADER's `compound` score, already normalised to [-1, 1]. */
const vaderPolarity: PolarityOf = (text) => vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;

let afinn: Sentiment | undefined;
/** AFINN-165's comparative score (mean word valence, in [-5, 5]) divided by 5. */
const afinnPolarity: PolarityOf = (text) => {
  afinn ??= new Sentiment();
  const polarity = afinn.analyze(text).comparative / 5;
  return Number.isFinite(polarity) ? Math.max(-1, Math.min(1, polarity)) : 0;
};

export function polarityFunction(name: SentimentAnalyserName): PolarityOf {
  return name === 'vader' ? vaderPolarity : afinnPolarity;
}
